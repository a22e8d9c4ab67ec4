// Builds the web front ends the server hosts: the Teams tab into tab/dist (served at /tab) and the
// Outlook add-in into addin/dist (served at /addin, see scripts/build-addin.ts).
//   npm run build:web            both
//   tsx scripts/build-web.ts tab only the tab
// The tab is ES modules: main.js (caseload and case view), a lazily loaded chunk for the report charts
// (Chart.js) and config.js (the channel tab's configuration page).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildAddin } from './build-addin';
import { themeCss, tokensNamedIn } from './tab-theme';

export const TAB_DIR = resolve(__dirname, '..', 'tab');

export async function buildTab(options: { outDir?: string; minify?: boolean } = {}): Promise<string> {
  const outDir = options.outDir ?? join(TAB_DIR, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    format: 'esm' as const,
    target: ['es2020'],
    platform: 'browser' as const,
    sourcemap: true,
    minify: options.minify ?? true,
    tsconfig: join(TAB_DIR, 'tsconfig.json'),
    jsx: 'automatic' as const,
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
    // Fluent SVG icons are inlined as text, only those the tab imports (tab/src/icons.ts).
    loader: { '.svg': 'text' as const },
  };
  // The tab splits off what it loads on demand (teams-js, the report charts); the configuration page is
  // built on its own so the two entry points share no small chunks that would cost extra round trips.
  await build({ ...common, entryPoints: { main: join(TAB_DIR, 'src', 'main.tsx') }, outdir: outDir, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
  await build({ ...common, entryPoints: { config: join(TAB_DIR, 'src', 'config.ts') }, outdir: outDir });
  copyFileSync(join(TAB_DIR, 'config.html'), join(outDir, 'config.html'));
  writeFileSync(join(outDir, 'styles.css'), withTheme(outDir));
  writeFileSync(join(outDir, 'index.html'), withPreloads(readFileSync(join(TAB_DIR, 'index.html'), 'utf8'), readFileSync(join(outDir, 'main.js'), 'utf8')));
  return outDir;
}

/** tab/styles.css after the Fluent token blocks for the tokens it and the built scripts (Fluent web components) name. */
function withTheme(outDir: string): string {
  const styles = readFileSync(join(TAB_DIR, 'styles.css'), 'utf8');
  const scripts = [outDir, join(outDir, 'chunks')].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dir, f), 'utf8')));
  return themeCss(tokensNamedIn([styles, ...scripts])) + styles;
}

/** Preload the chunks main.js imports statically, so the browser fetches them alongside it, not after. */
function withPreloads(html: string, mainJs: string): string {
  const chunks = [...new Set([...mainJs.matchAll(/(?:from|import)\s*"(\.\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]))];
  const links = chunks.map((href) => `    <link rel="modulepreload" href="${href}" />\n`).join('');
  return html.replace('    <link rel="modulepreload" href="main.js" />\n', (tag) => tag + links);
}

export async function buildWeb(): Promise<void> {
  await buildTab();
  await buildAddin();
}

if (require.main === module) {
  const only = process.argv[2];
  (only === 'tab' ? buildTab().then(() => undefined) : buildWeb())
    .then(() => console.log(only === 'tab' ? 'Teams tab built into tab/dist' : 'Teams tab built into tab/dist; Outlook add-in built into addin/dist'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
