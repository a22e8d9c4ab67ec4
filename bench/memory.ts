/**
 * Memory and start-up at scale: writes N generated cases (default 100,000) into the demo
 * organisation on the embedded store in its own process (as `npm start` runs it), stops it, then
 * starts it again from its data dir (snapshot + journal) and reports: the start-up time (wall and
 * CPU: the machine is shared, so the CPU seconds are the steadier figure), the size of the snapshot
 * and the journal, the resident memory (VmRSS) of the store process and of the API server (a fresh
 * process started as `npm start` is, after a few caseload pages), and the V8 heap of the server.
 * Run: `npx tsx bench/memory.ts [--cases 100000] [--data-dir DIR]`: with --data-dir the data is kept
 * there, and a data dir that already holds cases is measured as it is (no writing: quick re-runs).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JSONObject, OperationInput } from '@azure/cosmos';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { connectFromEnv, type Connection } from '../store/connect';
import { startEmbeddedCosmos } from '../store/embedded';
import { contributionOf } from '../store/aggregates';
import { toDocument } from '../store/case-document';
import { generateCaseBatches, MemoCalendar } from './generate-cases';
import { cpuMs, embeddedStoreOf, loadAverage, residentBytes } from './processes';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { serve: { type: 'boolean', default: false }, cases: { type: 'string', default: '100000' }, 'data-dir': { type: 'string' } } });
const CASES = Number(args.cases);
const ORG = 'glenmore';
const OWNERS = ['demo-handler', 'demo-investigator', 'demo-head-of-service'];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The embedded database child of this process (store/embedded-main.ts). */
const storeProcess = (): number | undefined => embeddedStoreOf(process.pid);

const connect = (dataDir: string): Promise<Connection> => connectFromEnv({ CHP_DATA_DIR: dataDir, COSMOS_DATABASE: 'bench' }, os.tmpdir(), { embedded: 'child' });

/** Writes the demo organisation and CASES generated cases into the data dir, through a store child. */
async function writeCases(dataDir: string): Promise<{ written: number; writeSeconds: number; storeRssWriting: number }> {
  const writing = await connect(dataDir);
  await seedDemo(writing.store, { history: false });
  const org = await writing.store.orgs.get(ORG);
  if (!org) throw new Error(`the demo organisation ${ORG} is missing`);
  const calendar = new MemoCalendar();
  const started = Date.now();
  let written = 0;
  for (const batch of generateCaseBatches(CASES, 100, { org: org.settings, calendar, from: '2019-04-01', to: '2026-11-20', today: '2026-11-25', seed: 11, firstSequence: 5_000_000 })) {
    const operations: OperationInput[] = batch.map((c, i) => {
      const owned = { ...c, owner: OWNERS[(written + i) % OWNERS.length], loggedBy: OWNERS[0] };
      return { operationType: 'Create', resourceBody: { ...toDocument(owned), reported: contributionOf(owned, calendar) } as unknown as JSONObject };
    });
    const { result } = await writing.store.containers.cases.items.batch(operations, ORG);
    if (!result || result.some((r) => r.statusCode >= 400)) throw new Error('a generated batch failed');
    written += batch.length;
  }
  const writeSeconds = (Date.now() - started) / 1000;
  const storeRssWriting = residentBytes(storeProcess());
  await writing.close();
  return { written, writeSeconds, storeRssWriting };
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const kept = args['data-dir'] ? path.resolve(args['data-dir']) : undefined;
  const dataDir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-memory-'));
  const holdsData = ['snapshot.json', 'journal.ndjson'].some((file) => fs.existsSync(path.join(dataDir, file)));
  try {
    const { written, writeSeconds, storeRssWriting } = holdsData ? { written: NaN, writeSeconds: NaN, storeRssWriting: NaN } : await writeCases(dataDir);
    const sizeOf = (file: string) => (fs.existsSync(path.join(dataDir, file)) ? fs.statSync(path.join(dataDir, file)).size : 0);
    const sizes = { snapshot: sizeOf('snapshot.json'), journal: sizeOf('journal.ndjson') };

    // The replay alone (snapshot + journal into memory, and the compaction after it), in this process.
    const replayStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    const replayed = await startEmbeddedCosmos({ dataDir });
    const replayMs = performance.now() - replayStarted;
    const replayCpu = process.cpuUsage(cpuBefore);
    await replayed.stop();
    const afterReplay = { snapshot: sizeOf('snapshot.json'), journal: sizeOf('journal.ndjson') };

    // Start-up from the data dir as `npm start` does it, in a fresh process (this one has held the
    // generated cases and the replay above, so its own memory says nothing about a server's).
    const served = await serveInChild(dataDir);
    const rows = {
      'cases written': holdsData ? `none (the data dir ${dataDir} already held data)` : `${written.toLocaleString('en-GB')} in ${writeSeconds.toFixed(0)} s`,
      'snapshot / journal on disk': `${mb(sizes.snapshot)} / ${mb(sizes.journal)}`,
      'replay of the data dir alone (in process; compacts only a long journal)': `${(replayMs / 1000).toFixed(1)} s (CPU ${((replayCpu.user + replayCpu.system) / 1e6).toFixed(1)} s)`,
      'snapshot / journal after that start': `${mb(afterReplay.snapshot)} / ${mb(afterReplay.journal)}`,
      'store start-up as npm start does it (store process started and replayed, store opened)': `${(served.startupMs / 1000).toFixed(1)} s (CPU of the store process ${(served.storeCpuMs / 1000).toFixed(1)} s)`,
      'store process resident memory after start-up': mb(served.storeRss),
      'store process resident memory while writing': holdsData ? 'not measured (no writing)' : mb(storeRssWriting),
      'API server resident memory (own process, after caseload pages)': mb(served.apiRss),
      'API server V8 heap used': mb(served.apiHeap),
      'load average at the start / at the end': `${loadAtStart} / ${loadAverage()}`,
    };
    console.log(`\nMemory and start-up with ${CASES.toLocaleString('en-GB')} cases, ${os.cpus().length} CPUs, load ${loadAverage()}\n`);
    console.table(rows);
  } finally {
    if (!kept) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Served { startupMs: number; storeCpuMs: number; storeRss: number; apiRss: number; apiHeap: number }

/** Runs `serve` below in a child process and returns what it measured. */
async function serveInChild(dataDir: string): Promise<Served> {
  const child = fork(__filename, ['--serve', dataDir], { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<Served>((resolve, reject) => {
    child.once('message', (served: Served) => resolve(served));
    child.once('exit', (code) => reject(new Error(`the server child ended (${code}) before it measured`)));
  });
}

/** The child: starts the store as `npm start` does, serves a few caseload pages, reports, stops. */
async function serve(dataDir: string): Promise<void> {
  const startup = performance.now();
  const connection = await connect(dataDir);
  const startupMs = performance.now() - startup;
  const storePid = storeProcess();
  const storeCpuMs = cpuMs(storePid);
  const server = createApp({ store: connection.store, devSignIn: true, logger: { info: () => undefined, error: () => undefined } }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  for (const view of ['all', 'mine', 'all', 'mine']) {
    const user = view === 'mine' ? 'demo-handler' : 'demo-director';
    const response = await fetch(`http://127.0.0.1:${port}/api/caseload?view=${view}&status=open&limit=25`, { headers: { 'x-dev-user': user } });
    if (!response.ok) throw new Error(`caseload ${view}: ${response.status}`);
    await response.arrayBuffer();
  }
  const served: Served = { startupMs, storeCpuMs, storeRss: residentBytes(storePid), apiRss: residentBytes(process.pid), apiHeap: process.memoryUsage().heapUsed };
  server.closeAllConnections();
  server.close();
  await connection.close();
  process.send?.(served, () => process.exit(0));
}

(args.serve ? serve(path.resolve(positionals[0] ?? '')) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
