// Validates a filled app manifest offline: against Microsoft's official JSON schema (shipped in the npm package
// @microsoft/app-manifest, which the Microsoft 365 Agents Toolkit uses), then against the few cross-field rules
// that Teams enforces at upload time but a JSON schema cannot express.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The newest manifest schema version shipped offline by @microsoft/app-manifest (Outlook add-ins need 1.17+). */
export const MANIFEST_SCHEMA_VERSION = '1.30';

export function manifestSchemaPath(version = MANIFEST_SCHEMA_VERSION): string {
  const packageRoot = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(packageRoot, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
}

const compiled = new Map<string, ValidateFunction>();

function schemaValidator(version: string): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) {
    const schema = JSON.parse(readFileSync(manifestSchemaPath(version), 'utf8')) as Record<string, unknown>;
    // The official schemas declare draft-04 and carry a few non-standard annotations; same options as the toolkit.
    const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, strict: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    compiled.set(version, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(manifest root)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${where}: unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'enum') return `${where}: ${error.message} (${JSON.stringify(params.allowedValues)})`;
  return `${where}: ${error.message}`;
}

interface ManifestShape {
  manifestVersion?: unknown;
  bots?: { botId?: string }[];
  composeExtensions?: { botId?: string }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Every string that is an https URL, with its JSON path. */
function httpsUrls(value: unknown, path = ''): { path: string; url: string }[] {
  if (typeof value === 'string') return /^https:\/\//i.test(value) ? [{ path, url: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => httpsUrls(item, `${path}/${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => (key === '$schema' ? [] : httpsUrls(item, `${path}/${key}`)));
  return [];
}

function crossFieldProblems(manifest: ManifestShape): string[] {
  const problems: string[] = [];
  const botId = manifest.bots?.[0]?.botId;
  for (const [i, extension] of (manifest.composeExtensions ?? []).entries())
    if (botId && extension.botId !== botId)
      problems.push(`/composeExtensions/${i}/botId: must be the bot's id ${botId} (the message action is served by the bot)`);
  const app = manifest.webApplicationInfo;
  if (app?.id && app.resource && !app.resource.endsWith(`/${app.id}`))
    problems.push(`/webApplicationInfo/resource: must end with the app registration's client id ${app.id} for Teams SSO`);
  if (app?.resource && !/^api:\/\/[^/]+\/[^/]+$/.test(app.resource))
    problems.push(`/webApplicationInfo/resource: must look like api://HOST/CLIENT_ID, got "${app.resource}"`);
  // Teams and Outlook only load pages from domains the manifest declares.
  const domains = new Set(manifest.validDomains ?? []);
  for (const { path, url } of httpsUrls(manifest)) {
    const host = hostOf(url);
    if (path.startsWith('/developer/')) continue; // developer links open in a browser, not inside Teams
    if (!host) problems.push(`${path}: "${url}" is not a valid URL`);
    else if (!domains.has(host)) problems.push(`${path}: host "${host}" is not listed in validDomains`);
  }
  return problems;
}

/** Returns the problems with a filled manifest as sentences; an empty list means it is valid. */
export function validateManifest(manifest: unknown): string[] {
  const version = (manifest as ManifestShape | null)?.manifestVersion;
  if (version !== MANIFEST_SCHEMA_VERSION)
    return [`/manifestVersion: must be "${MANIFEST_SCHEMA_VERSION}" (the schema shipped offline), got ${JSON.stringify(version)}`];
  const validate = schemaValidator(MANIFEST_SCHEMA_VERSION);
  const schemaProblems = validate(manifest) ? [] : (validate.errors ?? []).map(describe);
  return [...new Set([...schemaProblems, ...crossFieldProblems(manifest as ManifestShape)])];
}
