import assert from 'node:assert/strict';
import { importCases, ImportFailedError, ImportValidationError, type ImportProgress } from '../../store/import';
import type { Store } from '../../store/index';
import { sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

const ref = (n: number) => `CHP-2025-${String(n).padStart(6, '0')}`;

async function countCases(f: StoreFixture, orgId: string): Promise<number> {
  const query = { query: "SELECT VALUE COUNT(1) FROM c WHERE c.orgId = @orgId AND c.type = 'case'", parameters: [{ name: '@orgId', value: orgId }] };
  const { resources } = await f.store.containers.cases.items.query<number>(query, { partitionKey: orgId }).fetchAll();
  return resources[0];
}

describe('store: import', function () {
  this.timeout(300_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => stopFixture(f));

  it('refuses a file with any bad case and writes nothing', async () => {
    const cases = [
      sampleCase('org-bad', ref(1)),
      sampleCase('org-bad', ref(2), { kind: 'grumble' as never }),
      sampleCase('org-other', ref(3)),
      sampleCase('org-bad', ref(1)),
      sampleCase('org-bad', 'REF-1'),
    ];
    await assert.rejects(importCases(f.store, 'org-bad', cases), (err: unknown) => {
      assert.ok(err instanceof ImportValidationError);
      assert.equal(err.problems.length, 4, err.message);
      assert.match(err.message, /case 2 \(CHP-2025-000002\): kind/);
      assert.match(err.message, /belongs to organisation "org-other"/);
      assert.match(err.message, /also used by case 1/);
      assert.match(err.message, /must look like CHP-2026-000123/);
      return true;
    });
    assert.equal(await countCases(f, 'org-bad'), 0);
  });

  it('removes what it wrote when a write fails midway, and keeps what was there before', async () => {
    await f.store.cases.create(sampleCase('org-fail', ref(3), { nature: 'already here' }));
    let calls = 0;
    // The real store, with the 40th create — or the second request of many cases — failing as a lost connection would.
    let batches = 0;
    const failing: Store = {
      ...f.store,
      cases: {
        ...f.store.cases,
        create: async (c) => {
          calls += 1;
          if (calls === 40) throw new Error('connection reset');
          return f.store.cases.create(c);
        },
        createMany: async (many) => {
          batches += 1;
          if (batches === 2) throw new Error('connection reset');
          return f.store.cases.createMany(many);
        },
      },
    };
    const cases = Array.from({ length: 100 }, (_, i) => sampleCase('org-fail', ref(i + 1)));
    await assert.rejects(importCases(failing, 'org-fail', cases), (err: unknown) => {
      assert.ok(err instanceof ImportFailedError);
      assert.deepEqual(err.leftBehind, []);
      assert.match(err.message, /connection reset/);
      return true;
    });
    assert.equal(await countCases(f, 'org-fail'), 1);
    assert.equal((await f.store.cases.get('org-fail', ref(3)))?.nature, 'already here');
  });
});

describe('store: import of a large file', function () {
  this.timeout(600_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => stopFixture(f));

  it('imports 10,000 cases with progress, then skips them all when the same file is imported again', async () => {
    const cases = Array.from({ length: 10_000 }, (_, i) => sampleCase('org-big', ref(i + 1), { source: { kind: 'email', messageId: `msg-${i + 1}` } }));
    const progress: ImportProgress[] = [];
    const first = await importCases(f.store, 'org-big', cases, (p) => progress.push(p));
    assert.equal(first.created.length, 10_000);
    assert.equal(first.existing.length, 0);
    assert.equal(await countCases(f, 'org-big'), 10_000);
    assert.ok(progress.length >= 100, 'progress is reported along the way');
    assert.deepEqual(progress.at(-1), { done: 10_000, total: 10_000, created: 10_000, existing: 0 });
    assert.ok(progress.every((p, i) => i === 0 || p.done > progress[i - 1].done));
    assert.equal(await f.store.references.next('org-big', 2025), ref(10_001), 'new references continue after the imported ones');

    const again = await importCases(f.store, 'org-big', cases.slice(0, 500));
    assert.deepEqual([again.created.length, again.existing.length], [0, 500]);
    assert.equal(await countCases(f, 'org-big'), 10_000);
  });
});
