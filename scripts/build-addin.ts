// Builds the Outlook add-in into addin/dist (served by the web server at /addin):
//   taskpane.js, auth-dialog.js (esbuild bundles of addin/src), the HTML pages, the stylesheet and the ribbon icons.
//   npm run build:web
// The sign-in dialog needs the app registration: AAD_APP_CLIENT_ID and APP_HOST (as for the app package);
// unset, the development defaults of scripts/package-app.ts are used.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ADDIN_DIR = resolve(__dirname, '..', 'addin');
const ICONS_DIR = resolve(__dirname, '..', 'appPackage', 'addin-icons');
const DEV_CLIENT_ID = '00000000-0000-4000-8000-00000000aad1';
const DEV_HOST = 'localhost:3978';

export async function buildAddin(options: { outDir?: string; minify?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const outDir = options.outDir ?? join(ADDIN_DIR, 'dist');
  const env = options.env ?? process.env;
  const clientId = env.AAD_APP_CLIENT_ID || env.ENTRA_CLIENT_ID || DEV_CLIENT_ID;
  const host = env.APP_HOST || DEV_HOST;
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: { taskpane: join(ADDIN_DIR, 'src', 'taskpane.ts'), 'auth-dialog': join(ADDIN_DIR, 'src', 'auth-dialog.ts') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    sourcemap: true,
    minify: options.minify ?? env.NODE_ENV === 'production',
    tsconfig: join(ADDIN_DIR, 'tsconfig.json'),
    define: {
      CHP_CLIENT_ID: JSON.stringify(clientId),
      CHP_API_SCOPE: JSON.stringify(`api://${host}/${clientId}/access_as_user`),
    },
    logLevel: 'warning',
  });
  for (const page of ['taskpane.html', 'auth-dialog.html', 'taskpane.css']) copyFileSync(join(ADDIN_DIR, page), join(outDir, page));
  for (const icon of readdirSync(ICONS_DIR).filter((f) => f.endsWith('.png'))) copyFileSync(join(ICONS_DIR, icon), join(outDir, 'assets', icon));
  return outDir;
}

if (require.main === module) {
  buildAddin()
    .then((outDir) => console.log(`Outlook add-in built into ${outDir}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
