/**
 * Per-request cost against the floor (issue 18, part 2). In one run, for each real route — read a
 * case, log a case, a caseload page, the card action's API route (POST /api/cases/:ref/actions,
 * assign, which the card's "Assign" posts) — three routes are measured:
 * - **floor**: a bare express route (no auth, no validation, no store) answering the real route's
 *   JSON (captured once from it) from memory;
 * - **floor + trips**: the same bare route making, before it answers, as many store round trips
 *   (point reads of one case document through the same Cosmos SDK client) as the real route makes;
 * - **real**: the route itself, as `npm start` serves it.
 * CPU ms per request of the API process (process.cpuUsage, asked over IPC) and of the embedded
 * store process (from /proc, 10 ms ticks, so read it over many requests), and the ratio of the real
 * route to the floor with its trips. Store round trips are counted in the API process (the
 * `http.client.request.start` diagnostics channel: every HTTPS request the SDK sends, query-plan
 * requests included). Arrangement: the API server in a child process, its embedded store in a
 * grandchild (as `npm start` runs it), the load generator here, one request at a time (cost, not
 * queueing). The aggregate folder is not run (background work, not per request).
 * Run: `npx tsx bench/floor.ts [--requests 1000] [--warmup 200]`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { connectFromEnv } from '../store/connect';
import { cpuMs, embeddedStoreOf } from './processes';

const { values: args } = parseArgs({ options: { serve: { type: 'boolean', default: false }, requests: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '200' } } });
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const ORG = 'glenmore';

/** What the parent asks the server child over IPC, and what it answers. */
type Question = { kind: 'stats' } | { kind: 'floor'; name: string; body: string; trips: number };
type Ask = Question & { id: number };
interface Stats { cpuMs: number; trips: number }

// ---------------------------------------------------------------------------------------------
// Server child

async function serve(): Promise<void> {
  let trips = 0;
  diagnostics.subscribe('http.client.request.start', () => {
    trips += 1;
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-floor-'));
  const connection = await connectFromEnv({ CHP_DATA_DIR: dataDir, COSMOS_DATABASE: 'bench' }, os.tmpdir(), { embedded: 'child' });
  const { store } = connection;
  await seedDemo(store);
  const floors = new Map<string, { body: string; trips: number }>();
  // Any case document: the floor's round trips are point reads of it.
  const { resources } = await store.containers.cases.items.query<{ id: string }>({ query: "SELECT TOP 1 c.id FROM c WHERE c.type = 'case'" }, { partitionKey: ORG }).fetchAll();
  const tripDocument = store.containers.cases.item(resources[0].id, ORG);

  const outer = express();
  const floor: express.RequestHandler = async (req, res) => {
    const found = floors.get(String(req.params.name));
    if (!found) return void res.status(404).end();
    for (let i = 0; i < found.trips; i += 1) await tripDocument.read();
    res.status(200).type('application/json').send(found.body);
  };
  outer.get('/floor/:name', floor);
  outer.post('/floor/:name', express.json(), floor);
  outer.use(createApp({ store, devSignIn: true, logger: { info: () => undefined, error: (m: string, f: Record<string, unknown>) => console.error(m, f) } }));
  const server = outer.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };

  process.on('message', (ask: Ask) => {
    if (ask.kind === 'floor') floors.set(ask.name, { body: ask.body, trips: ask.trips });
    const usage = process.cpuUsage();
    const answer: Stats = { cpuMs: (usage.user + usage.system) / 1000, trips };
    process.send?.({ id: ask.id, ...answer });
  });
  process.send?.({ ready: `http://127.0.0.1:${port}` });
  process.once('disconnect', () => {
    server.closeAllConnections();
    server.close(async () => {
      await connection.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Load generator

interface ServerChild { url: string; child: ChildProcess; storePid?: number; ask(question: Question): Promise<Stats> }

async function startServer(): Promise<ServerChild> {
  const child = fork(__filename, ['--serve'], { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (stats: Stats) => void>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { ready?: string; id?: number } & Stats) => {
      if (message.ready) resolve(message.ready);
      else if (message.id !== undefined) pending.get(message.id)?.(message);
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it was ready`)));
  });
  return {
    url,
    child,
    storePid: child.pid === undefined ? undefined : embeddedStoreOf(child.pid),
    ask: (question) =>
      new Promise<Stats>((resolve) => {
        const id = (nextId += 1);
        pending.set(id, resolve);
        child.send({ ...question, id });
      }),
  };
}

interface Route {
  name: string;
  method: 'GET' | 'POST';
  /** The path of request i (so reads and actions can spread over cases). */
  path(i: number): string;
  body?(i: number): string;
  user: string;
}

interface Cost { api: number; store: number; trips: number; requests: number }

async function send(url: string, route: Route, i: number, pathOverride?: string): Promise<string> {
  const response = await fetch(`${url}${pathOverride ?? route.path(i)}`, {
    method: route.method,
    headers: { 'x-dev-user': route.user, ...(route.body ? { 'content-type': 'application/json' } : {}) },
    body: route.body?.(i),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${route.method} ${pathOverride ?? route.path(i)}: ${response.status} ${text}`);
  return text;
}

/** CPU per request of the API and store processes, and store round trips per request, over REQUESTS requests. */
async function measure(server: ServerChild, route: Route, pathOverride?: string): Promise<Cost> {
  for (let i = 0; i < WARMUP; i += 1) await send(server.url, route, i, pathOverride);
  const before = await server.ask({ kind: 'stats' });
  const storeBefore = cpuMs(server.storePid);
  for (let i = WARMUP; i < WARMUP + REQUESTS; i += 1) await send(server.url, route, i, pathOverride);
  const after = await server.ask({ kind: 'stats' });
  const storeAfter = cpuMs(server.storePid);
  return { api: (after.cpuMs - before.cpuMs) / REQUESTS, store: (storeAfter - storeBefore) / REQUESTS, trips: (after.trips - before.trips) / REQUESTS, requests: REQUESTS };
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const director = 'demo-director';
    const caseBody = JSON.stringify({
      kind: 'complaint',
      channel: 'email',
      customer: { withheldDetails: false, anonymous: false, name: 'Bench Customer', email: 'bench@example.org' },
      nature: 'Repair reported three times; the engineer did not attend the booked appointment.',
      service: 'Housing Repairs',
    });
    // Cases to read and act on: logged here, so none is a social-work case (whose opening is logged).
    const created: string[] = [];
    for (let i = 0; i < 50; i += 1) created.push((JSON.parse(await send(server.url, { name: 'create', method: 'POST', path: () => '/api/cases', body: () => caseBody, user: director }, i)) as { reference: string }).reference);
    const owners = ['demo-handler', 'demo-investigator'];
    const routes: Route[] = [
      { name: 'GET /api/cases/:ref (read a case)', method: 'GET', path: (i) => `/api/cases/${created[i % created.length]}`, user: director },
      { name: 'POST /api/cases (log a case)', method: 'POST', path: () => '/api/cases', body: () => caseBody, user: director },
      { name: 'GET /api/caseload (tab, all, open, page of 25)', method: 'GET', path: () => '/api/caseload?view=all&status=open&limit=25', user: director },
      { name: 'GET /api/caseload (tab, mine, open, page of 25)', method: 'GET', path: () => '/api/caseload?view=mine&status=open&limit=25', user: 'demo-handler' },
      {
        name: 'POST /api/cases/:ref/actions (card: assign)',
        method: 'POST',
        // Each round over the cases gives each the other owner, so every assignment is a change.
        path: (i) => `/api/cases/${created[i % created.length]}/actions`,
        body: (i) => JSON.stringify({ type: 'assign', owner: owners[Math.floor(i / created.length) % owners.length] }),
        user: director,
      },
    ];
    const rows: Record<string, string | number>[] = [];
    for (const [index, route] of routes.entries()) {
      const real = await measure(server, route);
      const name = `r${index}`;
      // The floor answers what the real route answers (its last answer, captured once).
      const body = await send(server.url, route, WARMUP + REQUESTS);
      await server.ask({ kind: 'floor', name, body, trips: 0 });
      const bare = await measure(server, route, `/floor/${name}`);
      const trips = Math.round(real.trips);
      await server.ask({ kind: 'floor', name, body, trips });
      const withTrips = await measure(server, route, `/floor/${name}`);
      const total = (c: Cost) => c.api + c.store;
      rows.push({
        route: route.name,
        'store trips': real.trips.toFixed(2),
        'floor: API ms': bare.api.toFixed(3),
        'floor + trips: API / store ms': `${withTrips.api.toFixed(3)} / ${withTrips.store.toFixed(2)}`,
        'real: API / store ms': `${real.api.toFixed(3)} / ${real.store.toFixed(2)}`,
        'real ÷ floor+trips (API)': (real.api / withTrips.api).toFixed(2),
        'real ÷ floor+trips (API + store)': (total(real) / total(withTrips)).toFixed(2),
        'JSON bytes': Buffer.byteLength(body),
      });
      console.error(`  ${route.name}: done; load ${os.loadavg()[0].toFixed(1)}`);
    }
    console.log(
      `\nCPU ms per request against the floor: API server in a child process, embedded store in its own process (grandchild), one request at a time, ${REQUESTS} measured after ${WARMUP} unmeasured per route; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
    );
    console.table(rows);
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.disconnect();
    await exited;
  }
}

(args.serve ? serve() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
