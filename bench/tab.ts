/**
 * The Teams tab: first-load time on loopback (headless Chromium, a fresh browser context each time so
 * nothing is cached: navigation start to the caseload's rows rendered) and the gzip size of the tab
 * bundle (what a first load fetches, and everything including the lazily loaded chunks). Targets:
 * first load < 1 s, first-load files ≤ 60 KB gzip, whole bundle ≤ 250 KB gzip. The caseload holds the demo cases plus
 * TAB_BENCH_CASES generated ones (default 2,000). Run: `npx tsx bench/tab.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { WorkingCalendar } from '../core/calendar';
import type { Case } from '../core/types';
import { launchChromium } from '../reports/chromium';
import { startTabServer } from '../test/tab/server';
import { generateCaseBatches } from './generate-cases';

const RUNS = 9;
const EXTRA_CASES = Number(process.env.TAB_BENCH_CASES ?? 2000);
const LOAD_TARGET_MS = 1000;
const SIZE_TARGET_KB = 250;
/** What the first load may fetch, gzip (issue: the tab used all day keeps the first load small). */
const FIRST_LOAD_TARGET_KB = 60;
const DIST = path.resolve(__dirname, '..', 'tab', 'dist');

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function table(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [n, row] of rows.entries()) {
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Files the first load fetches: the page, its stylesheet, main.js and the chunks main.js imports statically. */
function firstLoadFiles(): Set<string> {
  const files = new Set(['index.html', 'styles.css', 'main.js']);
  const queue = ['main.js'];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const source = fs.readFileSync(path.join(DIST, file), 'utf8');
    // Static imports only (`import{…}from"./chunks/x.js"`); `import("./chunks/y.js")` is loaded later.
    for (const match of source.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]*from\s*)?["'](\.\/[^"']+)["']/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]));
      if (!files.has(target)) {
        files.add(target);
        queue.push(target);
      }
    }
  }
  return files;
}

function bundleSizes(): { rows: string[][]; firstLoadGzip: number; totalGzip: number } {
  const firstLoad = firstLoadFiles();
  const all = ['index.html', 'config.html', 'styles.css', ...fs.readdirSync(DIST).filter((f) => f.endsWith('.js')), ...fs.readdirSync(path.join(DIST, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)];
  let firstLoadGzip = 0;
  let totalGzip = 0;
  const rows = [['file', 'raw KB', 'gzip KB', 'loaded']];
  for (const file of all) {
    const body = fs.readFileSync(path.join(DIST, file));
    const gz = gzipSync(body, { level: 9 }).length;
    totalGzip += gz;
    const first = firstLoad.has(file);
    if (first) firstLoadGzip += gz;
    rows.push([file, kb(body.length), kb(gz), first ? 'first load' : file.startsWith('config') ? 'config page' : 'on demand']);
  }
  return { rows, firstLoadGzip, totalGzip };
}

async function addCases(store: Awaited<ReturnType<typeof startTabServer>>['store'], count: number): Promise<void> {
  const org = await store.orgs.get('glenmore');
  if (!org || count <= 0) return;
  const today = new Date().toISOString().slice(0, 10);
  const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const batches = generateCaseBatches(count, 50, { org: org.settings, calendar: new WorkingCalendar(), from, to: today, today, firstSequence: 500_000 });
  for (const batch of batches) {
    const owned: Case[] = batch.map((c, i) => ({ ...c, orgId: 'glenmore', owner: ['demo-handler', 'demo-investigator', 'demo-director'][i % 3] }));
    await Promise.all(owned.map((c) => store.cases.create(c)));
  }
}

async function main(): Promise<void> {
  const setupStarted = performance.now();
  const server = await startTabServer();
  await addCases(server.store, EXTRA_CASES);
  console.log(`Server with the demo cases and ${EXTRA_CASES} generated ones ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s.`);

  const browser = await launchChromium();
  const times: number[] = [];
  const warm: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.baseUrl}/tab/?devUser=demo-director`);
      await page.waitForSelector('.table-wrap[data-view] tbody tr');
      times.push(performance.now() - started);
      // The same page again with the browser's cache (a person reopening the tab).
      const again = performance.now();
      await page.reload();
      await page.waitForSelector('.table-wrap[data-view] tbody tr');
      warm.push(performance.now() - again);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const cold = [...times].sort((a, b) => a - b);
  const cached = [...warm].sort((a, b) => a - b);
  const sizes = bundleSizes();
  console.log(`\nFirst load on loopback: navigation to the caseload rendered (${RUNS} runs, fresh context each)`);
  table([
    ['measure', 'median ms', 'p90 ms', 'max ms', 'target', 'result'],
    ['first load (cold)', cold[Math.floor(RUNS / 2)].toFixed(0), percentile(cold, 90).toFixed(0), cold[RUNS - 1].toFixed(0), `< ${LOAD_TARGET_MS} ms`, percentile(cold, 90) < LOAD_TARGET_MS ? 'ok' : 'MISSED'],
    ['reload (cached)', cached[Math.floor(RUNS / 2)].toFixed(0), percentile(cached, 90).toFixed(0), cached[RUNS - 1].toFixed(0), '', ''],
  ]);
  console.log('\nTab bundle (tab/dist), gzip level 9');
  table(sizes.rows);
  console.log('');
  table([
    ['bundle', 'gzip KB', 'target', 'result'],
    ['first load', kb(sizes.firstLoadGzip), `≤ ${FIRST_LOAD_TARGET_KB} KB`, sizes.firstLoadGzip <= FIRST_LOAD_TARGET_KB * 1024 ? 'ok' : 'MISSED'],
    ['everything', kb(sizes.totalGzip), `≤ ${SIZE_TARGET_KB} KB`, sizes.totalGzip <= SIZE_TARGET_KB * 1024 ? 'ok' : 'MISSED'],
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
