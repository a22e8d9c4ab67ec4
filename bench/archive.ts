/**
 * Caseload cost as the archive grows: the tab's caseload pages (every view and filter it offers, on
 * its default "open" status) at 1,000 / 30,000 / 100,000 cases in one organisation, of which ~500 are
 * open, on the embedded store in its own process (as `npm start` runs it). One client, requests one
 * after another, so each figure is what a page costs, not a queue. Closed-case searches (status
 * closed, by reference and by customer) are listed too: they read the archive, so they grow with it.
 * Run: `npx tsx bench/archive.ts [--sizes 1000,30000,100000] [--requests 30]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { connectFromEnv } from '../store/connect';
import { ALL_SCOPE, growTo, OPEN, ORG } from './archive-data';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,30000,100000' }, requests: { type: 'string', default: '30' } } });
const SIZES = args.sizes.split(',').map(Number);
const REQUESTS = Number(args.requests);

/** The tab's lists: [label, user, query]. Every one on the tab's default status, "open". */
const PAGES: [string, string, string][] = [
  ['all', 'demo-director', 'view=all&status=open'],
  ['mine', 'demo-handler', 'view=mine&status=open'],
  ['team', 'demo-head-of-service', 'view=team&status=open'],
  ['sign-off queue', 'demo-head-of-service', 'view=signoff'],
  ['all, overdue', 'demo-director', 'view=all&status=open&overdue=true'],
  ['all, stage 2', 'demo-director', 'view=all&status=open&stage=2'],
  ['all, one service', 'demo-director', 'view=all&status=open&service=Housing%20Repairs'],
  ['all, one owner', 'demo-director', 'view=all&status=open&owner=demo-investigator'],
  ['all, text', 'demo-director', 'view=all&status=open&text=repair'],
  ['all, newest first', 'demo-director', 'view=all&status=open&sort=received'],
  ['all, by owner', 'demo-director', 'view=all&status=open&sort=owner'],
  ['all, page 2', 'demo-director', 'view=all&status=open&page=2'],
];
const COUNTS: [string, string] = ['counts (all views)', 'demo-head-of-service'];
/** Searching the archive: closed cases by reference and by customer name (grows with the archive). */
const ARCHIVE: [string, string, string][] = [
  ['closed, by reference', 'demo-director', 'view=all&status=closed&text={closedReference}'],
  ['closed, by customer', 'demo-director', 'view=all&status=closed&text=morag'],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CPU time (ms) a process has used so far, from /proc (Linux counts it in 10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** The embedded database child of this process (store/embedded-main.ts). */
function storeProcess(): number | undefined {
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === process.pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('embedded-main')) return Number(entry);
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}
let storePid: number | undefined;

async function timed(url: string, user: string, requests: number): Promise<{ p50: number; p95: number; items: number; cpu: number }> {
  const times: number[] = [];
  let items = 0;
  let cpuBefore = 0;
  for (let i = 0; i < requests + 3; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { 'x-dev-user': user } });
    const body = (await response.json()) as { items?: unknown[] };
    if (!response.ok) throw new Error(`${url} as ${user}: ${response.status} ${JSON.stringify(body)}`);
    if (i >= 3) times.push(performance.now() - started); // the first three warm the route up
    if (i === 2) cpuBefore = cpuMs(storePid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
    items = body.items?.length ?? 0;
  }
  times.sort((a, b) => a - b);
  const cpuAfter = cpuMs(storePid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  return { p50: percentile(times, 50), p95: percentile(times, 95), items, cpu: (cpuAfter - cpuBefore) / requests };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-archive-'));
  const connection = await connectFromEnv({ CHP_DATA_DIR: dataDir, COSMOS_DATABASE: 'bench' }, os.tmpdir(), { embedded: 'child' });
  const { store } = connection;
  const silent = { info: () => undefined, error: (m: string, f: Record<string, unknown>) => console.error(m, f) };
  const server = createApp({ store, devSignIn: true, logger: silent }).listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    const base = `http://127.0.0.1:${port}/api/caseload`;
    await seedDemo(store, { history: false });
    const state = { written: 0, open: await store.cases.count(ORG, { scope: ALL_SCOPE, status: [...OPEN] }) };
    storePid = storeProcess();
    const table: Record<string, Record<string, string>> = {};
    for (const size of SIZES) {
      const started = Date.now();
      await growTo(store, size, state);
      console.error(`  ${size.toLocaleString('en-GB')} cases (${state.open} open) written in ${((Date.now() - started) / 1000).toFixed(1)} s; load ${os.loadavg()[0].toFixed(1)}`);
      const column = `${size.toLocaleString('en-GB')}: p50 / p95 ms / CPU ms`;
      let continuation: string | undefined;
      const closed = await store.cases.listRows(ORG, { scope: ALL_SCOPE, status: ['stage1-closed'], sort: 'reference', limit: 1 });
      for (const [label, user, query] of [...PAGES, ...ARCHIVE]) {
        let url = `${base}?limit=25&${query.replace('&page=2', '').replace('{closedReference}', closed.items[0]?.reference ?? '')}`;
        if (query.endsWith('&page=2')) {
          continuation ??= ((await (await fetch(url, { headers: { 'x-dev-user': user } })).json()) as { continuation?: string }).continuation;
          if (continuation) url += `&continuation=${encodeURIComponent(continuation)}`;
        }
        const { p50, p95, items, cpu } = await timed(url, user, REQUESTS);
        (table[label] ??= {})[column] = `${p50.toFixed(1)} / ${p95.toFixed(1)} / ${cpu.toFixed(1)} (${items} rows)`;
      }
      const counts = await timed(`${base}/counts`, COUNTS[1], REQUESTS);
      (table[COUNTS[0]] ??= {})[column] = `${counts.p50.toFixed(1)} / ${counts.p95.toFixed(1)} / ${counts.cpu.toFixed(1)}`;
      continuation = undefined;
    }
    console.log(`\nCaseload pages by archive size (p50 / p95 latency; CPU ms per request of the API and the store together), one client, ${REQUESTS} requests each, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    console.table(table);
  } finally {
    server.closeAllConnections();
    server.close();
    await connection.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
