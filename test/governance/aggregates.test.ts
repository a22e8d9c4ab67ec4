/**
 * The report figures from store aggregates equal the core's computeIndicators over the same cases:
 * seeded cases written through the store (the update path keeps the aggregates), then changed,
 * concurrently too, then rebuilt from scratch — compared for every quarter, the year and odd ranges.
 */
import assert from 'node:assert/strict';
import { computeIndicators, indicatorsFromCounts } from '../../core/indicators';
import { buildQuarterlyReport, buildAnnualReport } from '../../core/reports/models';
import { parseQuarter, parseYear, reportingQuarter } from '../../core/reports/periods';
import { countsForMonths, topRootCauses } from '../../core/reports/summaries';
import type { Case } from '../../core/types';
import { generateCaseBatches, MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { AggregateStore, storedCasePages } from '../../store/aggregates';
import { toDocument } from '../../store/case-document';
import { ALL_SCOPE, startFixture, stopFixture, type StoreFixture } from '../store/helpers';

const org = sampleOrg('org-agg', 'Glenmorven Council');
const calendar = new MemoCalendar();
const TODAY = '2026-04-20';

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function allCases(f: StoreFixture): Promise<Case[]> {
  const cases: Case[] = [];
  for await (const page of storedCasePages(f.store.cases, org.orgId, 200)) cases.push(...page);
  return cases;
}

async function assertAggregatesMatchRecount(f: StoreFixture, label: string): Promise<void> {
  const cases = await allCases(f);
  const monthly = await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12');
  const periods = [
    ...[1, 2, 3, 4].flatMap((q) => [reportingQuarter(2024, q, 4), reportingQuarter(2025, q, 4)]),
    parseYear('2024/25', 4),
    parseYear('2025/26', 4),
    { fromMonth: '2024-02', toMonth: '2026-04' },
    { fromMonth: '2025-07', toMonth: '2025-07' },
  ];
  for (const period of periods) {
    const fromAggregates = indicatorsFromCounts(countsForMonths(monthly, period), org.population);
    const recount = computeIndicators(cases, { from: period.fromMonth, to: period.toMonth }, { calendar, population: org.population });
    assert.deepEqual(fromAggregates, recount, `${label}: ${period.fromMonth}..${period.toMonth}`);
  }
}

describe('governance: aggregates equal computeIndicators over the same cases', function () {
  this.timeout(180_000);
  let f: StoreFixture;
  let seeded: Case[];

  before(async () => {
    f = await startFixture();
    await f.store.orgs.put({ settings: org, roleAssignments: [] });
    seeded = [...generateCaseBatches(300, 300, { org, calendar, from: '2024-02-01', to: '2026-04-15', today: TODAY, seed: 7 })][0];
    await inParallel(seeded, 6, (c) => f.store.cases.create(c));
  });
  after(() => stopFixture(f));

  it('seeded through the store, every period matches a recount', async () => {
    const monthly = await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12');
    assert.ok(Object.keys(monthly).length >= 20, 'the seeded cases span more than 20 months');
    await assertAggregatesMatchRecount(f, 'after seeding');
  });

  it('after changes to cases (closures, escalations, service moves, contractors, root causes, withdrawals), only deltas apply and figures still match', async () => {
    const open = seeded.filter((c) => c.status === 'stage1').slice(0, 5);
    const closed1 = seeded.filter((c) => c.status === 'stage1-closed').slice(0, 12);
    const changes: [string, (c: Case) => Case][] = [
      ...open.map((c): [string, (c: Case) => Case] => [c.reference, (x) => ({ ...x, status: 'stage1-closed', stage1: { ...x.stage1!, closedOn: '2026-04-17', outcome: 'upheld' } })]),
      [closed1[0].reference, (x) => ({ ...x, service: 'Libraries' })],
      [closed1[1].reference, (x) => ({ ...x, contractor: { name: 'CleanCo Ltd', kind: 'contractor' } })],
      [closed1[2].reference, (x) => ({ ...x, rootCause: { category: 'Delay' } })],
      [closed1[3].reference, (x) => ({ ...x, rootCause: undefined })],
      [closed1[4].reference, (x) => ({ ...x, kind: 'comment', status: 'recorded' })],
      [closed1[5].reference, (x) => ({ ...x, status: 'not-a-complaint' })],
      [closed1[6].reference, (x) => ({ ...x, stage1: { ...x.stage1!, outcome: 'resolved' } })],
      [
        closed1[7].reference,
        (x) => ({
          ...x,
          status: 'stage2-closed',
          stage2: { ...x.stage1!, clock: { ...x.stage1!.clock, startedOn: '2026-01-05', standardDue: '2026-02-02', due: '2026-02-02' }, initiatedOn: '2026-01-05', route: 'escalated', acknowledgeBy: '2026-01-07', closedOn: '2026-02-10', outcome: 'not-upheld', extensions: [] },
        }),
      ],
    ];
    for (const [reference, change] of changes) {
      const result = await f.store.cases.update(org.orgId, reference, (c) => ({ ok: true, value: { case: change(c) } }));
      assert.ok(result.ok);
    }
    const applied = await f.store.aggregates.appliedFor(org.orgId, closed1[4].reference);
    assert.deepEqual(Object.values(applied ?? {}).flatMap((m) => Object.keys(m.all ?? {})), ['received.comment'], 'the applied entry holds the case as it is now');
    await assertAggregatesMatchRecount(f, 'after changes');
  });

  it('concurrent changes from two writers (two processes) on shared months and an applied bucket converge to the recount', async () => {
    const targets = seeded.filter((c) => c.status === 'stage1-closed').slice(20, 36);
    // Writer B stands for another process: its own AggregateStore, saving cases straight to the container.
    const writerB = new AggregateStore(f.store.containers.aggregates);
    const change = (c: Case, i: number): Case => ({ ...c, stage1: { ...c.stage1!, outcome: i % 2 ? 'upheld' : 'not-upheld' }, rootCause: { category: 'Communication' } });
    await Promise.all(
      targets.map(async (t, i) => {
        if (i % 2 === 0) return f.store.cases.update(org.orgId, t.reference, (c) => ({ ok: true, value: { case: change(c, i) } }));
        const changed = change(t, i);
        await f.store.containers.cases.items.upsert(toDocument(changed));
        return writerB.applyCase(changed, calendar);
      }),
    );
    await assertAggregatesMatchRecount(f, 'after concurrent changes');
  });

  it('rebuild from scratch gives the same month documents as the incremental path, and deltas keep working after it', async () => {
    const before = await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12');
    const result = await f.store.aggregates.rebuild(org.orgId, storedCasePages(f.store.cases, org.orgId, 64), calendar);
    assert.equal(result.cases, 300);
    assert.equal(result.appliedDocuments, 4, 'references CHP-2024-0000001…300 fall in 4 applied buckets of up to 100');
    assert.deepEqual(await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12'), before);
    const target = seeded.filter((c) => c.status === 'stage1-closed')[40];
    await f.store.cases.update(org.orgId, target.reference, (c) => ({ ok: true, value: { case: { ...c, status: 'withdrawn', withdrawnOn: '2026-04-18' } } }));
    await assertAggregatesMatchRecount(f, 'after rebuild and a change');
  });

  it('the quarterly and annual reports carry exactly the recomputed indicators and root causes', async () => {
    const cases = await allCases(f);
    const monthly = await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12');
    const quarter = parseQuarter('2025/26-Q3', 4);
    const quarterly = buildQuarterlyReport({ org, period: quarter, monthly, improvements: [], today: TODAY });
    const { kpi1LearningFromComplaints: _k1, ...quarterFigures } = quarterly.indicators;
    const { kpi1LearningFromComplaints: _r1, ...recount } = computeIndicators(cases, { from: quarter.fromMonth, to: quarter.toMonth }, { calendar, population: org.population });
    assert.deepEqual(quarterFigures, recount);
    assert.equal(quarterly.trend.length, 5);
    const previous = computeIndicators(cases, { from: '2024-10', to: '2024-12' }, { calendar, population: org.population });
    assert.equal(quarterly.trend[0].received, previous.all.kpi4Received.total);

    const year = parseYear('2025/26', 4);
    const annual = buildAnnualReport({ org, period: year, monthly, improvements: [], today: TODAY }, new Map());
    const yearRecount = computeIndicators(cases, { from: '2025-04', to: '2026-03' }, { calendar, population: org.population });
    assert.deepEqual(annual.indicators.all, yearRecount.all);
    assert.deepEqual(annual.indicators.byService, yearRecount.byService);
    assert.deepEqual(annual.indicators.contractors, yearRecount.contractors);
    assert.equal(annual.quarters.reduce((n, q) => n + q.received, 0), yearRecount.all.kpi4Received.total);

    // Root causes: counted by hand from the cases, in the month of the latest closure.
    const expected = new Map<string, number>();
    for (const c of cases) {
      if (c.kind !== 'complaint' || c.status === 'not-a-complaint' || !c.rootCause) continue;
      const on = c.stage2?.closedOn ?? c.stage1?.closedOn ?? c.receivedOn;
      if (on >= '2025-04-01' && on <= '2026-03-31') expected.set(c.rootCause.category, (expected.get(c.rootCause.category) ?? 0) + 1);
    }
    const top = topRootCauses(countsForMonths(monthly, year), 10);
    assert.deepEqual(Object.fromEntries(top.map((t) => [t.category, t.count])), Object.fromEntries(expected));
    assert.ok(top.length > 0);
  });

  it('an older version of a case applied after a newer one (two processes, out of order) is ignored', async () => {
    const original = seeded.filter((c) => c.status === 'stage1-closed')[50];
    const event = (n: number) => ({ id: `e-${n}`, at: '2026-04-18T10:00:00Z', by: 'u', type: 'updated' as const, summary: 'Changed' });
    const older: Case = { ...original, events: [event(1)], stage1: { ...original.stage1!, outcome: 'upheld' } };
    const newer: Case = { ...original, events: [event(1), event(2)], stage1: { ...original.stage1!, outcome: 'not-upheld' }, service: 'Planning' };
    await f.store.containers.cases.items.upsert(toDocument(newer));
    const writerB = new AggregateStore(f.store.containers.aggregates);
    assert.ok((await writerB.applyCase(newer, calendar)).length > 0);
    assert.deepEqual(await f.store.aggregates.applyCase(older, calendar), [], 'the late, older version changes nothing');
    await assertAggregatesMatchRecount(f, 'after out-of-order versions');
  });

  it('removing a case (import rolled back, disposal) takes it out of the figures', async () => {
    const gone = seeded.filter((c) => c.status === 'stage2-closed').slice(0, 3);
    for (const c of gone) assert.equal(await f.store.cases.remove(org.orgId, c.reference), true);
    assert.equal(await f.store.aggregates.appliedFor(org.orgId, gone[0].reference), undefined);
    await assertAggregatesMatchRecount(f, 'after removals');
  });

  it('keeps organisations apart', async () => {
    assert.deepEqual(await f.store.aggregates.monthlyCounts('another-org', '2023-01', '2027-12'), {});
    assert.equal((await allCases(f)).length, (await f.store.cases.list(org.orgId, { scope: ALL_SCOPE, limit: 500 })).items.length);
  });
});
