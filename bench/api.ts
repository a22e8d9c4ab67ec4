/**
 * API latency under load: 50 concurrent connections (autocannon) against the real app on the
 * embedded store, for logging a case, reading one, a caseload page (GET /api/cases) and the tab's
 * caseload page (GET /api/caseload). Prints p50/p95/p99 per route. The server runs in a child
 * process and reaches the store as `npm start` does (store/connect.ts: the embedded server in a
 * process of its own; `--store-in-process` puts it in the server's process, as before); autocannon
 * runs here. Each route first gets `--warmup N` unmeasured requests (default 500; 0 measures a
 * freshly started server). Run: `npx tsx bench/api.ts [--cases N] [--page-requests N] [--warmup N]` (or
 * `npm run bench`, which runs every bench; bench/caseload.ts runs this with 100,000 cases).
 * `--cases N` first writes N generated cases into the demo organisation straight through the
 * cases container (transactional batches of 100, not through HTTP; the bench does not maintain
 * their report aggregates).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { connectFromEnv } from '../store/connect';
import type { Store } from '../store/index';
import { parseArgs } from 'node:util';
import type { JSONObject, OperationInput } from '@azure/cosmos';
import { contributionOf, startAggregateFolder } from '../store/aggregates';
import { toDocument } from '../store/case-document';
import { generateCaseBatches, MemoCalendar } from './generate-cases';

/** The part of autocannon's API used here (the package ships no types). */
interface CannonRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (request: { path?: string }) => { path?: string };
  onResponse?: (status: number, body: string) => void;
}
interface CannonOptions { url: string; amount: number; connections?: number; timeout?: number; requests: CannonRequest[] }
interface CannonResult { requests: { total: number }; duration: number; non2xx: number; errors: number }
interface CannonInstance extends PromiseLike<CannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: CannonOptions) => CannonInstance;

const CONNECTIONS = 50;
const { values: args } = parseArgs({ options: { serve: { type: 'boolean', default: false }, 'store-in-process': { type: 'boolean', default: false }, cases: { type: 'string', default: '0' }, 'page-requests': { type: 'string', default: '2000' }, warmup: { type: 'string', default: '500' } } });
const EXTRA_CASES = Number(args.cases);
const PAGE_REQUESTS = Number(args['page-requests']);
const WARMUP_REQUESTS = Number(args.warmup);
const DEMO_ORG = 'glenmore';
const OWNERS = ['demo-handler', 'demo-investigator', 'demo-head-of-service'];
/** With 100,000 cases a local page is a full scan (~1 s of CPU), so 50 clients queue past autocannon's 60 s timeout: use 10. */
const PAGE_CONNECTIONS = EXTRA_CASES > 0 ? 10 : CONNECTIONS;
const silent = { info: () => undefined, error: (m: string, f: Record<string, unknown>) => console.error(m, f) };

interface Row {
  route: string;
  requests: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  /** CPU milliseconds per request spent by the API process and by the database process (Linux /proc). */
  apiCpu?: number;
  storeCpu?: number;
}

/** Processes whose CPU time is counted per route: the API server and its embedded database child. */
const measured: { api?: number; store?: number } = {};
/** Linux counts process CPU time in clock ticks of 10 ms (CLK_TCK = 100). */
const MS_PER_TICK = 10;

/** CPU time (ms) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** The embedded database process the API server started (its child running store/embedded-main). */
function embeddedChildOf(parent: number): number | undefined {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        if (ppid === parent && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('embedded-main')) return Number(entry);
      } catch {
        // The process ended while being looked at.
      }
    }
  } catch {
    // No /proc: CPU per request is not reported.
  }
  return undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(route: string, options: CannonOptions): Promise<Row> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  // A slow answer is a latency to report, not an error: allow 60 s before autocannon gives up.
  const cpuBefore = [cpuMs(measured.api), cpuMs(measured.store)];
  const instance = autocannon({ connections: CONNECTIONS, timeout: 60, ...options });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await instance;
  const perRequest = (after: number | undefined, before: number | undefined) => (after === undefined || before === undefined || latencies.length === 0 ? undefined : (after - before) / latencies.length);
  const apiCpu = perRequest(cpuMs(measured.api), cpuBefore[0]);
  const storeCpu = perRequest(cpuMs(measured.store), cpuBefore[1]);
  latencies.sort((a, b) => a - b);
  if (result.non2xx + result.errors > 0) console.error(`${route}: statuses ${JSON.stringify([...statuses])}, connection errors ${result.errors}`);
  console.error(`  ${route}: p50 ${Math.round(percentile(latencies, 50))} ms, p95 ${Math.round(percentile(latencies, 95))} ms (${latencies.length} requests)`);
  return {
    route,
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: result.requests.total / result.duration,
    apiCpu,
    storeCpu,
  };
}

/** The server side: store, seed and app, in a child process so the load generator does not share its event loop. */
async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-api-'));
  const connection = await connectFromEnv({ CHP_DATA_DIR: dataDir, COSMOS_DATABASE: 'bench' }, os.tmpdir(), { embedded: args['store-in-process'] ? 'in-process' : 'child' });
  const { store } = connection;
  await seedDemo(store);
  if (EXTRA_CASES > 0) await writeGeneratedCases(store, EXTRA_CASES);
  const app = createApp({ store, devSignIn: true, logger: silent });
  // As server/main.ts does: fold the case writes' aggregate deltas in the background.
  const stopFolder = startAggregateFolder(store, { holder: 'bench-api', intervalMs: 2_000 });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  console.log(`LISTENING http://127.0.0.1:${address.port}`);
  // The bench process went away (Ctrl-C, killed): stop as on SIGTERM, leaving no server or store behind.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(async () => {
      await stopFolder();
      await connection.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

/** N generated cases in the demo organisation, 100 per transactional batch (one partition), owners spread. */
async function writeGeneratedCases(store: Store, count: number): Promise<void> {
  const org = await store.orgs.get(DEMO_ORG);
  if (!org) throw new Error(`the demo organisation ${DEMO_ORG} is missing`);
  const calendar = new MemoCalendar();
  const started = Date.now();
  let written = 0;
  const batches = generateCaseBatches(count, 100, { org: org.settings, calendar, from: '2025-04-01', to: '2026-11-20', today: '2026-11-25', seed: 3, firstSequence: 5_000_000 });
  for (const batch of batches) {
    const operations: OperationInput[] = batch.map((c, i) => {
      const owned = { ...c, owner: OWNERS[(written + i) % OWNERS.length], loggedBy: OWNERS[0] };
      return { operationType: 'Create', resourceBody: { ...toDocument(owned), reported: contributionOf(owned, calendar) } as unknown as JSONObject };
    });
    const { result } = await store.containers.cases.items.batch(operations, DEMO_ORG);
    if (!result || result.some((r) => r.statusCode >= 400)) throw new Error('a generated batch failed');
    written += batch.length;
    if (written % 20_000 === 0) console.error(`  … ${written.toLocaleString('en-GB')} generated cases written, ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  // BENCH_CPU_PROF=<dir>: profile the server process (node --cpu-prof) to see where its time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--require', 'tsx/cjs', __filename, '--serve', '--cases', String(EXTRA_CASES), ...(args['store-in-process'] ? ['--store-in-process'] : [])], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /LISTENING (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`the bench server exited before listening: ${out}`)));
  });
  measured.api = child.pid;
  if (child.pid !== undefined && !args['store-in-process']) measured.store = embeddedChildOf(child.pid);
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const server = await startServer();
  const url = server.url;
  const headers = { 'content-type': 'application/json', 'x-dev-user': 'demo-director' };
  const created: string[] = [];

  const body = JSON.stringify({
    kind: 'complaint',
    channel: 'email',
    customer: { withheldDetails: false, anonymous: false, name: 'Bench Customer', email: 'bench@example.org' },
    nature: 'Bin not collected on the scheduled day; third time this month.',
    service: 'Waste and Recycling',
  });
  // Warm-up, not measured: a server that has just started compiles its code paths (JIT, lazily
  // loaded modules) on the first requests; the figures below are of a server in use.
  if (WARMUP_REQUESTS > 0) console.error(`  warming up: ${WARMUP_REQUESTS} requests on each route (not measured)`);
  const warm = async (path: string, request: CannonRequest) => WARMUP_REQUESTS > 0 && (await autocannon({ url: `${url}${path}`, amount: WARMUP_REQUESTS, connections: 10, timeout: 60, requests: [request] }));
  await warm('/api/cases', { method: 'POST', headers, body, onResponse: (status, text) => void (status === 201 && created.push((JSON.parse(text) as { reference: string }).reference)) });
  await warm('', { method: 'GET', headers, setupRequest: (request) => ({ ...request, path: `/api/cases/${created[Math.floor(Math.random() * created.length)]}` }) });
  await warm('/api/cases?limit=25&sort=due&status=stage1,stage2', { method: 'GET', headers });
  await warm('/api/caseload?view=all&limit=25', { method: 'GET', headers });
  await warm('/api/caseload?view=mine&limit=25', { method: 'GET', headers: { ...headers, 'x-dev-user': 'demo-handler' } });

  const rows: Row[] = [];
  rows.push(
    await measure('POST /api/cases (log a case)', {
      url: `${url}/api/cases`,
      amount: 1_000,
      requests: [
        {
          method: 'POST',
          headers,
          body,
          onResponse: (status, text) => {
            if (status === 201) created.push((JSON.parse(text) as { reference: string }).reference);
          },
        },
      ],
    }),
  );
  let next = 0;
  rows.push(
    await measure('GET /api/cases/:ref', {
      url,
      amount: 5_000,
      requests: [
        {
          method: 'GET',
          headers,
          setupRequest: (request) => {
            request.path = `/api/cases/${created[next++ % created.length]}`;
            return request;
          },
        },
      ],
    }),
  );
  rows.push(
    await measure(`GET /api/cases (caseload page of 25, ${PAGE_CONNECTIONS} clients)`, {
      url: `${url}/api/cases?limit=25&sort=due&status=stage1,stage2`,
      amount: PAGE_REQUESTS,
      connections: PAGE_CONNECTIONS,
      requests: [{ method: 'GET', headers }],
    }),
  );
  rows.push(
    await measure(`GET /api/caseload (tab, all, ${PAGE_CONNECTIONS} clients)`, {
      url: `${url}/api/caseload?view=all&limit=25`,
      amount: PAGE_REQUESTS,
      connections: PAGE_CONNECTIONS,
      requests: [{ method: 'GET', headers }],
    }),
  );
  rows.push(
    await measure(`GET /api/caseload (tab, mine, ${PAGE_CONNECTIONS} clients)`, {
      url: `${url}/api/caseload?view=mine&limit=25`,
      amount: PAGE_REQUESTS,
      connections: PAGE_CONNECTIONS,
      requests: [{ method: 'GET', headers: { ...headers, 'x-dev-user': 'demo-handler' } }],
    }),
  );
  if (EXTRA_CASES > 0) {
    // One person paging, no queue: what a page costs the local server by itself at this size.
    for (const [name, view, user] of [['all', 'all', 'demo-director'], ['mine', 'mine', 'demo-handler']]) {
      rows.push(
        await measure(`GET /api/caseload (tab, ${name}, 1 client)`, {
          url: `${url}/api/caseload?view=${view}&limit=25`,
          connections: 1,
          amount: 20,
          requests: [{ method: 'GET', headers: { ...headers, 'x-dev-user': user } }],
        }),
      );
    }
  }

  const where = args['store-in-process'] ? 'in the server process' : 'in its own process';
  console.log(`\nAPI latency, ${CONNECTIONS} concurrent connections, embedded store ${where}${EXTRA_CASES ? ` with ${EXTRA_CASES.toLocaleString('en-GB')} generated cases` : ''}, ${os.cpus().length} CPUs (load ${os.loadavg()[0].toFixed(1)})\n`);
  console.table(
    rows.map((r) => ({
      route: r.route,
      requests: r.requests,
      'errors/non-2xx': r.non2xx,
      'p50 ms': Math.round(r.p50),
      'p95 ms': Math.round(r.p95),
      'p99 ms': Math.round(r.p99),
      'req/s': Math.round(r.rps),
      'API CPU ms/req': r.apiCpu?.toFixed(2) ?? 'n/a',
      'store CPU ms/req': r.storeCpu?.toFixed(2) ?? (args['store-in-process'] ? 'in API' : 'n/a'),
    })),
  );

  await server.stop();
  if (rows.some((r) => r.non2xx > 0)) {
    console.error('Some requests failed: the figures above are not valid.');
    process.exitCode = 1;
  }
}

(args.serve ? serve() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
