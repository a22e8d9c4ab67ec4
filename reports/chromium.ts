/**
 * Which headless Chromium to start, for the PDF reports and the browser tests alike:
 *
 * 1. `CHP_CHROMIUM_PATH`, when set (a file that must exist: a wrong path is an error, not a fallback);
 * 2. else the system's Chromium (`/usr/bin/chromium`; `CHP_CHROMIUM_SYSTEM_PATHS`, colon-separated,
 *    replaces that list, and set empty it hides the system browser — how a machine without one is tried);
 * 3. else the Chromium inside the npm package `@sparticuz/chromium` (Linux x64): its compressed binary,
 *    fonts and the few shared libraries it needs are extracted to the temporary directory on first use.
 *    Nothing is downloaded, so Azure App Service's Node image (no Chromium) can print PDFs.
 *
 * The npm Chromium is given its own fonts (Open Sans, through its fonts.conf) and libraries (NSS,
 * NSPR, expat) through the browser's environment only, so its PDFs read the same on any machine,
 * with or without system fonts. Of the package's recommended flags we keep only what a normal host
 * needs: `--single-process`/`--no-zygote` are for Lambda's sandbox and would put every page in one
 * process; `--disable-web-security`, `--allow-running-insecure-content` and the site-isolation
 * switches would let tests pass that a real browser fails; SwiftShader/WebGL is unused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const DEFAULT_SYSTEM_PATHS: readonly string[] = ['/usr/bin/chromium'];

/** Flags for every Chromium: no sandbox (containers run as root), nothing phoning home. */
const COMMON_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** From the package's recommended flags: unhinted glyphs, so PDF text spacing does not depend on the host. */
const NPM_ARGS = [...COMMON_ARGS, '--font-render-hinting=none'];

export type ChromiumSource = 'CHP_CHROMIUM_PATH' | 'system' | 'npm';

export interface ChromiumChoice {
  source: ChromiumSource;
  /** What to pass to playwright-core's `chromium.launch`. */
  launch: Pick<LaunchOptions, 'executablePath' | 'args' | 'env'> & { executablePath: string; args: string[] };
}

export interface ChromiumSettings {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where a system Chromium may be; defaults to `CHP_CHROMIUM_SYSTEM_PATHS` or `DEFAULT_SYSTEM_PATHS`. */
  systemPaths?: readonly string[];
}

export function systemPathsFrom(env: NodeJS.ProcessEnv): readonly string[] {
  const listed = env.CHP_CHROMIUM_SYSTEM_PATHS;
  if (listed === undefined) return DEFAULT_SYSTEM_PATHS;
  return listed.split(':').filter((p) => p.trim() !== '');
}

export async function chooseChromium(settings: ChromiumSettings = {}): Promise<ChromiumChoice> {
  const env = settings.env ?? process.env;
  const configured = env.CHP_CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!fs.existsSync(configured)) {
      throw new Error(`CHP_CHROMIUM_PATH is "${configured}", but there is no file there: point it at a Chromium executable, or unset it to use /usr/bin/chromium or the Chromium of the npm package @sparticuz/chromium.`);
    }
    return { source: 'CHP_CHROMIUM_PATH', launch: { executablePath: configured, args: COMMON_ARGS } };
  }
  const system = (settings.systemPaths ?? systemPathsFrom(env)).find((p) => fs.existsSync(p));
  if (system) return { source: 'system', launch: { executablePath: system, args: COMMON_ARGS } };
  return { source: 'npm', launch: await npmChromium(env) };
}

/** Launch options for the Chromium `chooseChromium` picks from the process's environment. */
export async function chromiumLaunchOptions(): Promise<ChromiumChoice['launch']> {
  return (await chooseChromium()).launch;
}

export async function launchChromium(settings: ChromiumSettings = {}): Promise<Browser> {
  return chromium.launch((await chooseChromium(settings)).launch);
}

/** One extraction per process: concurrent first launches share it; a failed one is tried again next time. */
let extracting: Promise<{ executablePath: string; fontConfigDir: string; libDir: string }> | undefined;

async function npmChromium(env: NodeJS.ProcessEnv): Promise<ChromiumChoice['launch']> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No Chromium found, and the one in the npm package @sparticuz/chromium runs on Linux x64 only (this is ${process.platform} ${process.arch}): install Chromium and set CHP_CHROMIUM_PATH to its executable.`);
  }
  extracting ??= extractNpmChromium().catch((error: unknown) => {
    extracting = undefined;
    throw error;
  });
  const { executablePath, fontConfigDir, libDir } = await extracting;
  const libraryPath = [libDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    executablePath,
    args: NPM_ARGS,
    env: { ...stringEntries(env), FONTCONFIG_PATH: fontConfigDir, LD_LIBRARY_PATH: libraryPath },
  };
}

async function extractNpmChromium(): Promise<{ executablePath: string; fontConfigDir: string; libDir: string }> {
  const { default: Chromium, inflate } = await import('@sparticuz/chromium');
  // The package extracts chromium.br and fonts.tar.br (to <tmp>/chromium and <tmp>/fonts) itself; the
  // libraries it extracts only on Amazon Linux, yet Debian-based images may lack them too.
  const executablePath = await Chromium.executablePath();
  const bin = path.join(path.dirname(require.resolve('@sparticuz/chromium')), '..', 'bin');
  const libRoot = await inflate(path.join(bin, 'al2023.tar.br'));
  return { executablePath, fontConfigDir: path.join(os.tmpdir(), 'fonts'), libDir: path.join(libRoot, 'lib') };
}

function stringEntries(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
