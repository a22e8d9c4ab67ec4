/**
 * Teams bot card actions: server time of adaptiveCard/action invokes (Action.Execute) — from the
 * request reaching POST /api/messages to the response being written — through the real express
 * endpoint, CloudAdapter, core and embedded store, one press at a time and with 10 people pressing
 * at once. Proactive messages go to a local Bot Connector and are part of the time. The embedded
 * Cosmos-protocol store runs in a child process, as a remote database would.
 * Prints p50/p95 per action against the 150 ms target. Run: `npx tsx bench/bot.ts` (or `npm run bench`).
 */
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCosmos } from '../store/embedded';
import { BotHarness, cardTexts } from '../test/bot/botHarness';

const TARGET_MS = 150;
const CASES = 60;

interface Row {
  action: string;
  mode: string;
  presses: number;
  p50: number;
  p95: number;
  target: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function row(action: string, mode: string, samples: number[]): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return { action, mode, presses: samples.length, p50: Math.round(percentile(sorted, 50) * 10) / 10, p95: Math.round(p95 * 10) / 10, target: p95 <= TARGET_MS ? 'ok' : 'MISSED' };
}

function executeData(card: unknown, verb: string): Record<string, unknown> {
  const json = JSON.stringify(card);
  const match = new RegExp(`"verb":"${verb}","data":(\\{[^}]*\\})`).exec(json);
  if (!match) throw new Error(`no ${verb} on the card`);
  return JSON.parse(match[1]) as Record<string, unknown>;
}

/** Server time of the last request handled, measured at the bot endpoint. */
const serverTimes: number[] = [];
const timing = (handler: RequestHandler): RequestHandler => (req, res, next) => {
  const started = performance.now();
  res.once('finish', () => serverTimes.push(performance.now() - started));
  return handler(req, res, next);
};

/** Runs one press and records its server time. */
async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const before = serverTimes.length;
  const result = await run();
  if (serverTimes.length !== before + 1) throw new Error('expected exactly one bot request per press');
  samples.push(serverTimes[before]);
  return result;
}

/** Presses at once: each press's own server time. */
async function timedTogether(samples: number[], runs: (() => Promise<unknown>)[]): Promise<void> {
  const before = serverTimes.length;
  await Promise.all(runs.map((run) => run()));
  samples.push(...serverTimes.slice(before));
}

/** Child process: the embedded store, until its parent closes stdin. */
async function serveStore(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-bot-store-'));
  const embedded = await startEmbeddedCosmos({ dataDir });
  process.stdout.write(`${JSON.stringify({ endpoint: embedded.endpoint, key: embedded.key })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    void embedded.stop().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function startStoreProcess(): Promise<{ endpoint: string; key: string; stop(): void }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', __filename, '--store'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`the store process exited (${code})`)));
  });
  return { ...(JSON.parse(line) as { endpoint: string; key: string }), stop: () => child.stdin!.end() };
}

async function main(): Promise<void> {
  const store = await startStoreProcess();
  const h = new BotHarness({ orgCacheMs: 10_000, wrapBotHandler: timing, externalStore: store });
  await h.start();
  try {
    // Everyone has talked to the bot once, so proactive messages go to stored personal chats.
    for (const who of ['handler', 'investigator', 'manager', 'director1', 'director2'] as const) await h.post(h.activity(who, { type: 'message', text: 'hello' }));
    const references: string[] = [];
    for (let i = 0; i < CASES; i += 1) {
      const data = { kind: 'complaint', channel: 'phone', nature: `Bench complaint ${i}`, service: 'Waste', customerName: 'Bench', receivedOn: '2026-03-04', receivedTime: '09:00', complex: 'true' };
      h.connector.reset();
      await h.post(h.activity('handler', { type: 'invoke', name: 'task/submit', value: { data } }));
      references.push(/Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((h.connector.activities()[0].activity.attachments as { content: unknown }[])[0].content))![1]);
    }
    const rows: Row[] = [];

    const refresh: number[] = [];
    for (const reference of references) await timed(refresh, () => h.execute('manager', 'refresh', { reference }));
    rows.push(row('refresh (read, personal card)', 'sequential', refresh));

    const assign: number[] = [];
    const cards = new Map<string, unknown>();
    for (const reference of references) {
      const response = await timed(assign, () => h.execute('manager', 'assign', { reference, rev: 1, assign_owner: 'u-investigator' }));
      cards.set(reference, response.card);
    }
    rows.push(row('assign (new owner told after)', 'sequential', assign));

    const request: number[] = [];
    for (const reference of references) {
      const card = (await h.execute('investigator', 'refresh', executeData(cards.get(reference), 'refresh'))).card;
      const response = await timed(request, () =>
        h.execute('investigator', 'requestSignoff', { ...executeData(card, 'requestSignoff'), signoff_summary: 'Draft', signoff_outcome: 'upheld' }),
      );
      cards.set(reference, response.card);
    }
    rows.push(row('request sign-off (approvers told after)', 'sequential', request));

    const approve: number[] = [];
    const half = references.length / 2;
    for (const reference of references.slice(0, half)) {
      await timed(approve, () => h.execute('director1', 'approveSignoff', executeData(cards.get(reference), 'refresh')));
    }
    rows.push(row('approve sign-off', 'sequential', approve));

    // Ten approvers' presses at once, on different cases.
    const parallel: number[] = [];
    const rest = references.slice(half);
    for (let i = 0; i < rest.length; i += 10) {
      await timedTogether(parallel, rest.slice(i, i + 10).map((reference) => () => h.execute('director2', 'approveSignoff', executeData(cards.get(reference), 'refresh'))));
    }
    rows.push(row('approve sign-off', '10 at once', parallel));

    console.log(`Card action server time (ms), ${CASES} cases, target p95 ≤ ${TARGET_MS} ms`);
    console.table(rows);
  } finally {
    await h.stop();
    store.stop();
  }
}

(process.argv.includes('--store') ? serveStore() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
