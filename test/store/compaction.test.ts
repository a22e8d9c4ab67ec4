/**
 * Compaction (the journal folded into the snapshot, store/embedded.ts) must lose nothing when the
 * process dies in the middle of it: after the new snapshot is written but before it replaces the old
 * one, and after it replaced it but before the journal is emptied. A writer child is killed (SIGKILL,
 * from inside, at that exact point); every write it had acknowledged must be there after a restart,
 * and a restart compacts again and is read back the same.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_SCOPE, startFixture, stopFixture, type StoreFixture } from './helpers';

async function runUntilCrash(dataDir: string, point: string): Promise<string[]> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'compaction-writer.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CHP_EMBEDDED_CRASH_AT: point },
  });
  const acknowledged: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
  assert.equal(signal, 'SIGKILL', `the writer died at the crash point, not otherwise: ${stderr}`);
  return acknowledged;
}

async function storedReferences(f: StoreFixture): Promise<Set<string>> {
  const stored = new Set<string>();
  let continuation: string | undefined;
  do {
    const page = await f.store.cases.listRows('org-compact', { scope: ALL_SCOPE, limit: 200, continuation, sort: 'reference' });
    page.items.forEach((c) => stored.add(c.reference));
    continuation = page.continuation;
  } while (continuation);
  return stored;
}

describe('store: a crash during compaction loses nothing', function () {
  this.timeout(120_000);
  let f: StoreFixture | undefined;
  afterEach(async () => {
    await stopFixture(f);
    f = undefined;
  });

  for (const point of ['snapshot-written', 'snapshot-renamed']) {
    it(`keeps every acknowledged write when killed at ${point}`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-compact-'));
      const acknowledged = await runUntilCrash(dataDir, point);
      assert.ok(acknowledged.length > 50, `writes were acknowledged before the compaction (${acknowledged.length})`);
      if (point === 'snapshot-written') assert.ok(fs.existsSync(path.join(dataDir, 'snapshot.json.tmp')) && !fs.existsSync(path.join(dataDir, 'snapshot.json')), 'died before the rename');
      else assert.ok(fs.existsSync(path.join(dataDir, 'snapshot.json')) && fs.statSync(path.join(dataDir, 'journal.ndjson')).size > 0, 'died before the journal was emptied');

      f = await startFixture(dataDir);
      const stored = await storedReferences(f);
      assert.deepEqual(acknowledged.filter((r) => !stored.has(r)), [], 'every acknowledged write survived');
      assert.ok(stored.size <= acknowledged.length + 8, `at most the writes in flight are extra (${stored.size} vs ${acknowledged.length})`);
      await stopFixture(f, false);

      // The restart replayed and compacted again: a second restart reads the same from the snapshot alone.
      f = await startFixture(dataDir);
      assert.deepEqual([...(await storedReferences(f))].sort(), [...stored].sort());
      const lines = fs.readFileSync(path.join(dataDir, 'snapshot.json'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(lines[0].version, 2, 'the snapshot is written a line per document');
      await stopFixture(f, false);

      // A data dir of an earlier release (one-JSON snapshot, version 1) is still read.
      type Line = { t: string; db: string; coll: string; data: { id: string }; collRidCount: number; docRidCount: number };
      const body = lines.slice(1) as Line[];
      const v1 = {
        version: 1,
        seq: lines[0].seq,
        dbRidCount: lines[0].dbRidCount,
        databases: body.filter((l) => l.t === 'db').map((db) => ({
          data: db.data,
          collRidCount: db.collRidCount,
          collections: body.filter((l) => l.t === 'coll' && l.db === db.data.id).map((coll) => ({
            data: coll.data,
            docRidCount: coll.docRidCount,
            docs: body.filter((l) => l.t === 'doc' && l.db === db.data.id && l.coll === coll.data.id).map((l) => l.data),
          })),
        })),
      };
      fs.writeFileSync(path.join(dataDir, 'snapshot.json'), JSON.stringify(v1));
      f = await startFixture(dataDir);
      assert.deepEqual([...(await storedReferences(f))].sort(), [...stored].sort(), 'a version 1 snapshot reads the same');
    });
  }
});
