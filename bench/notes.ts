/**
 * Case notes at volume: 1,000 notes added to one case through the API (real HTTP, embedded store),
 * then the whole timeline read page by page as the tab reads it. Reports p50/p95 of adding a note and
 * the time to read every page. The case document never grows: each note is its own document.
 * Run: `npx tsx bench/notes.ts [--notes N] [--concurrency N] [--page N]`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { seedDemo } from '../server/seed';
import { startEmbeddedCosmos } from '../store/embedded';
import { openStore } from '../store/index';

const { values } = parseArgs({ options: { notes: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '4' }, page: { type: 'string', default: '50' } } });
const NOTES = Number(values.notes);
const CONCURRENCY = Number(values.concurrency);
const PAGE = Number(values.page);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-notes-'));
  const embedded = await startEmbeddedCosmos({ dataDir });
  const store = await openStore({ endpoint: embedded.endpoint, key: embedded.key, agent: embedded.agent, databaseId: 'bench-notes' });
  await seedDemo(store, { history: false });
  const server = createApp({ store, devSignIn: true, logger: { info: () => undefined, error: console.error }, orgCacheMs: 60_000 }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const headers = { 'X-Dev-User': 'demo-handler', 'Content-Type': 'application/json' };
  try {
    const list = (await (await fetch(`${base}/cases?limit=1`, { headers })).json()) as { items: { reference: string }[] };
    const reference = list.items[0].reference;
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < NOTES) {
        const i = next++;
        const started = performance.now();
        const res = await fetch(`${base}/cases/${reference}/notes`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ kind: i % 3 === 0 ? 'phone-call' : 'file-note', ...(i % 3 === 0 ? { with: 'The customer' } : {}), text: `Note ${i}: ${'Spoke about the repair and the next visit. '.repeat(4)}` }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`note ${i}: ${res.status}`);
        latencies.push(performance.now() - started);
      }
    };
    const addStarted = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const addSeconds = (performance.now() - addStarted) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(`added ${NOTES} notes to ${reference} (${CONCURRENCY} at a time) in ${addSeconds.toFixed(1)} s: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);

    const caseDoc = await (await fetch(`${base}/cases/${reference}`, { headers })).text();
    console.log(`the case document is still ${(caseDoc.length / 1024).toFixed(1)} KiB`);

    const readStarted = performance.now();
    const pageTimes: number[] = [];
    let continuation: string | undefined;
    let seen = 0;
    do {
      const started = performance.now();
      const res = await fetch(`${base}/cases/${reference}/notes?limit=${PAGE}${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`, { headers });
      const page = (await res.json()) as { items: unknown[]; continuation?: string };
      pageTimes.push(performance.now() - started);
      seen += page.items.length;
      continuation = page.continuation;
    } while (continuation);
    pageTimes.sort((a, b) => a - b);
    if (seen !== NOTES) throw new Error(`the timeline held ${seen} notes, not ${NOTES}`);
    console.log(
      `read the whole timeline (${seen} notes, ${pageTimes.length} pages of ${PAGE}) in ${(performance.now() - readStarted).toFixed(0)} ms: p50 ${percentile(pageTimes, 50).toFixed(1)} ms a page, p95 ${percentile(pageTimes, 95).toFixed(1)} ms`,
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
