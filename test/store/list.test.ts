import assert from 'node:assert/strict';
import type { Case } from '../../core/types';
import type { CaseListQuery } from '../../store/index';
import { ALL_SCOPE, sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

const ORG = 'org-list';
const ref = (n: number) => `CHP-2026-${String(n).padStart(6, '0')}`;
const day = (n: number) => `2026-04-${String(n).padStart(2, '0')}`;

/** 30 cases: owners alternate, services rotate, every fifth is social work, due dates spread over April. */
function fixtureCase(n: number): Case {
  const services = ['Waste', 'Housing', 'Roads'];
  return sampleCase(ORG, ref(n), {
    owner: n % 2 === 0 ? 'u-even' : 'u-odd',
    loggedBy: n === 7 ? 'u-logger-7' : 'u-logger',
    service: services[n % 3],
    socialWork: n % 5 === 0,
    receivedAt: `2026-03-${String(n).padStart(2, '0')}T10:00:00Z`,
    nature: n === 13 ? 'Pothole on Duke Street damaged my car' : `Complaint number ${n}`,
    status: n > 25 ? 'stage1-closed' : 'stage1',
    stage1: { clock: { startedOn: day(1), standardDue: day(n), extensionDays: 0, due: day(n) }, extensions: [] },
  });
}

describe('store: case lists', function () {
  this.timeout(60_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
    for (let n = 1; n <= 30; n += 1) await f.store.cases.create(fixtureCase(n));
    await f.store.cases.create(sampleCase('org-other', ref(1)));
  });
  after(() => stopFixture(f));

  async function all(query: Omit<CaseListQuery, 'limit' | 'continuation'>, limit = 7): Promise<{ refs: string[]; pages: number }> {
    const refs: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await f.store.cases.list(ORG, { ...query, limit, continuation });
      assert.ok(page.items.length <= limit, `a page holds at most ${limit}`);
      refs.push(...page.items.map((c) => c.reference));
      continuation = page.continuation;
      pages += 1;
    } while (continuation);
    return { refs, pages };
  }

  it('pages through every case of the organisation with continuation tokens, sorted by due date', async () => {
    const { refs, pages } = await all({ scope: ALL_SCOPE, sort: 'due' });
    assert.equal(refs.length, 30);
    assert.equal(new Set(refs).size, 30, 'no case twice across pages');
    assert.ok(pages >= 5, `7 per page over 30 cases takes at least 5 pages, got ${pages}`);
    // Open cases by due date first; closed ones have no running clock and come last.
    assert.deepEqual(refs.slice(0, 25), Array.from({ length: 25 }, (_, i) => ref(i + 1)));
  });

  it('sorts by received (newest first) and by reference', async () => {
    assert.equal((await all({ scope: ALL_SCOPE, sort: 'received' })).refs[0], ref(30));
    assert.deepEqual((await all({ scope: ALL_SCOPE, sort: 'reference' })).refs, Array.from({ length: 30 }, (_, i) => ref(i + 1)));
  });

  it('limits an owner-or-logger scope to own and logged cases', async () => {
    const { refs } = await all({ scope: { all: false, services: [], userId: 'u-logger-7', socialWork: false } });
    assert.deepEqual(refs, [ref(7)]);
    const odd = await all({ scope: { all: false, services: [], userId: 'u-odd', socialWork: false } });
    assert.equal(odd.refs.length, 15);
  });

  it('limits a services scope, a social work (CSWO) scope, and shows nothing for an empty scope', async () => {
    const housing = await all({ scope: { all: false, services: ['Housing'], userId: '', socialWork: false } });
    assert.equal(housing.refs.length, 10);
    const cswo = await all({ scope: { all: false, services: [], userId: '', socialWork: true } });
    assert.deepEqual(cswo.refs.sort(), [5, 10, 15, 20, 25, 30].map(ref));
    const none = await f.store.cases.list(ORG, { scope: { all: false, services: [], userId: '', socialWork: false }, limit: 10 });
    assert.deepEqual(none.items, []);
  });

  it('filters by owner, service, status, stage, overdue date and text', async () => {
    assert.equal((await all({ scope: ALL_SCOPE, owner: 'u-even', service: 'Waste' })).refs.length, 5);
    assert.equal((await all({ scope: ALL_SCOPE, status: ['stage1-closed'] })).refs.length, 5);
    assert.equal((await all({ scope: ALL_SCOPE, stage: 2 })).refs.length, 0);
    assert.equal((await all({ scope: ALL_SCOPE, stage: 1 })).refs.length, 30);
    assert.deepEqual((await all({ scope: ALL_SCOPE, overdueOn: day(4) })).refs, [ref(1), ref(2), ref(3)]);
    assert.deepEqual((await all({ scope: ALL_SCOPE, text: 'DUKE street' })).refs, [ref(13)]);
  });

  it('treats hostile filter text as data, never as SQL', async () => {
    const { refs } = await all({ scope: ALL_SCOPE, text: "' OR 1=1 --", owner: "u-odd' OR c.owner != '" });
    assert.deepEqual(refs, []);
  });
});

describe('store: organisations, references, conversations, leases', function () {
  this.timeout(60_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => stopFixture(f));

  it('hands out unique, increasing references under 40 parallel calls, per organisation and year', async () => {
    const refs = await Promise.all(Array.from({ length: 40 }, () => f.store.references.next('org-a', 2026)));
    assert.equal(new Set(refs).size, 40);
    assert.deepEqual([...refs].sort(), Array.from({ length: 40 }, (_, i) => ref(i + 1)));
    assert.equal(await f.store.references.next('org-b', 2026), 'CHP-2026-000001');
    assert.equal(await f.store.references.next('org-a', 2027), 'CHP-2027-000001');
    await f.store.references.reserveThrough('org-a', 2026, 500);
    await f.store.references.reserveThrough('org-a', 2026, 100);
    assert.equal(await f.store.references.next('org-a', 2026), 'CHP-2026-000501');
  });

  it('reserves blocks of references with one counter update each, never overlapping next() or each other', async () => {
    const [first, second] = await Promise.all([f.store.references.reserveBlock('org-blk', 2026, 20), f.store.references.reserveBlock('org-blk', 2026, 20)]);
    const all = [...first, ...second].sort();
    assert.deepEqual(all, Array.from({ length: 40 }, (_, i) => ref(i + 1)));
    assert.equal(await f.store.references.next('org-blk', 2026), ref(41));
    await assert.rejects(f.store.references.reserveBlock('org-blk', 2026, 0), RangeError);
  });

  it('stores organisation records and lists them', async () => {
    const settings = { orgId: 'org-x', name: 'Example Council', population: 100_000, services: ['Waste'], localHolidays: [], workedHolidays: [], rootCauseCategories: [], retentionYears: 5, reportingYearStartMonth: 4 };
    await f.store.orgs.put({ settings, roleAssignments: [{ principalId: 'p1', roles: ['complaints-manager'], services: [], displayName: 'Ann' }] });
    await f.store.orgs.put({ settings: { ...settings, orgId: 'org-y', name: 'Other' }, roleAssignments: [] });
    assert.equal((await f.store.orgs.get('org-x'))?.roleAssignments[0].displayName, 'Ann');
    assert.equal(await f.store.orgs.get('org-z'), undefined);
    assert.deepEqual((await f.store.orgs.list()).map((o) => o.settings.orgId).sort(), ['org-x', 'org-y']);
  });

  it('saves and reads bot conversation references, also for user ids with reserved characters', async () => {
    await f.store.conversations.save({ orgId: 'org-x', userId: '29:1a/b?c#', reference: { conversation: { id: 'a:1' } } });
    assert.deepEqual((await f.store.conversations.get('org-x', '29:1a/b?c#'))?.reference, { conversation: { id: 'a:1' } });
    assert.equal(await f.store.conversations.get('org-y', '29:1a/b?c#'), undefined);
  });

  it('grants a lease to one holder until it is released or expires', async () => {
    const winners = await Promise.all(['h1', 'h2', 'h3', 'h4'].map((h) => f.store.leases.acquire('nightly-reminders', h, 60)));
    assert.equal(winners.filter(Boolean).length, 1);
    const holder = ['h1', 'h2', 'h3', 'h4'][winners.indexOf(true)];
    assert.equal(await f.store.leases.acquire('nightly-reminders', 'someone-else', 60), false);
    assert.equal(await f.store.leases.acquire('nightly-reminders', holder, 60), true, 'the holder may renew');
    await f.store.leases.release('nightly-reminders', 'someone-else');
    assert.equal(await f.store.leases.acquire('nightly-reminders', 'someone-else', 60), false, 'only the holder releases');
    await f.store.leases.release('nightly-reminders', holder);
    assert.equal(await f.store.leases.acquire('nightly-reminders', 'someone-else', 0), true);
    assert.equal(await f.store.leases.acquire('nightly-reminders', 'third', 60), true, 'an expired lease may be taken over');
  });
});
