/**
 * Store bench against the embedded server (HTTPS, journaled): point read / create / update latency
 * (p50, p95) one request at a time, throughput with 8 in flight, and the caseload page (an owner's
 * 25 cases due soonest, scoped query + ORDER BY) over a seeded organisation.
 * Run: npx tsx bench/store.ts [seededCases=2000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Case } from '../core/types';
import { caseRepository } from '../store/cases';
import { startEmbeddedCosmos } from '../store/embedded';
import { openStore } from '../store/index';

const ORG = 'bench-org';
const OWNERS = 20;

function benchCase(n: number): Case {
  const reference = `CHP-2026-${String(n).padStart(6, '0')}`;
  const due = `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  return {
    reference, orgId: ORG, kind: 'complaint', status: 'stage1', channel: 'email',
    receivedAt: '2026-01-05T09:00:00Z', receivedOn: '2026-01-05',
    customer: { withheldDetails: false, anonymous: false, name: `Customer ${n}`, email: `c${n}@example.org` },
    nature: 'Repairs not done after three visits; '.repeat(12), service: ['Housing', 'Waste', 'Roads'][n % 3], socialWork: n % 7 === 0,
    owner: `owner-${n % OWNERS}`, loggedBy: 'logger',
    stage1: { clock: { startedOn: '2026-01-05', standardDue: due, extensionDays: 0, due }, extensions: [] },
    events: [{ id: `e-${n}`, at: '2026-01-05T09:00:00Z', by: 'logger', type: 'logged', summary: 'Logged by email' }],
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function latency(name: string, count: number, op: (i: number) => Promise<unknown>): Promise<string[]> {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    await op(i);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return [name, String(count), percentile(times, 50).toFixed(2), percentile(times, 95).toFixed(2), (count / seconds).toFixed(0)];
}

async function throughput(name: string, count: number, inFlight: number, op: (i: number) => Promise<unknown>): Promise<string[]> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) await op(next++);
  }));
  const seconds = (performance.now() - start) / 1000;
  return [`${name} (${inFlight} in flight)`, String(count), '', '', (count / seconds).toFixed(0)];
}

async function main(): Promise<void> {
  const seeded = Number(process.argv[2] ?? 2000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-store-'));
  const server = await startEmbeddedCosmos({ dataDir });
  const store = await openStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId: 'bench' });
  try {
    const bare = caseRepository(store.containers.cases);
    let seedNext = 1;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (seedNext <= seeded) await bare.create(benchCase(seedNext++));
    }));
    const docBytes = Buffer.byteLength(JSON.stringify(benchCase(1)));
    const ref = (i: number) => `CHP-2026-${String(1 + (i % seeded)).padStart(6, '0')}`;
    const rows: string[][] = [];
    rows.push(await latency('point read (cases.get)', 500, (i) => store.cases.get(ORG, ref(i))));
    rows.push(await latency('create (cases.create, with aggregates)', 300, (i) => store.cases.create(benchCase(seeded + 1 + i))));
    rows.push(await latency('create (bare repository)', 300, (i) => bare.create(benchCase(seeded + 1001 + i))));
    rows.push(await latency('update (read + replace IfMatch)', 300, (i) =>
      store.cases.update(ORG, ref(i * 7), (c) => ({ ok: true, value: { case: { ...c, events: [...c.events, { id: `u-${i}`, at: '2026-01-06T09:00:00Z', by: 'b', type: 'updated' as const, summary: 'x' }] } } })),
    ));
    rows.push(await latency(`caseload page (25 of ~${Math.round(seeded / OWNERS)}, ORDER BY due)`, 40, (i) =>
      store.cases.list(ORG, { scope: { all: false, services: [], userId: `owner-${i % OWNERS}`, socialWork: false }, sort: 'due', limit: 25 }),
    ));
    rows.push(await throughput('point read', 2000, 8, (i) => store.cases.get(ORG, ref(i))));
    rows.push(await throughput('create (bare repository)', 1000, 8, (i) => bare.create(benchCase(seeded + 5001 + i))));

    const header = ['operation', 'n', 'p50 ms', 'p95 ms', 'ops/s'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
    console.log(`store bench — embedded server, ${seeded} cases seeded, case document ≈ ${(docBytes / 1024).toFixed(1)} KB, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    rows.forEach((r) => console.log(line(r)));
  } finally {
    await store.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
