/**
 * Start-up of the embedded server from its data dir (store/embedded.ts): the snapshot is loaded a
 * line per document straight into the collections, and a replayed journal is compacted only when it
 * is long beside the snapshot. Whatever path a start takes, the caseload must read back exactly as
 * before it (same rows, order, continuation tokens and counts; same ETags and resource ids), and a
 * crash inside the start-up compaction — a real child process killed at each step — loses nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OPEN_STATUSES } from '../../core/caseload';
import { CASE_STATUSES, type Case } from '../../core/types';
import type { CaseListQuery } from '../../store/index';
import { seededRandom } from '../../server/seeded-random';
import { ALL_SCOPE, sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

const ORG = 'org-startup';
const ref = (n: number) => `CHP-2026-${String(n).padStart(6, '0')}`;
const OWNERS = ['u-a', 'u-b', 'u-c'];

function varied(n: number, random: () => number): Case {
  const status = CASE_STATUSES[Math.floor(random() * CASE_STATUSES.length)];
  const due = `2026-0${1 + Math.floor(random() * 9)}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const clock = { startedOn: '2026-01-01', standardDue: due, extensionDays: 0, due };
  const stage2 = status.startsWith('stage2') ? { stage2: { clock, extensions: [], initiatedOn: '2026-01-01', route: 'direct' as const, acknowledgeBy: '2026-01-05' } } : {};
  return sampleCase(ORG, ref(n), {
    status,
    owner: OWNERS[n % 3],
    service: random() < 0.5 ? 'Waste' : 'Housing',
    receivedAt: `2025-12-${String(1 + (n % 28)).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:00:00Z`,
    nature: `Complaint ${n} ${'about the service '.repeat(1 + (n % 5))}`,
    stage1: { clock, extensions: [] },
    ...stage2,
  } as Partial<Case>);
}

/** The caseload lists the tab asks for (open lists use the open index), page size 7 to get many pages. */
const LISTS: CaseListQuery[] = [
  { scope: ALL_SCOPE, status: [...OPEN_STATUSES], sort: 'due', limit: 7 },
  { scope: ALL_SCOPE, status: [...OPEN_STATUSES], owner: 'u-b', sort: 'received', limit: 7 },
  { scope: ALL_SCOPE, status: [...OPEN_STATUSES], overdueOn: '2026-04-01', sort: 'due', limit: 7 },
  { scope: { all: false, services: ['Waste'], userId: 'u-a', socialWork: false }, status: [...OPEN_STATUSES], sort: 'reference', limit: 7 },
  { scope: ALL_SCOPE, status: ['stage1-closed', 'stage2-closed'], text: 'complaint 1', sort: 'reference', limit: 7 },
  { scope: ALL_SCOPE, sort: 'due', limit: 7 },
];

/** Every page of every list (rows, continuation tokens), the counts, and each document's ETag and rid. */
async function everything(f: StoreFixture): Promise<unknown> {
  const lists = [];
  for (const query of LISTS) {
    const pages: { refs: string[]; continuation?: string }[] = [];
    let continuation: string | undefined;
    do {
      const page = await f.store.cases.listRows(ORG, { ...query, continuation });
      pages.push({ refs: page.items.map((c) => c.reference), continuation: page.continuation });
      continuation = page.continuation;
    } while (continuation);
    const { sort: _sort, limit: _limit, ...filters } = query;
    lists.push({ pages, count: await f.store.cases.count(ORG, filters) });
  }
  const { resources } = await f.store.containers.cases.items.query({ query: 'SELECT c.id, c._etag, c._rid FROM c' }).fetchAll();
  return { lists, documents: resources };
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function crashAtStart(dataDir: string, point: string): Promise<void> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'startup-child.ts'), dataDir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CHP_EMBEDDED_CRASH_AT: point } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
  assert.equal(signal, 'SIGKILL', `the starting server died at ${point}, not otherwise: ${stderr}`);
}

describe('store: start-up from the data dir', function () {
  this.timeout(180_000);
  let f: StoreFixture | undefined;
  afterEach(async () => {
    await stopFixture(f);
    f = undefined;
  });

  /** A data dir with 120 varied cases, some updated and removed, in the journal only (no snapshot). */
  async function journalOnly(): Promise<string> {
    f = await startFixture();
    const random = seededRandom(18);
    for (let n = 1; n <= 120; n += 1) await f.store.cases.create(varied(n, random));
    for (let n = 1; n <= 120; n += 9) {
      const saved = await f.store.cases.update(ORG, ref(n), (c) => ({ ok: true, value: { case: { ...c, status: c.status === 'stage1' ? 'stage1-closed' : 'stage1', owner: 'u-c' } } }));
      assert.ok(saved.ok);
    }
    for (let n = 5; n <= 120; n += 17) assert.equal(await f.store.cases.remove(ORG, ref(n)), true);
    const { dataDir } = f;
    await stopFixture(f, false);
    f = undefined;
    assert.equal(fs.existsSync(path.join(dataDir, 'snapshot.json')), false);
    return dataDir;
  }

  it('replays a short journal beside the snapshot without rewriting it, and reads back the same caseload', async () => {
    const dataDir = await journalOnly();
    // First start: no snapshot yet, so the replay compacts.
    f = await startFixture(dataDir);
    assert.ok(fs.existsSync(path.join(dataDir, 'snapshot.json')), 'a replay with no snapshot compacts');
    assert.equal(fs.statSync(path.join(dataDir, 'journal.ndjson')).size, 0);
    // A few changes after it: a short journal beside the snapshot.
    await f.store.cases.create(varied(500, seededRandom(5)));
    await f.store.cases.update(ORG, ref(2), (c) => ({ ok: true, value: { case: { ...c, owner: 'u-a' } } }));
    assert.equal(await f.store.cases.remove(ORG, ref(3)), true);
    const before = await everything(f);
    await stopFixture(f, false);
    const snapshot = sha(path.join(dataDir, 'snapshot.json'));
    const journalBytes = fs.statSync(path.join(dataDir, 'journal.ndjson')).size;
    assert.ok(journalBytes > 0);

    f = await startFixture(dataDir);
    assert.equal(sha(path.join(dataDir, 'snapshot.json')), snapshot, 'the snapshot was not rewritten');
    assert.equal(fs.statSync(path.join(dataDir, 'journal.ndjson')).size, journalBytes, 'the journal is kept and replayed');
    assert.deepEqual(await everything(f), before, 'same rows, order, pages, counts, ETags and rids after the start');
    // New writes continue the journal and the resource ids: nothing is overwritten.
    const { case: added } = await f.store.cases.create(varied(501, seededRandom(6)));
    const rids = new Set(((before as { documents: { _rid: string }[] }).documents).map((d) => d._rid));
    const { resource } = await f.store.containers.cases.item(added.reference, ORG).read<{ _rid: string }>();
    assert.ok(resource && !rids.has(resource._rid), 'a new document gets a new resource id');
    const after = await everything(f);
    await stopFixture(f, false);
    f = await startFixture(dataDir);
    assert.deepEqual(await everything(f), after, 'and the next start reads the same again');
  });

  it('compacts at start when the journal is long beside the snapshot', async () => {
    const dataDir = await journalOnly();
    f = await startFixture(dataDir);
    const snapshotBytes = fs.statSync(path.join(dataDir, 'snapshot.json')).size;
    // Rewrite every case a few times: a journal well over a quarter of the snapshot.
    for (let round = 0; round < 2; round += 1) {
      for (let n = 1; n <= 120; n += 1) {
        if (n % 17 === 5) continue;
        await f.store.cases.update(ORG, ref(n), (c) => ({ ok: true, value: { case: { ...c, owner: OWNERS[(n + round) % 3] } } }));
      }
    }
    const before = await everything(f);
    await stopFixture(f, false);
    assert.ok(fs.statSync(path.join(dataDir, 'journal.ndjson')).size > snapshotBytes / 4);
    f = await startFixture(dataDir);
    assert.equal(fs.statSync(path.join(dataDir, 'journal.ndjson')).size, 0, 'the long journal was folded into the snapshot');
    assert.deepEqual(await everything(f), before);
  });

  for (const point of ['snapshot-writing', 'snapshot-written', 'snapshot-renamed']) {
    it(`loses nothing when a starting server is killed inside its compaction (${point})`, async () => {
      const dataDir = await journalOnly();
      // What the data dir holds, read without compacting: a reference start from a copy of it.
      const copy = `${dataDir}-copy`;
      fs.cpSync(dataDir, copy, { recursive: true });
      f = await startFixture(copy);
      const expected = await everything(f);
      await stopFixture(f);
      f = undefined;

      await crashAtStart(dataDir, point);
      const files = fs.readdirSync(dataDir);
      if (point === 'snapshot-renamed') assert.ok(files.includes('snapshot.json') && fs.statSync(path.join(dataDir, 'journal.ndjson')).size > 0, 'died after the rename, before the journal was emptied');
      else assert.ok(files.includes('snapshot.json.tmp') && !files.includes('snapshot.json'), 'died before the rename');
      f = await startFixture(dataDir);
      assert.deepEqual(await everything(f), expected, 'every case, ETag and page as before the crash');
      await stopFixture(f, false);
      f = await startFixture(dataDir);
      assert.deepEqual(await everything(f), expected, 'and again from the snapshot the restart wrote');
    });
  }
});
