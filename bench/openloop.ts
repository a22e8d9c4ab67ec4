/**
 * An open-loop, mixed workload (issue 18, part 3): requests are sent at a constant arrival rate,
 * each at its scheduled time whether or not earlier ones have been answered (no closed-loop clients
 * that slow down with the server), and each latency is counted from the scheduled time, so a
 * stalled server or a late generator shows in the figures. The mix: 70 % caseload pages and case
 * reads (half each), 20 % card actions (assign, and closing stage 1 of a case this run logged, half
 * each, so the open working set stays ~500), 10 % logging a case. The data: the demo organisation
 * grown to 30,000 cases of which ~500 are open (bench/archive-data.ts). The API server runs in a
 * child process with the aggregate folder (as server/main.ts), its embedded store in a grandchild
 * (as `npm start`); the generator runs here.
 * The rate is stepped up (100, 150, 200, 300, 400 req/s by default) until a step misses the target
 * (p95 ≤ 50 ms and p99 ≤ 150 ms, no errors); the highest step that met it is reported.
 * Run: `npx tsx bench/openloop.ts [--duration 60] [--rates 100,150,200,300,400] [--cases 30000]`
 * (`--duration 10` for a quick run).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { connectFromEnv } from '../store/connect';
import { startAggregateFolder } from '../store/aggregates';
import { ALL_SCOPE, growTo, OPEN, ORG } from './archive-data';
import { cpuMs, embeddedStoreOf, loadAverage } from './processes';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    duration: { type: 'string', default: '60' },
    rates: { type: 'string', default: '100,150,200,300,400' },
    cases: { type: 'string', default: '30000' },
    warmup: { type: 'string', default: '10' },
  },
});
const DURATION_S = Number(args.duration);
const RATES = args.rates.split(',').map(Number);
const CASES = Number(args.cases);
const WARMUP_S = Number(args.warmup);
const TARGET = { p95: 50, p99: 150 };
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Server child

async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-openloop-'));
  const connection = await connectFromEnv({ CHP_DATA_DIR: dataDir, COSMOS_DATABASE: 'bench' }, os.tmpdir(), { embedded: 'child' });
  const { store } = connection;
  await seedDemo(store, { history: false });
  const state = { written: 0, open: await store.cases.count(ORG, { scope: ALL_SCOPE, status: [...OPEN] }) };
  const started = Date.now();
  await growTo(store, CASES, state);
  const total = await store.cases.count(ORG, { scope: ALL_SCOPE });
  const open = await store.cases.count(ORG, { scope: ALL_SCOPE, status: [...OPEN] });
  console.error(`  ${total.toLocaleString('en-GB')} cases (${open} open) in ${ORG}, written in ${((Date.now() - started) / 1000).toFixed(0)} s; load ${loadAverage()}`);
  const stopFolder = startAggregateFolder(store, { holder: 'bench-openloop', intervalMs: 2_000 });
  const server = createApp({ store, devSignIn: true, logger: { info: () => undefined, error: (m: string, f: Record<string, unknown>) => console.error(m, f) } }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  process.send?.({ ready: `http://127.0.0.1:${port}` });
  process.once('disconnect', () => {
    server.closeAllConnections();
    server.close(async () => {
      await stopFolder();
      await connection.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Load generator

type Kind = 'caseload page' | 'case read' | 'action' | 'create';
interface Sample { kind: Kind; ms: number; ok: boolean }

const CASE_BODY = JSON.stringify({
  kind: 'complaint',
  channel: 'email',
  customer: { withheldDetails: false, anonymous: false, name: 'Open Loop Customer', email: 'openloop@example.org' },
  nature: 'Repair reported three times; the engineer did not attend the booked appointment.',
  service: 'Housing Repairs',
});
const PAGES: [string, string][] = [
  ['demo-director', 'view=all&status=open'],
  ['demo-handler', 'view=mine&status=open'],
  ['demo-head-of-service', 'view=team&status=open'],
  ['demo-director', 'view=all&status=open&overdue=true'],
  ['demo-director', 'view=all&status=open&sort=received'],
];
const ACTOR = 'demo-director';
const ASSIGNEES = ['demo-handler', 'demo-investigator'];
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The cases the workload reads and acts on. */
interface Pool {
  /** References to read: the open working set and some closed cases. */
  readable: string[];
  /** Cases this run logged that stay open, with their owner: assigned to and fro, one assignment at a time each. */
  assignable: { reference: string; owner: string }[];
  /** Cases this run logged, open, waiting to be closed (each closed once). */
  closable: string[];
}

class Generator {
  constructor(
    private readonly url: string,
    private readonly pool: Pool,
  ) {}

  private async call(method: string, route: string, user: string, body?: string): Promise<{ ok: boolean; json?: unknown }> {
    try {
      const response = await fetch(`${this.url}${route}`, {
        method,
        headers: { 'x-dev-user': user, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const json = (await response.json()) as unknown;
      if (!response.ok) console.error(`  ${method} ${route}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
      return { ok: response.ok, json };
    } catch (err) {
      console.error(`  ${method} ${route}: ${(err as Error).message}`);
      return { ok: false };
    }
  }

  /** One request of the mix, chosen by a uniform draw in [0, 1). */
  async send(draw: number): Promise<{ kind: Kind; ok: boolean }> {
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
    if (draw < 0.35) {
      const [user, query] = pick(PAGES);
      return { kind: 'caseload page', ...(await this.call('GET', `/api/caseload?${query}&limit=25`, user)) };
    }
    if (draw < 0.7) return { kind: 'case read', ...(await this.call('GET', `/api/cases/${pick(this.pool.readable)}?via=tab`, ACTOR)) };
    if (draw < 0.9) {
      const closing = draw < 0.8 ? this.pool.closable.shift() : undefined;
      if (closing) return { kind: 'action', ...(await this.call('POST', `/api/cases/${closing}/actions`, ACTOR, JSON.stringify({ type: 'close-stage1', outcome: 'resolved', actionTaken: 'Engineer attended the next day and repaired it.', on: today() }))) };
      // A case out of the pool while its assignment is in flight, so two never race on one case
      // (the second would be told the person already handles it).
      const assigning = this.pool.assignable.shift();
      if (assigning) {
        const owner = ASSIGNEES.find((a) => a !== assigning.owner) ?? ASSIGNEES[0];
        const result = await this.call('POST', `/api/cases/${assigning.reference}/actions`, ACTOR, JSON.stringify({ type: 'assign', owner }));
        this.pool.assignable.push({ reference: assigning.reference, owner: result.ok ? owner : assigning.owner });
        return { kind: 'action', ...result };
      }
      // Only when every case of the pool is being assigned (an overloaded server): a read instead.
      return { kind: 'case read', ...(await this.call('GET', `/api/cases/${pick(this.pool.readable)}?via=tab`, ACTOR)) };
    }
    const created = await this.call('POST', '/api/cases', ACTOR, CASE_BODY);
    const reference = (created.json as { reference?: string } | undefined)?.reference;
    if (created.ok && reference) this.pool.closable.push(reference);
    return { kind: 'create', ok: created.ok };
  }

  /** Sends at `rate` per second for `seconds`, each request at its scheduled time; waits for every answer. */
  async run(rate: number, seconds: number): Promise<{ samples: Sample[]; lateMs: number }> {
    const total = Math.round(rate * seconds);
    const samples: Sample[] = [];
    const inFlight: Promise<void>[] = [];
    const start = performance.now() + 5;
    let lateMs = 0;
    for (let i = 0; i < total; i += 1) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      lateMs = Math.max(lateMs, performance.now() - due);
      inFlight.push(
        this.send(Math.random()).then(({ kind, ok }) => {
          // From the scheduled time: a late send is the server's (or machine's) delay too.
          samples.push({ kind, ok, ms: performance.now() - due });
        }),
      );
    }
    await Promise.all(inFlight);
    return { samples, lateMs };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: Sample[]): { p50: number; p95: number; p99: number; max: number; errors: number; count: number } {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, errors: samples.filter((s) => !s.ok).length, count: samples.length };
}

async function collectPool(url: string): Promise<Pool> {
  const pool: Pool = { readable: [], assignable: [], closable: [] };
  const get = async (route: string) => {
    const response = await fetch(`${url}${route}`, { headers: { 'x-dev-user': ACTOR } });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { items: { reference: string }[]; continuation?: string };
  };
  let continuation: string | undefined;
  do {
    const page = await get(`/api/caseload?view=all&status=open&limit=100${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
    pool.readable.push(...page.items.map((i) => i.reference));
    continuation = page.continuation;
  } while (continuation);
  pool.readable.push(...(await get('/api/caseload?view=all&status=closed&limit=100')).items.map((i) => i.reference));
  for (let i = 0; i < 100; i += 1) {
    const response = await fetch(`${url}/api/cases`, { method: 'POST', headers: { 'x-dev-user': ACTOR, 'content-type': 'application/json' }, body: CASE_BODY });
    if (!response.ok) throw new Error(`logging a case: ${response.status} ${await response.text()}`);
    const logged = (await response.json()) as { reference: string; owner?: string };
    pool.assignable.push({ reference: logged.reference, owner: logged.owner ?? '' });
  }
  return pool;
}

async function main(): Promise<void> {
  // BENCH_CPU_PROF=<dir>: a CPU profile of the API server (CHP_EMBEDDED_CPU_PROF=<dir> profiles the store).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = fork(__filename, ['--serve', '--cases', String(CASES)], { execArgv: [...profile, '--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: { ready?: string }) => message.ready && resolve(message.ready));
      void exited.then(() => reject(new Error('the bench server exited before it was ready')));
    });
    const storePid = child.pid === undefined ? undefined : embeddedStoreOf(child.pid);
    const pool = await collectPool(url);
    const generator = new Generator(url, pool);
    if (WARMUP_S > 0) {
      console.error(`  warming up: ${WARMUP_S} s at ${RATES[0]} req/s (not measured)`);
      await generator.run(RATES[0], WARMUP_S);
    }
    const table: Record<string, string | number>[] = [];
    const byKind: Record<string, Record<string, string>> = {};
    let best: number | undefined;
    for (const rate of RATES) {
      const cpuBefore = [cpuMs(child.pid), cpuMs(storePid)];
      const { samples, lateMs } = await generator.run(rate, DURATION_S);
      const cpu = [cpuMs(child.pid) - cpuBefore[0], cpuMs(storePid) - cpuBefore[1]].map((ms) => ms / samples.length);
      const all = summary(samples);
      const met = all.errors === 0 && all.p95 <= TARGET.p95 && all.p99 <= TARGET.p99;
      if (met) best = rate;
      table.push({
        'rate req/s': rate,
        requests: all.count,
        errors: all.errors,
        'p50 ms': all.p50.toFixed(1),
        'p95 ms': all.p95.toFixed(1),
        'p99 ms': all.p99.toFixed(1),
        'max ms': all.max.toFixed(0),
        'API / store CPU ms per request': `${cpu[0].toFixed(2)} / ${cpu[1].toFixed(2)}`,
        'generator late by (max ms)': lateMs.toFixed(1),
        load: loadAverage(),
        target: met ? 'met' : 'missed',
      });
      for (const kind of ['caseload page', 'case read', 'action', 'create'] as Kind[]) {
        const s = summary(samples.filter((x) => x.kind === kind));
        (byKind[kind] ??= {})[`${rate} req/s: p50 / p95 / p99 ms (n)`] = `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.p99.toFixed(1)} (${s.count})`;
      }
      console.error(`  ${rate} req/s: p50 ${all.p50.toFixed(1)}, p95 ${all.p95.toFixed(1)}, p99 ${all.p99.toFixed(1)} ms, ${all.errors} errors; load ${loadAverage()}`);
      if (!met) break;
    }
    console.log(`\nOpen-loop mixed workload (35 % caseload pages, 35 % case reads, 20 % actions, 10 % creates), ${CASES.toLocaleString('en-GB')} cases (~500 open), ${DURATION_S} s per rate, ${os.cpus().length} CPUs, load ${loadAverage()}\n`);
    console.table(table);
    console.table(byKind);
    console.log(`Highest rate meeting p95 ≤ ${TARGET.p95} ms and p99 ≤ ${TARGET.p99} ms with no errors: ${best === undefined ? `none (from ${RATES[0]} req/s)` : `${best} req/s`}${best === RATES[RATES.length - 1] ? ' (the highest tried)' : ''}`);
  } finally {
    if (child.connected) child.disconnect();
    await exited;
  }
}

(args.serve ? serve() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
