/**
 * The caseload's open lists read the open working set (the `open` flag, indexed by the embedded
 * server and by Azure): results must be exactly those of before — the full scan — page by page,
 * continuation tokens included, and those of a naive in-memory filter and sort. Cases are closed,
 * reopened and removed after creation, so the index is kept through replaces and deletes too.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OPEN_STATUSES } from '../../core/caseload';
import { CASE_STATUSES, type Case, type CaseStatus } from '../../core/types';
import { isOpenOnlyQuery, OpenIndexedMap, useFullScan } from '../../store/embedded-open-index';
import type { CaseListQuery } from '../../store/index';
import { isOpenStatus, runningDue, searchText, toDocument } from '../../store/case-document';
import { openStore } from '../../store/index';
import { ALL_SCOPE, sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';
import { seededRandom } from '../../server/seeded-random';

const ORG = 'org-open-index';
const ref = (n: number) => `CHP-2025-${String(n).padStart(6, '0')}`;
const OWNERS = ['u-a', 'u-b', 'u-c'];
const SERVICES = ['Waste', 'Housing', 'Roads'];
const day = (n: number) => `2026-0${1 + (n % 6)}-${String(1 + (n % 27)).padStart(2, '0')}`;

function generatedCase(n: number, random: () => number): Case {
  const status = CASE_STATUSES[Math.floor(random() * CASE_STATUSES.length)];
  const due = day(Math.floor(random() * 200));
  const clock = { startedOn: '2026-01-01', standardDue: due, extensionDays: 0, due };
  const stage2 = status.startsWith('stage2')
    ? { stage2: { clock, extensions: [], initiatedOn: '2026-01-01', route: 'direct' as const, acknowledgeBy: '2026-01-05', ...(random() < 0.5 ? { signOff: { author: OWNERS[n % 3] } } : {}) } }
    : {};
  return sampleCase(ORG, ref(n), {
    status,
    owner: random() < 0.15 ? undefined : OWNERS[Math.floor(random() * 3)],
    loggedBy: random() < 0.3 ? 'u-a' : 'u-logger',
    service: SERVICES[Math.floor(random() * 3)],
    socialWork: random() < 0.2,
    receivedAt: `2025-12-${String(1 + (n % 28)).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:00:00Z`,
    nature: random() < 0.2 ? 'Pothole on Duke Street' : `Complaint ${n}`,
    stage1: { clock, extensions: [] },
    ...stage2,
  } as Partial<Case>);
}

/** What whereClause (store/cases.ts) means, in plain TypeScript. */
function matches(c: Case, q: CaseListQuery): boolean {
  const doc = toDocument(c);
  if (!q.scope.all) {
    const visible = (q.scope.userId && (c.owner === q.scope.userId || c.loggedBy === q.scope.userId)) || q.scope.services.includes(c.service) || (q.scope.socialWork && c.socialWork);
    if (!visible) return false;
  }
  if (q.owner !== undefined && c.owner !== q.owner) return false;
  if (typeof q.service === 'string' && c.service !== q.service) return false;
  let statuses = q.status;
  if (q.stage !== undefined) statuses = (statuses ?? CASE_STATUSES.filter((s) => s.startsWith(`stage${q.stage}`))).filter((s) => s.startsWith(`stage${q.stage}`));
  if (q.overdueOn !== undefined) {
    statuses = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
    if (!(doc.dueOn < q.overdueOn)) return false;
  }
  if (statuses !== undefined && !statuses.includes(c.status)) return false;
  if (q.notDraftedBy !== undefined && c.stage2?.signOff?.author === q.notDraftedBy) return false;
  if (q.text && !searchText(c).includes(q.text.toLowerCase())) return false;
  return true;
}

const SORT_KEY: Record<string, (c: Case) => string> = { due: (c) => runningDue(c), received: (c) => c.receivedAt, reference: (c) => c.reference };

const statusSets: CaseStatus[][] = [[...OPEN_STATUSES], ['stage1'], ['stage2', 'stage2-signoff'], ['stage2-signoff'], ['stage1-closed', 'stage2-closed'], [...CASE_STATUSES]];
const queryArb = fc.record(
  {
    scope: fc.constantFrom(ALL_SCOPE, { all: false, services: ['Waste'], userId: 'u-a', socialWork: true }, { all: false, services: [], userId: 'u-b', socialWork: false }),
    owner: fc.option(fc.constantFrom(...OWNERS), { nil: undefined }),
    service: fc.option(fc.constantFrom(...SERVICES), { nil: undefined }),
    status: fc.option(fc.constantFrom(...statusSets), { nil: undefined }),
    stage: fc.option(fc.constantFrom(1 as const, 2 as const), { nil: undefined }),
    overdueOn: fc.option(fc.constantFrom('2026-03-01', '2026-05-15'), { nil: undefined }),
    notDraftedBy: fc.option(fc.constantFrom(...OWNERS), { nil: undefined }),
    text: fc.option(fc.constantFrom('duke', '1'), { nil: undefined }),
    sort: fc.constantFrom('due' as const, 'received' as const, 'reference' as const),
    limit: fc.integer({ min: 1, max: 40 }),
  },
  { requiredKeys: ['scope', 'sort', 'limit'] },
);

describe('store: the open working set gives the caseload’s results unchanged', function () {
  this.timeout(180_000);
  let f: StoreFixture;
  const cases = new Map<string, Case>();

  before(async () => {
    f = await startFixture();
    const random = seededRandom(18);
    for (let n = 1; n <= 150; n += 1) {
      const c = generatedCase(n, random);
      await f.store.cases.create(c);
      cases.set(c.reference, c);
    }
    // Close some open cases, reopen some closed ones (the flag and the index follow), remove a few.
    for (let n = 1; n <= 150; n += 7) {
      const next: CaseStatus = isOpenStatus(cases.get(ref(n))!.status) ? 'stage1-closed' : 'stage2';
      const saved = await f.store.cases.update(ORG, ref(n), (c) => ({ ok: true, value: { case: { ...c, status: next } } }));
      assert.ok(saved.ok);
      cases.set(ref(n), saved.value.case);
    }
    // Removed: four open cases and two closed ones.
    const open = [...cases.values()].filter((c) => isOpenStatus(c.status)).slice(0, 4);
    const closed = [...cases.values()].filter((c) => !isOpenStatus(c.status)).slice(0, 2);
    for (const c of [...open, ...closed]) {
      assert.equal(await f.store.cases.remove(ORG, c.reference), true);
      cases.delete(c.reference);
    }
  });
  after(async () => {
    useFullScan(false);
    await stopFixture(f);
  });

  async function pages(query: CaseListQuery): Promise<{ refs: string[]; continuations: (string | undefined)[] }> {
    const refs: string[] = [];
    const continuations: (string | undefined)[] = [];
    let continuation: string | undefined;
    do {
      const page = await f.store.cases.listRows(ORG, { ...query, continuation });
      refs.push(...page.items.map((c) => c.reference));
      continuations.push((continuation = page.continuation));
    } while (continuation);
    return { refs, continuations };
  }

  it('pages exactly as the full scan did and as a naive filter and sort says, for any list the caseload asks for', async () => {
    let openOnly = 0;
    await fc.assert(
      fc.asyncProperty(queryArb, async (query) => {
        const indexed = await pages(query);
        const [total] = [await f.store.cases.count(ORG, query)];
        useFullScan(true);
        try {
          assert.deepEqual(indexed, await pages(query), 'same rows, order and continuation tokens as the full scan');
          assert.equal(total, await f.store.cases.count(ORG, query), 'same count as the full scan');
        } finally {
          useFullScan(false);
        }
        const expected = [...cases.values()].filter((c) => matches(c, query));
        assert.deepEqual([...indexed.refs].sort(), expected.map((c) => c.reference).sort(), 'the rows a naive filter finds');
        assert.equal(total, expected.length);
        const key = SORT_KEY[query.sort ?? 'due'];
        const keys = indexed.refs.map((r) => key(cases.get(r)!));
        const sorted = expected.map(key).sort();
        assert.deepEqual(keys, query.sort === 'received' ? sorted.reverse() : sorted, 'in the naive order');
        if ((query.status ?? (query.overdueOn ? OPEN_STATUSES : undefined))?.every((s) => OPEN_STATUSES.includes(s))) openOnly += 1;
      }),
      { numRuns: 60, seed: 18 },
    );
    assert.ok(openOnly > 10, `the open working set was used (${openOnly} of 60 queries)`);
  });

  it('uses the index only where c.open = true must hold for every row', () => {
    assert.equal(isOpenOnlyQuery("SELECT * FROM c WHERE c.open = true AND c.orgId = @orgId AND (c.owner = @u OR c.loggedBy = @u) ORDER BY c.dueOn ASC"), true);
    assert.equal(isOpenOnlyQuery('SELECT VALUE COUNT(1) FROM c WHERE c.open = true'), true);
    assert.equal(isOpenOnlyQuery('SELECT * FROM c WHERE c.open = true AND c.a = 1 OR c.b = 2'), false, 'a top-level OR lets closed rows through');
    assert.equal(isOpenOnlyQuery('SELECT * FROM c WHERE c.open = true OR c.b = 2'), false);
    assert.equal(isOpenOnlyQuery("SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'case'"), false);
    assert.equal(isOpenOnlyQuery("SELECT * FROM c WHERE c.open = true AND c.x = ')' OR c.y = 1"), false, 'brackets inside quotes do not hide an OR');
    assert.equal(isOpenOnlyQuery('SELECT * FROM c WHERE c.open = trueish'), false);
  });

  it('keeps the open items in the collection’s order, also when one is overwritten in place', () => {
    const item = (open: boolean) => ({ read: () => ({ open }) });
    const map = new OpenIndexedMap();
    map.set('a', item(true)).set('b', item(false)).set('c', item(true)).set('d', item(true));
    map.set('b', item(true)); // overwritten in place: Map keeps b's position
    map.set('c', item(false));
    map.delete('d');
    const order = (m: OpenIndexedMap) => [...m.open()].map((i) => [...m.entries()].find(([, v]) => v === i)?.[0]);
    assert.deepEqual(order(map), ['a', 'b'], 'open items in the map’s own order');
    assert.deepEqual(order(new OpenIndexedMap([['x', item(true)], ['y', item(false)]])), ['x']);
  });

  it('flags cases written before the flag existed when the store opens, so the open lists find them', async () => {
    const old = { ...toDocument(sampleCase(ORG, 'CHP-2024-000001', { status: 'stage1' })) } as Partial<ReturnType<typeof toDocument>>;
    const oldClosed = { ...toDocument(sampleCase(ORG, 'CHP-2024-000002', { status: 'stage1-closed' })) } as Partial<ReturnType<typeof toDocument>>;
    delete old.open;
    delete oldClosed.open;
    await f.store.containers.cases.items.create(old);
    await f.store.containers.cases.items.create(oldClosed);
    const openQuery: CaseListQuery = { scope: ALL_SCOPE, status: [...OPEN_STATUSES], text: 'chp-2024', limit: 10 };
    assert.deepEqual((await f.store.cases.listRows(ORG, openQuery)).items, [], 'without the flag an open list misses it');

    const reopened = await openStore({ endpoint: f.server.endpoint, key: f.server.key, agent: f.server.agent, databaseId: 'chp-test' });
    try {
      assert.deepEqual((await reopened.cases.listRows(ORG, openQuery)).items.map((c) => c.reference), ['CHP-2024-000001']);
      const { resource } = await reopened.containers.cases.item('CHP-2024-000002', ORG).read();
      assert.equal(resource.open, false);
      assert.equal((await reopened.cases.get(ORG, 'CHP-2024-000001'))?.status, 'stage1', 'the case reads as before (the flag is storage only)');
    } finally {
      await reopened.close();
      for (const id of ['CHP-2024-000001', 'CHP-2024-000002']) await f.store.containers.cases.item(id, ORG).delete();
    }
  });
});
