/**
 * The local Cosmos DB protocol server (for `npm start`, the CLI and tests): @zeit/cosmosdb-server's
 * in-memory account and request handlers, served over HTTPS with the package's bundled certificate,
 * made durable by a write-ahead journal under a data directory.
 *
 * Why we serve the package's routes ourselves instead of calling createHttpsServer(): that function
 * hides the in-memory account object in a closure. With the account in hand, every acknowledged
 * mutation is journaled as the resulting document state (not the request), so a replay restores the
 * same ETags and resource ids, and a snapshot is a plain dump of the account.
 *
 * Durability contract: a mutating request is answered only after its effects are appended to
 * `journal.ndjson` and fdatasync'ed. Mutations run one at a time (a mutex), so the journal order is the
 * order the effects happened in; the fdatasync is shared by the writes made while the previous one
 * ran (group commit) and runs off the event loop. A kill -9 loses at most the requests not yet
 * answered (a torn last line is dropped at replay). Reads are not serialised; a read may see a write
 * whose fsync is still under way (a millisecond or two) — acceptable for local use.
 */
import fs from 'node:fs';
import https from 'node:https';
import type http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { createPinnedAgent, embeddedCertificate, embeddedKey } from './tls';
// The open-case index of the in-memory collections (patches the package's Items before any is made).
import './embedded-open-index';

// Deep imports: the package has no "exports" map; these are its own building blocks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Account = require('@zeit/cosmosdb-server/lib/account').default as new (host: string, port: number) => ZeitAccount;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const routes = require('@zeit/cosmosdb-server/lib/routes').default as (req: http.IncomingMessage) => [Record<string, string>, ZeitHandler] | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parsePartitionKey } = require('@zeit/cosmosdb-server/lib/utils/get-partition-from-header') as {
  parsePartitionKey(header: string | undefined, fallback: string): unknown;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Items = require('@zeit/cosmosdb-server/lib/account/items').default as { prototype: { _getQuery(sql: string): CompiledQuery } };
interface CompiledQuery { code: string; _code: string | null }

/**
 * The package compiles `FROM c` into `docs.reduce(($, c) => … [...$, { c }] …, [])`, which copies
 * the array once per document: quadratic, 4 s per query at 20,000 documents. The rewrite builds
 * the same rows in one pass (same order, same rows), so results are unchanged. Queries the pattern
 * does not match (none of ours) run as compiled.
 */
const QUADRATIC_FROM = /\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*(\w+): \1\s*\}\] : \$, \[\]\)/g;
export function linearFromClause(code: string): string {
  return code.replace(QUADRATIC_FROM, (_m, item: string, alias: string) => `.filter((${item}) => typeof ${item} !== "undefined").map((${item}) => ({ ${alias}: ${item} }))`);
}
const compileQuery = Items.prototype._getQuery;
Items.prototype._getQuery = function getLinearQuery(this: unknown, sql: string): CompiledQuery {
  const query = compileQuery.call(this, sql);
  if (query._code === null) query._code = linearFromClause(query.code);
  return query;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const queryHelpers = require('@zeit/cosmosdb-query/lib/helpers') as { sort: SortHelper; stripUndefined: (value: unknown) => unknown };
type SortHelper = (rows: unknown[], getRid: (row: unknown) => unknown, compositeIndexes: unknown, ...orders: [string[], boolean][]) => unknown[];
const TYPE_ORDER = ['undefined', 'null', 'boolean', 'number', 'string', 'array', 'object'];
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** The package's comparator (Cosmos DB's cross-type order), unchanged. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const aType = typeOf(a);
  const bType = typeOf(b);
  if (aType === bType) return aType === 'object' ? 0 : (a as number) < (b as number) ? -1 : 1;
  for (const type of TYPE_ORDER) {
    if (aType === type) return -1;
    if (bType === type) return 1;
  }
  return 0;
}
function valueAt(row: unknown, keys: string[]): unknown {
  let value = row;
  for (const key of keys) {
    value = typeof value === 'object' && value ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}
/**
 * ORDER BY one property: the package's sort looks the property up (allocating on each step) twice
 * per comparison — ~1.7 million comparisons for 100,000 documents. This reads each sort key once,
 * then sorts with the same comparator and the same `_rid` tie-break (a stable sort: same order).
 */
export const packageSort = queryHelpers.sort;
export const keyedSort: SortHelper = (rows, getRid, compositeIndexes, ...orders) => {
  if (orders.length !== 1) return packageSort(rows, getRid, compositeIndexes, ...orders);
  const [[keys, descending]] = orders;
  const keyed = rows.map((row) => ({ row, key: valueAt(row, keys), rid: getRid(row) }));
  keyed.sort((a, b) => {
    const r = compareValues(a.key, b.key);
    if (r !== 0) return descending ? -r : r;
    return compareValues(a.rid, b.rid);
  });
  return keyed.filter((k) => k.key !== undefined).map((k) => k.row);
};
queryHelpers.sort = keyedSort;

/**
 * The package copies every query result through `stripUndefined`, which rebuilds arrays with a
 * spread per element (quadratic in a case's timeline). Same output, one pass.
 */
export const packageStripUndefined = queryHelpers.stripUndefined;
export function linearStripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) if (item !== undefined) out.push(linearStripUndefined(item));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = linearStripUndefined(item);
    return out;
  }
  return value;
}
queryHelpers.stripUndefined = linearStripUndefined;

/**
 * The package turns a compiled query's code into a function with `new Function` on every run, so
 * the scan over every document runs as freshly parsed, never-optimised code each time. Queries are
 * parameterised, so the code of each is the same on every run: build its function once.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const executor = require('@zeit/cosmosdb-query/lib/executor') as { default: (collection: unknown, options: ExecutorOptions) => unknown };
interface ExecutorOptions { code: string; parameters?: { name: string; value: unknown }[]; udf?: unknown; maxItemCount?: number; continuation?: unknown; compositeIndexes?: unknown }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aggregateFunctions = require('@zeit/cosmosdb-query/lib/aggregate-functions') as unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builtinFunctions = require('@zeit/cosmosdb-query/lib/builtin-functions') as unknown;
type CompiledExecute = (...args: unknown[]) => unknown;
const compiledQueries = new Map<string, CompiledExecute>();
const MAX_COMPILED_QUERIES = 500;
executor.default = (collection, { code, parameters, udf = {}, maxItemCount, continuation, compositeIndexes }) => {
  let execute = compiledQueries.get(code);
  if (!execute) {
    // The package's own construction, kept once per code (the oldest dropped past the limit).
    execute = new Function(`"use strict";return (${code})`)() as CompiledExecute;
    if (compiledQueries.size >= MAX_COMPILED_QUERIES) compiledQueries.delete(compiledQueries.keys().next().value as string);
    compiledQueries.set(code, execute);
  }
  const params: Record<string, unknown> = {};
  for (const { name, value } of parameters ?? []) params[name.slice(1)] = value;
  return execute(aggregateFunctions, builtinFunctions, collection, queryHelpers, udf, params, maxItemCount, continuation, compositeIndexes);
};

/** The well-known Cosmos DB emulator key; the local server accepts any key. */
export const EMBEDDED_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const JOURNAL_FILE = 'journal.ndjson';
const SNAPSHOT_FILE = 'snapshot.json';
const SERVER_INFO_FILE = 'server.json';
/** Compact the journal into a snapshot once it grows past this many bytes. */
const COMPACT_AFTER_BYTES = 64 * 1024 * 1024;
/**
 * At start, a replayed journal is compacted only when it is this large beside the snapshot (or there
 * is no snapshot yet). Rewriting a 150 MB snapshot costs more than replaying a few MB of journal on
 * the next start, and most starts follow a stop that left a short journal: compacting each time
 * made every start at 100,000 cases pay for a full snapshot write. Replay is then bounded by the
 * snapshot plus at most a quarter of it (or the 64 MB at which a running server compacts anyway).
 */
const COMPACT_AT_START_FRACTION = 0.25;

type Doc = Record<string, unknown> & { id: string; _rid?: string };
interface ZeitItem { read(): Doc | undefined }
interface ZeitItems {
  _data: Map<string, ZeitItem>;
  _ridCount: number;
  _item(keyPath: string, value: unknown, partition: unknown): ZeitItem;
  _set(data: Doc): Doc;
  _getPartition(data: Doc): unknown;
  delete(id: string, partition: unknown): void;
}
interface ZeitCollection extends ZeitItem { documents: ZeitItems }
interface ZeitDatabase extends ZeitItem { collections: ZeitItems; collection(id: string): ZeitCollection }
interface ZeitAccount { databases: ZeitItems; database(id: string): ZeitDatabase }
type ZeitHandler = (account: ZeitAccount, req: unknown, res: http.ServerResponse, params: Record<string, string>) => Promise<unknown> | unknown;

/** One state change, as the resulting state (so replay is exact and idempotent). */
type Effect =
  | { t: 'db'; data: Doc; ridCount: number }
  | { t: 'dropDb'; id: string }
  | { t: 'coll'; db: string; data: Doc; ridCount: number }
  | { t: 'dropColl'; db: string; id: string }
  | { t: 'doc'; db: string; coll: string; data: Doc; ridCount: number }
  | { t: 'delDoc'; db: string; coll: string; id: string; pk: unknown };

interface Snapshot {
  version: 1;
  seq: number;
  dbRidCount: number;
  databases: { data: Doc; collRidCount: number; collections: { data: Doc; docRidCount: number; docs: Doc[] }[] }[];
}

export interface EmbeddedCosmos {
  endpoint: string;
  key: string;
  agent: https.Agent;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 or absent: a random free port. */
  port?: number;
  /** Compact the journal into the snapshot past this many bytes (default 64 MB; tests use less). */
  compactAfterBytes?: number;
}

/** Start the server on 127.0.0.1, replaying the data dir. Refuses a data dir another live process serves. */
export async function startEmbeddedCosmos(options: EmbeddedOptions): Promise<EmbeddedCosmos> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  lockDataDir(dataDir);
  try {
    return await serve(dataDir, options.port ?? 0, options.compactAfterBytes ?? COMPACT_AFTER_BYTES);
  } catch (err) {
    fs.rmSync(path.join(dataDir, SERVER_INFO_FILE), { force: true });
    throw err;
  }
}

async function serve(dataDir: string, port: number, compactAfterBytes: number): Promise<EmbeddedCosmos> {
  // Requests get 503 until the data dir is replayed into the account.
  const serving: { account?: ZeitAccount } = {};
  const durable = new DurableState(dataDir, compactAfterBytes);
  const server = https.createServer(
    { cert: embeddedCertificate(), key: embeddedKey(), minVersion: 'TLSv1.2', keepAliveTimeout: 30_000 },
    (req, res) => {
      if (!serving.account) {
        res.statusCode = 503;
        res.end(JSON.stringify({ message: 'starting' }));
        return;
      }
      void handleRequest(serving.account, durable, req, res);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The embedded Cosmos server has no TCP address.');
  const account = new Account('127.0.0.1', address.port);
  try {
    durable.load(account);
  } catch (err) {
    server.close();
    throw err;
  }
  serving.account = account;
  const endpoint = `https://127.0.0.1:${address.port}/`;
  writeServerInfo(dataDir, { pid: process.pid, endpoint });
  const agent = createPinnedAgent();

  return {
    endpoint,
    key: EMBEDDED_KEY,
    agent,
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await durable.close();
      const info = readServerInfo(dataDir);
      if (info?.pid === process.pid) fs.rmSync(path.join(dataDir, SERVER_INFO_FILE), { force: true });
    },
  };
}

export interface ServerInfo { pid: number; endpoint: string }

/** The server currently serving this data dir, if its process is alive (used to attach from the CLI). */
export function runningEmbeddedServer(dataDir: string): ServerInfo | undefined {
  const info = readServerInfo(path.resolve(dataDir));
  return info && info.endpoint && isAlive(info.pid) ? info : undefined;
}

function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_INFO_FILE), 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

function writeServerInfo(dataDir: string, info: ServerInfo): void {
  fs.writeFileSync(path.join(dataDir, SERVER_INFO_FILE), JSON.stringify(info));
}

/**
 * server.json doubles as the lock: created exclusively, so two processes can never both serve (and
 * journal into) one data dir. A lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): void {
  const file = path.join(dataDir, SERVER_INFO_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, endpoint: '' }), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const running = readServerInfo(dataDir);
    if (running && isAlive(running.pid)) {
      throw new Error(`The data directory ${dataDir} is already served by process ${running.pid}${running.endpoint ? ` at ${running.endpoint}` : ''}; stop it or attach to it (store/connect.ts).`);
    }
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the data directory ${dataDir}; another process is starting on it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------
// Request handling (mirrors the package's handleRequest, plus serialised, journaled mutations)

function isMutation(req: http.IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const isQuery = req.method === 'POST' && (String(req.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true' || req.headers['content-type'] === 'application/query+json');
  return !isQuery;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The package's handlers read the body from the request stream; give them a replayable one. */
function bufferedRequest(req: http.IncomingMessage, body: Buffer): unknown {
  return Object.assign(Readable.from(body.length ? [body] : []), { headers: req.headers, method: req.method, url: req.url });
}

async function handleRequest(account: ZeitAccount, durable: DurableState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown;
  try {
    const raw = await readBody(req);
    const route = routes(req);
    if (isQueryPlanRequest(req)) {
      // The SDK asks for a plan before every query page and uses it only when the query itself is
      // refused as cross-partition, which this server never does. Unanswered, the package would run
      // the whole query a second time as if it were the query, doubling the cost of every page.
      res.statusCode = 400;
      body = { message: 'The embedded Cosmos server does not make query plans; run the query itself.' };
    } else if (!route) {
      res.statusCode = 400;
      body = { message: 'no route' };
    } else if (isMutation(req)) {
      // Applied and journaled one at a time; answered only once the journal holds it on disk.
      const applied = await durable.serialised(() => runMutation(account, durable, req, res, raw, route));
      await applied.synced;
      body = applied.body;
    } else {
      body = await route[1](account, bufferedRequest(req, raw), res, route[0]);
    }
  } catch (err) {
    console.error('embedded cosmos:', err);
    res.statusCode = 500;
    body = { message: (err as Error).message };
  }
  if (res.statusCode > 399 && body && typeof body === 'object' && !('message' in body)) (body as Record<string, unknown>).message = '';
  const etag = body && typeof body === 'object' ? (body as Record<string, unknown>)._etag : undefined;
  if (typeof etag === 'string') res.setHeader('etag', etag);
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-location', `https://${req.headers.host}${req.url}`);
  res.setHeader('x-ms-activity-id', randomUUID());
  res.setHeader('x-ms-request-charge', '1');
  if (req.headers['a-im'] && res.statusCode === 200) {
    if (req.headers['if-none-match']) res.statusCode = 304;
    res.setHeader('etag', '1');
  }
  res.end(JSON.stringify(body ?? {}));
}

const isQueryPlanRequest = (req: http.IncomingMessage): boolean => String(req.headers['x-ms-cosmos-is-query-plan-request']).toLowerCase() === 'true';

interface BatchOperation { operationType: string; id?: string; partitionKey?: string; resourceBody?: Doc }
interface BatchResult { statusCode: number; requestCharge: number; eTag?: string; resourceBody?: Doc }

async function runMutation(
  account: ZeitAccount,
  durable: DurableState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  raw: Buffer,
  [params, handler]: [Record<string, string>, ZeitHandler],
): Promise<{ body: unknown; synced: Promise<void> }> {
  const { dbId, collId, docId, udfId } = params;
  const done = Promise.resolve();
  if (udfId !== undefined || req.url?.includes('/udfs')) {
    res.statusCode = 400;
    return { body: { message: 'User-defined functions are not supported by the durable embedded server.' }, synced: done };
  }
  if (req.method === 'PUT' && collId !== undefined && docId === undefined) {
    res.statusCode = 400;
    return { body: { message: 'Replacing a container is not supported by the durable embedded server; delete and recreate it.' }, synced: done };
  }
  const isBatch = String(req.headers['x-ms-cosmos-is-batch-request']).toLowerCase() === 'true';
  const operations: BatchOperation[] = isBatch ? (JSON.parse(raw.toString() || '[]') as BatchOperation[]) : [];
  const before = isBatch && Array.isArray(operations) ? batchPreImages(account, dbId, collId, operations) : undefined;

  const result = await handler(account, bufferedRequest(req, raw), res, params);
  if (res.statusCode >= 400) return { body: result, synced: done };

  const effects: Effect[] = [];
  if (isBatch) {
    const results = result as BatchResult[];
    const atomic = String(req.headers['x-ms-cosmos-batch-atomic']).toLowerCase() === 'true';
    if (atomic && before && results.some((r) => r.statusCode >= 400)) {
      // The package ignores the atomic flag; undo the operations that did apply, as Azure would.
      restorePreImages(account, dbId, collId, before);
      return { body: results.map((r) => (r.statusCode >= 400 ? r : { statusCode: 424, requestCharge: 0 })), synced: done };
    }
    results.forEach((r, i) => {
      if (r.statusCode >= 400) return;
      const op = operations[i];
      if (op.operationType === 'Delete' && op.id !== undefined) effects.push(deleteEffect(dbId, collId, op.id, op.partitionKey));
      else if (r.resourceBody && op.operationType !== 'Read') effects.push(docEffect(account, dbId, collId, r.resourceBody));
    });
  } else if (dbId === undefined) {
    effects.push({ t: 'db', data: result as Doc, ridCount: account.databases._ridCount });
  } else if (collId === undefined) {
    if (req.method === 'DELETE') effects.push({ t: 'dropDb', id: dbId });
    else effects.push({ t: 'coll', db: dbId, data: result as Doc, ridCount: account.database(dbId).collections._ridCount });
  } else if (req.method === 'DELETE' && docId === undefined) {
    effects.push({ t: 'dropColl', db: dbId, id: collId });
  } else if (req.method === 'DELETE' && docId !== undefined) {
    effects.push(deleteEffect(dbId, collId, docId, headerValue(req, 'x-ms-documentdb-partitionkey')));
  } else {
    effects.push(docEffect(account, dbId, collId, result as Doc));
  }
  return { body: result, synced: durable.append(effects, account) };
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function deleteEffect(db: string, coll: string, id: string, pkHeader: string | undefined): Effect {
  return { t: 'delDoc', db, coll, id, pk: pkHeader === undefined ? undefined : parsePartitionKey(pkHeader, id) };
}

function docEffect(account: ZeitAccount, db: string, coll: string, data: Doc): Effect {
  return { t: 'doc', db, coll, data, ridCount: account.database(db).collection(coll).documents._ridCount };
}

type PreImages = { id: string; pk: unknown; doc: Doc | undefined }[];

function batchPreImages(account: ZeitAccount, db: string, coll: string, ops: BatchOperation[]): PreImages {
  const documents = account.database(db).collection(coll).documents;
  return ops.map((op) => {
    const id = op.id ?? op.resourceBody?.id ?? '';
    const pk = op.partitionKey !== undefined ? parsePartitionKey(op.partitionKey, id) : op.resourceBody ? documents._getPartition(op.resourceBody) : undefined;
    return { id, pk, doc: documents._item('/id', id, pk).read() };
  });
}

function restorePreImages(account: ZeitAccount, db: string, coll: string, images: PreImages): void {
  const documents = account.database(db).collection(coll).documents;
  for (const image of [...images].reverse()) {
    if (documents._item('/id', image.id, image.pk).read()) documents.delete(image.id, image.pk);
    if (image.doc) documents._set(image.doc);
  }
}

// ---------------------------------------------------------------------------------------------
// Journal + snapshot

function applyEffect(account: ZeitAccount, effect: Effect): void {
  switch (effect.t) {
    case 'db':
      if (!account.databases._item('/id', effect.data.id, effect.data.id).read()) account.databases._set(effect.data);
      account.databases._ridCount = Math.max(account.databases._ridCount, effect.ridCount);
      return;
    case 'dropDb':
      if (account.databases._item('/id', effect.id, effect.id).read()) account.databases.delete(effect.id, effect.id);
      return;
    case 'coll': {
      const collections = account.database(effect.db).collections;
      if (!collections._item('/id', effect.data.id, effect.data.id).read()) collections._set(effect.data);
      collections._ridCount = Math.max(collections._ridCount, effect.ridCount);
      return;
    }
    case 'dropColl': {
      const collections = account.database(effect.db).collections;
      if (collections._item('/id', effect.id, effect.id).read()) collections.delete(effect.id, effect.id);
      return;
    }
    case 'doc': {
      const documents = account.database(effect.db).collection(effect.coll).documents;
      const pk = documents._getPartition(effect.data);
      if (documents._item('/id', effect.data.id, pk).read()) documents.delete(effect.data.id, pk);
      documents._set(effect.data);
      documents._ridCount = Math.max(documents._ridCount, effect.ridCount);
      return;
    }
    case 'delDoc': {
      const documents = account.database(effect.db).collection(effect.coll).documents;
      if (documents._item('/id', effect.id, effect.pk).read()) documents.delete(effect.id, effect.pk);
      return;
    }
  }
}

class DurableState {
  private fd: number | undefined;
  private seq = 0;
  private journalBytes = 0;
  private mutex: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly compactAfterBytes = COMPACT_AFTER_BYTES,
  ) {}

  private get journalPath(): string {
    return path.join(this.dataDir, JOURNAL_FILE);
  }

  /** Mutations run one at a time so the journal order is the order their effects happened in. */
  serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mutex.then(fn);
    this.mutex = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Snapshot, then the journal entries after it; a torn last line (crash mid-append) is cut off. */
  load(account: ZeitAccount): void {
    const snapshotPath = path.join(this.dataDir, SNAPSHOT_FILE);
    const snapshotBytes = fs.existsSync(snapshotPath) ? fs.statSync(snapshotPath).size : 0;
    if (snapshotBytes > 0) this.seq = loadSnapshot(account, snapshotPath);
    let replayed = 0;
    if (fs.existsSync(this.journalPath)) {
      const text = fs.readFileSync(this.journalPath, 'utf8');
      const lastNewline = text.lastIndexOf('\n');
      const complete = text.slice(0, lastNewline + 1);
      if (complete.length < text.length) fs.truncateSync(this.journalPath, Buffer.byteLength(complete));
      const lines = complete.split('\n').filter((l) => l.length > 0);
      lines.forEach((line, index) => {
        let entry: { seq: number; effects: Effect[] };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          throw new Error(`The journal ${this.journalPath} is damaged at line ${index + 1}; restore the data dir from a backup or remove that line.`);
        }
        if (entry.seq <= this.seq) return;
        entry.effects.forEach((e) => applyEffect(account, e));
        this.seq = entry.seq;
        replayed += 1;
      });
    }
    this.fd = fs.openSync(this.journalPath, 'a');
    this.journalBytes = fs.fstatSync(this.fd).size;
    if (replayed > 0 && (snapshotBytes === 0 || this.journalBytes >= snapshotBytes * COMPACT_AT_START_FRACTION)) this.compact(account);
  }

  /**
   * Appends the effects (in mutex order) and returns when they are on disk. Group commit: the
   * fdatasync runs off the event loop, and one sync covers every line written before it started,
   * so concurrent writers share syncs instead of each blocking the process for one.
   */
  append(effects: Effect[], account: ZeitAccount): Promise<void> {
    if (effects.length === 0 || this.fd === undefined) return Promise.resolve();
    this.seq += 1;
    const line = `${JSON.stringify({ seq: this.seq, effects })}\n`;
    fs.writeSync(this.fd, line);
    this.journalBytes += Buffer.byteLength(line);
    if (this.journalBytes > this.compactAfterBytes) {
      this.compact(account);
      return Promise.resolve();
    }
    return this.sync();
  }

  /** The next sync not yet started (joined by every line written meanwhile), and the one running. */
  private nextSync: Promise<void> | undefined;
  private syncing: Promise<void> = Promise.resolve();

  private sync(): Promise<void> {
    if (!this.nextSync) {
      const fd = this.fd as number;
      const next = this.syncing.then(() => {
        this.nextSync = undefined;
        return new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
      });
      this.nextSync = next;
      this.syncing = next.catch(() => undefined);
    }
    return this.nextSync;
  }

  /** Write the whole state to a new snapshot (atomically: temp file, fsync, rename), then empty the journal. */
  compact(account: ZeitAccount): void {
    const snapshotPath = path.join(this.dataDir, SNAPSHOT_FILE);
    const temp = `${snapshotPath}.tmp`;
    const fd = fs.openSync(temp, 'w');
    writeSnapshot(fd, account, this.seq);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    crashPoint('snapshot-written');
    fs.renameSync(temp, snapshotPath);
    syncDirectory(this.dataDir);
    crashPoint('snapshot-renamed');
    // Entries up to `seq` are in the snapshot; replay skips them if we crash before the truncate lands.
    if (this.fd !== undefined) {
      fs.ftruncateSync(this.fd, 0);
      fs.fsyncSync(this.fd);
    }
    this.journalBytes = 0;
  }

  async close(): Promise<void> {
    await this.nextSync?.catch(() => undefined);
    await this.syncing;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * For the crash tests only: CHP_EMBEDDED_CRASH_AT=<point> kills the process (SIGKILL, as a crash
 * would) at that point of a compaction, so a test can show nothing acknowledged is lost.
 */
function crashPoint(point: string): void {
  if (process.env.CHP_EMBEDDED_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

/**
 * The snapshot (version 2) is one JSON line per database, container and document, so neither writing
 * nor reading it builds one string of the whole store: a string holds at most ~512 MB in V8, which
 * 100,000 cases with their timelines can exceed. Written in ~1 MB chunks; the header line carries seq.
 */
type SnapshotLine =
  | { version: 2; seq: number; dbRidCount: number }
  | { t: 'db'; data: Doc; collRidCount: number }
  | { t: 'coll'; db: string; data: Doc; docRidCount: number }
  | { t: 'doc'; db: string; coll: string; data: Doc };

function writeSnapshot(fd: number, account: ZeitAccount, seq: number): void {
  const items = (items: ZeitItems) => [...items._data.values()].map((i) => i.read()).filter((d): d is Doc => d !== undefined);
  let chunk: string[] = [];
  let chunkLength = 0;
  const write = (line: SnapshotLine) => {
    const text = `${JSON.stringify(line)}\n`;
    chunk.push(text);
    chunkLength += text.length;
    if (chunkLength > 1_000_000) flush();
  };
  const flush = () => {
    if (chunk.length > 0) fs.writeSync(fd, chunk.join(''));
    chunk = [];
    chunkLength = 0;
    crashPoint('snapshot-writing');
  };
  write({ version: 2, seq, dbRidCount: account.databases._ridCount });
  for (const db of items(account.databases)) {
    const database = account.database(db.id);
    write({ t: 'db', data: db, collRidCount: database.collections._ridCount });
    for (const coll of items(database.collections)) {
      const documents = database.collection(coll.id).documents;
      write({ t: 'coll', db: db.id, data: coll, docRidCount: documents._ridCount });
      for (const doc of items(documents)) write({ t: 'doc', db: db.id, coll: coll.id, data: doc });
    }
  }
  flush();
}

/** Restores a snapshot (version 2, or the single-JSON version 1 of earlier releases); returns its seq. */
function loadSnapshot(account: ZeitAccount, snapshotPath: string): number {
  const bytes = fs.readFileSync(snapshotPath);
  const firstNewline = bytes.indexOf(10);
  const header = JSON.parse(bytes.subarray(0, firstNewline < 0 ? bytes.length : firstNewline).toString('utf8')) as { version: number; seq: number; dbRidCount: number };
  if (header.version === 1) {
    restoreSnapshot(account, header as unknown as Snapshot);
    return header.seq;
  }
  if (header.version !== 2) throw new Error(`The snapshot ${snapshotPath} has version ${header.version}, which this release cannot read.`);
  account.databases._ridCount = header.dbRidCount;
  let collRidCount = 0;
  // The documents of the container last named: its lines follow its `coll` line (writeSnapshot).
  let current: { db: string; coll: string; documents: ZeitItems } | undefined;
  const damaged = (what: string) => new Error(`The snapshot ${snapshotPath} ${what}; restore the data dir from a backup.`);
  for (let start = firstNewline + 1; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      const line = JSON.parse(bytes.toString('utf8', start, end)) as SnapshotLine;
      if (!('t' in line)) throw damaged('has a second header line');
      if (line.t === 'doc') {
        if (current?.db !== line.db || current.coll !== line.coll) current = { db: line.db, coll: line.coll, documents: account.database(line.db).collection(line.coll).documents };
        // A snapshot holds each document once (it is written from the collection's map), so the
        // replay's look-up and delete of an earlier version is not needed here.
        current.documents._set(line.data);
      } else if (line.t === 'db') {
        collRidCount = line.collRidCount;
        applyEffect(account, { t: 'db', data: line.data, ridCount: header.dbRidCount });
      } else if (line.t === 'coll') {
        applyEffect(account, { t: 'coll', db: line.db, data: line.data, ridCount: collRidCount });
        current = { db: line.db, coll: line.data.id, documents: account.database(line.db).collection(line.data.id).documents };
        current.documents._ridCount = Math.max(current.documents._ridCount, line.docRidCount);
      } else throw damaged(`has a line of unknown type ${JSON.stringify((line as { t: unknown }).t)}`);
    }
    start = end + 1;
  }
  return header.seq;
}

/** Version 1: the whole state as one JSON object (still read; no longer written). */
function restoreSnapshot(account: ZeitAccount, snapshot: Snapshot): void {
  account.databases._ridCount = snapshot.dbRidCount;
  for (const db of snapshot.databases) {
    applyEffect(account, { t: 'db', data: db.data, ridCount: snapshot.dbRidCount });
    for (const coll of db.collections) {
      applyEffect(account, { t: 'coll', db: db.data.id, data: coll.data, ridCount: db.collRidCount });
      for (const doc of coll.docs) applyEffect(account, { t: 'doc', db: db.data.id, coll: coll.data.id, data: doc, ridCount: coll.docRidCount });
    }
  }
}
