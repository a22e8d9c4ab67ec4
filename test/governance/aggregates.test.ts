/**
 * The report figures from store aggregates equal the core's computeIndicators over the same cases:
 * seeded cases written through the store (each write leaves an aggregate delta in its batch), then
 * changed, concurrently too, folded (also while writing, and after a fold that crashed half-way),
 * then rebuilt from scratch, and disposed of (records gone, figures kept) — compared for every
 * quarter, the year and odd ranges, folded or not.
 */
import assert from 'node:assert/strict';
import { computeIndicators, indicatorsFromCounts } from '../../core/indicators';
import { buildQuarterlyReport, buildAnnualReport } from '../../core/reports/models';
import { parseQuarter, parseYear, reportingQuarter } from '../../core/reports/periods';
import { countsForMonths, topRootCauses } from '../../core/reports/summaries';
import type { Case } from '../../core/types';
import { generateCaseBatches, MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { AggregateStore, calendarLookup, contributionLookup, FOLD_STATE_ID, storedCasePages, type FoldStateDocument } from '../../store/aggregates';
import { caseRepository } from '../../store/cases';
import { disposeDueCases } from '../../store/retention';
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

/** `alsoCounted`: disposed cases, whose records are gone but whose figures the reports keep. */
async function assertAggregatesMatchRecount(f: StoreFixture, label: string, alsoCounted: readonly Case[] = []): Promise<void> {
  const cases = [...(await allCases(f)), ...alsoCounted];
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
    const reported = await f.store.aggregates.reportedFor(org.orgId, closed1[4].reference);
    assert.deepEqual(Object.values(reported ?? {}).flatMap((m) => Object.keys(m.all ?? {})), ['received.comment'], 'the stored contribution is the case as it is now');
    assert.ok((await f.store.aggregates.unfoldedCount(org.orgId)) > 300, 'nothing folded yet: the figures above came from deltas');
    await assertAggregatesMatchRecount(f, 'after changes');
    assert.ok((await f.store.aggregates.foldAll(org.orgId)) > 300);
    assert.equal(await f.store.aggregates.unfoldedCount(org.orgId), 0, 'folding deletes the deltas');
    await assertAggregatesMatchRecount(f, 'after folding');
  });

  it('concurrent changes from two writers (two processes) on shared months, while a folder folds, converge to the recount', async () => {
    const targets = seeded.filter((c) => c.status === 'stage1-closed').slice(20, 36);
    // Writer B stands for another process: its own repository on the same containers.
    const writerB = caseRepository(f.store.containers.cases, { contributionOf: contributionLookup(calendarLookup(f.store.orgs)) });
    const folderB = new AggregateStore(f.store.containers.aggregates, f.store.containers.cases);
    const change = (c: Case, i: number): Case => ({ ...c, stage1: { ...c.stage1!, outcome: i % 2 ? 'upheld' : 'not-upheld' }, rootCause: { category: 'Communication' } });
    let writing = true;
    const folding = (async () => {
      let folded = 0;
      while (writing) folded += await folderB.foldOnce(org.orgId);
      return folded;
    })();
    await Promise.all(
      targets.flatMap((t, i) => [
        (i % 2 === 0 ? f.store.cases : writerB).update(org.orgId, t.reference, (c) => ({ ok: true, value: { case: change(c, i) } })),
        // The same case from the other writer at the same time: the ETag makes one of them retry.
        (i % 2 === 0 ? writerB : f.store.cases).update(org.orgId, t.reference, (c) => ({ ok: true, value: { case: { ...c, service: 'Roads' } } })),
      ]),
    );
    await assertAggregatesMatchRecount(f, 'while folding');
    writing = false;
    await folding;
    await assertAggregatesMatchRecount(f, 'after concurrent changes and folds');
  });

  it('a fold that crashed after writing the months but before deleting its deltas counts nothing twice', async () => {
    const target = seeded.filter((c) => c.status === 'stage1-closed')[45];
    await f.store.cases.update(org.orgId, target.reference, (c) => ({ ok: true, value: { case: { ...c, rootCause: { category: 'Policy' } } } }));
    const state = (await f.store.containers.aggregates.item(FOLD_STATE_ID, org.orgId).read<FoldStateDocument>()).resource;
    // Simulate the crash: a fold that stops right after its batch. Fold, then put the deltas back.
    const { resources: deltas } = await f.store.containers.cases.items
      .query({ query: "SELECT * FROM c WHERE c.orgId = @o AND c.type = 'aggregate-delta'", parameters: [{ name: '@o', value: org.orgId }] }, { partitionKey: org.orgId })
      .fetchAll();
    assert.ok(deltas.length > 0);
    assert.equal(await f.store.aggregates.foldAll(org.orgId), deltas.length);
    for (const d of deltas) await f.store.containers.cases.items.create({ id: d.id, orgId: d.orgId, type: d.type, reference: d.reference, months: d.months });
    const after = (await f.store.containers.aggregates.item(FOLD_STATE_ID, org.orgId).read<FoldStateDocument>()).resource!;
    await f.store.containers.aggregates.item(FOLD_STATE_ID, org.orgId).replace({ ...after, pending: deltas.map((d) => d.id as string) });
    assert.ok((state?.version ?? 0) < after.version);
    await assertAggregatesMatchRecount(f, 'with folded deltas not yet deleted');
    assert.equal(await f.store.aggregates.foldAll(org.orgId), 0, 'the next fold only finishes the deletions');
    assert.equal(await f.store.aggregates.unfoldedCount(org.orgId), 0);
    await assertAggregatesMatchRecount(f, 'after the interrupted fold was finished');
  });

  it('a fold that crashed part-way through deleting its deltas finishes the deletions and counts nothing twice', async () => {
    const target = seeded.filter((c) => c.status === 'stage1-closed')[44];
    await f.store.cases.update(org.orgId, target.reference, (c) => ({ ok: true, value: { case: { ...c, rootCause: { category: 'Communication' } } } }));
    const { resources: deltas } = await f.store.containers.cases.items
      .query({ query: "SELECT * FROM c WHERE c.orgId = @o AND c.type = 'aggregate-delta'", parameters: [{ name: '@o', value: org.orgId }] }, { partitionKey: org.orgId })
      .fetchAll();
    assert.ok(deltas.length > 0);
    assert.equal(await f.store.aggregates.foldAll(org.orgId), deltas.length);
    // The crash: one delta of the fold was deleted already, the others not yet, and the state still lists them all.
    const alreadyDeleted = 'aggregate-delta-already-deleted';
    for (const d of deltas) await f.store.containers.cases.items.create({ id: d.id, orgId: d.orgId, type: d.type, reference: d.reference, months: d.months });
    const after = (await f.store.containers.aggregates.item(FOLD_STATE_ID, org.orgId).read<FoldStateDocument>()).resource!;
    await f.store.containers.aggregates.item(FOLD_STATE_ID, org.orgId).replace({ ...after, pending: [alreadyDeleted, ...deltas.map((d) => d.id as string)] });
    await assertAggregatesMatchRecount(f, 'with some folded deltas not yet deleted');
    assert.equal(await f.store.aggregates.foldAll(org.orgId), 0, 'the next fold only finishes the deletions');
    assert.equal(await f.store.aggregates.unfoldedCount(org.orgId), 0);
    await assertAggregatesMatchRecount(f, 'after the part-deleted fold was finished');
  });

  it('rebuild from scratch gives the same month documents as the incremental path, and deltas keep working after it', async () => {
    const before = await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12');
    // A case written around the store (no stored contribution, no delta) is what a rebuild repairs.
    const outsider = seeded.filter((c) => c.status === 'stage1-closed')[41];
    const raw = (await f.store.containers.cases.item(outsider.reference, org.orgId).read()).resource!;
    await f.store.containers.cases.items.upsert({ ...raw, reported: undefined, rootCause: { category: 'Staff attitude' } });
    const result = await f.store.aggregates.rebuild(org.orgId, storedCasePages(f.store.cases, org.orgId, 64), calendar);
    assert.equal(result.cases, 300);
    assert.equal(result.casesCorrected, 1, 'only the case written around the store had a wrong stored contribution');
    assert.equal(await f.store.aggregates.unfoldedCount(org.orgId), 0, 'deltas the recount replaced are gone');
    assert.notDeepEqual(await f.store.aggregates.monthlyCounts(org.orgId, '2023-01', '2027-12'), before, 'the outsider changed the recount');
    await assertAggregatesMatchRecount(f, 'after rebuild');
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

  it('an update that lost its ETag race leaves no delta: only the version that was saved is counted', async () => {
    const raced = seeded.filter((c) => c.status === 'stage1-closed')[51];
    const before = await f.store.aggregates.unfoldedCount(org.orgId);
    // Four writers at once, each moving the case to a different service: every save changes the figures.
    const services = org.services.filter((s) => s !== raced.service).slice(0, 4);
    const results = await Promise.all(services.map((service) => f.store.cases.update(org.orgId, raced.reference, (c) => ({ ok: true, value: { case: { ...c, service } } }))));
    assert.ok(results.every((r) => r.ok));
    assert.equal(await f.store.aggregates.unfoldedCount(org.orgId), before + 4, 'one delta per saved version, none for a lost race');
    await assertAggregatesMatchRecount(f, 'after racing updates');
  });

  it('removing a case (an import rolled back) takes it out of the figures', async () => {
    const gone = seeded.filter((c) => c.status === 'stage2-closed').slice(0, 3);
    for (const c of gone) assert.equal(await f.store.cases.remove(org.orgId, c.reference), true);
    assert.equal(await f.store.aggregates.reportedFor(org.orgId, gone[0].reference), undefined);
    await assertAggregatesMatchRecount(f, 'after removals');
    await f.store.aggregates.foldAll(org.orgId);
    await assertAggregatesMatchRecount(f, 'after removals, folded');
  });

  it('disposing of cases destroys their records but keeps their figures, through folds and a rebuild', async () => {
    const stored = await allCases(f);
    const chosen = stored.filter((c) => c.status === 'stage1-closed' || c.status === 'stage2-closed').slice(0, 4);
    for (const c of chosen) await f.store.cases.update(org.orgId, c.reference, (x) => ({ ok: true, value: { case: { ...x, disposalOn: '2026-04-01' } } }));
    const disposed = await disposeDueCases(f.store, org.orgId, '2026-04-02');
    assert.ok(chosen.every((c) => disposed.some((d) => d.reference === c.reference)), 'the chosen cases were disposed of');
    const gone = stored.filter((c) => disposed.some((d) => d.reference === c.reference));
    for (const c of gone) assert.equal(await f.store.cases.get(org.orgId, c.reference), undefined, `${c.reference} is destroyed`);
    await assertAggregatesMatchRecount(f, 'after disposal', gone);
    await f.store.aggregates.foldAll(org.orgId);
    await assertAggregatesMatchRecount(f, 'after disposal, folded', gone);
    await f.store.aggregates.rebuild(org.orgId, storedCasePages(f.store.cases, org.orgId, 64), calendar);
    await assertAggregatesMatchRecount(f, 'after disposal and a rebuild from the remaining cases', gone);
  });

  it('keeps organisations apart', async () => {
    assert.deepEqual(await f.store.aggregates.monthlyCounts('another-org', '2023-01', '2027-12'), {});
    assert.equal((await allCases(f)).length, (await f.store.cases.list(org.orgId, { scope: ALL_SCOPE, limit: 500 })).items.length);
  });
});
