// Builds the Microsoft 365 app package (Teams bot, message action, tabs and the Outlook add-in in one manifest):
// fills the ${{NAME}} placeholders in appPackage/manifest.json from environment variables, validates the result
// offline against the official schema, and zips manifest + icons into appPackage/build/app.zip.
//
//   npm run package              # every setting from the environment; a missing one is an error
//   npm run package -- --dev     # local development: unset settings fall back to DEV_DEFAULTS below
//   npm run package -- --out path/to/app.zip
import { readFileSync, mkdirSync, createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ZipFile } from 'yazl';
import { validateManifest } from './manifest-validation';

export const APP_PACKAGE_DIR = resolve(__dirname, '..', 'appPackage');
export const DEFAULT_OUT_FILE = join(APP_PACKAGE_DIR, 'build', 'app.zip');
/** Files zipped beside manifest.json (names as the manifest refers to them). */
export const PACKAGE_ICONS = ['color.png', 'outline.png'] as const;

/**
 * Settings for a local, single-machine run (README: "Registering the bot and sideloading the app").
 * The ids are fixed, recognisable GUIDs: fine for a package you only inspect or sideload into a developer
 * tenant with a matching bot registration; real deployments set their own ids from the Azure deployment outputs.
 */
export const DEV_DEFAULTS: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000c4a1',
  BOT_ID: '00000000-0000-4000-8000-00000000b07d',
  AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-00000000aad1',
  APP_HOST: 'localhost:3978',
  DEVELOPER_NAME: 'CHP complaints (development)',
};

const PLACEHOLDER = /\$\{\{([A-Za-z0-9_]+)\}\}/g;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** What each setting is, for error messages a person can act on. */
const SETTING_HELP: Record<string, string> = {
  TEAMS_APP_ID: 'a GUID you choose once for this app and keep (new: node -e "console.log(crypto.randomUUID())")',
  BOT_ID: "the Microsoft App ID of the Azure Bot (deployment output 'botAppId')",
  AAD_APP_CLIENT_ID: 'the client id of the Entra app registration used for SSO (often the same as BOT_ID)',
  APP_HOST: "the public host name of the web server, without https:// (deployment output 'appHost')",
  DEVELOPER_NAME: 'the publishing organisation, at most 32 characters',
  APP_VERSION: 'the app version, e.g. 1.2.0 (defaults to package.json version)',
};

export class MissingSettingsError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `Cannot build the app package: ${missing.length === 1 ? 'this setting is' : 'these settings are'} not set:\n` +
        missing.map((name) => `  ${name}: ${SETTING_HELP[name] ?? 'set it in the environment'}`).join('\n') +
        '\nSet them in the environment (or in .env), or run `npm run package -- --dev` for local development defaults.',
    );
    this.name = 'MissingSettingsError';
  }
}

export class InvalidManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`The filled app manifest is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'InvalidManifestError';
  }
}

export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Replaces every ${{NAME}} with values[NAME] (JSON-escaped, since placeholders sit inside JSON strings). */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string | undefined>>): string {
  const missing = placeholderNames(template).filter((name) => !values[name]?.trim());
  if (missing.length > 0) throw new MissingSettingsError(missing);
  return template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]!.trim()).slice(1, -1));
}

/** The values used to fill the template: the environment, over the dev defaults when `dev` is set. */
export function manifestSettings(env: NodeJS.ProcessEnv, dev: boolean): Record<string, string | undefined> {
  const packageVersion = (JSON.parse(readFileSync(join(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const values: Record<string, string | undefined> = { APP_VERSION: packageVersion, ...(dev ? DEV_DEFAULTS : {}) };
  for (const [name, value] of Object.entries(env)) if (value?.trim()) values[name] = value;
  // People paste the URL; the manifest wants the host.
  if (values.APP_HOST) values.APP_HOST = values.APP_HOST.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  return values;
}

function settingProblems(values: Record<string, string | undefined>): string[] {
  return ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID']
    .filter((name) => values[name] && !GUID.test(values[name]!.trim()))
    .map((name) => `${name} must be a GUID like 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b, got "${values[name]}"`);
}

/** Fills and validates the manifest; throws MissingSettingsError or InvalidManifestError. */
export function buildManifest(values: Record<string, string | undefined>, templatePath = join(APP_PACKAGE_DIR, 'manifest.json')): Record<string, unknown> {
  const filled = fillPlaceholders(readFileSync(templatePath, 'utf8'), values);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const problems = [...settingProblems(values), ...validateManifest(manifest)];
  if (problems.length > 0) throw new InvalidManifestError(problems);
  return manifest;
}

export interface PackageOptions {
  env: NodeJS.ProcessEnv;
  dev: boolean;
  outFile?: string;
}

/** Writes the app package zip and returns where, with the manifest it holds. */
export async function packageApp(options: PackageOptions): Promise<{ outFile: string; manifest: Record<string, unknown> }> {
  const manifest = buildManifest(manifestSettings(options.env, options.dev));
  const outFile = resolve(options.outFile ?? DEFAULT_OUT_FILE);
  mkdirSync(dirname(outFile), { recursive: true });
  const zip = new ZipFile();
  // A fixed timestamp keeps the zip byte-identical for the same inputs.
  const mtime = new Date('2020-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime });
  for (const icon of PACKAGE_ICONS) zip.addBuffer(readFileSync(join(APP_PACKAGE_DIR, icon)), icon, { mtime });
  zip.end();
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(outFile);
    out.on('close', () => done());
    out.on('error', fail);
    zip.outputStream.on('error', fail).pipe(out);
  });
  return { outFile, manifest };
}

function parseArgs(argv: string[]): { dev: boolean; outFile?: string } {
  const args = { dev: false, outFile: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dev') args.dev = true;
    else if (argv[i] === '--out') args.outFile = argv[++i];
    else throw new Error(`Unknown option "${argv[i]}". Use --dev and/or --out FILE.`);
  }
  return args;
}

if (require.main === module) {
  (async () => {
    // A local .env is a convenience only; real values come from the environment (CI, deployment outputs).
    (await import('dotenv')).config({ quiet: true });
    const args = parseArgs(process.argv.slice(2));
    const { outFile, manifest } = await packageApp({ env: process.env, ...args });
    console.log(`App package written: ${outFile}`);
    console.log(`  app id ${String(manifest.id)}, version ${String(manifest.version)}, manifest ${String(manifest.manifestVersion)}`);
    if (args.dev) console.log('  built with development defaults for unset settings: sideload only into a developer tenant');
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
