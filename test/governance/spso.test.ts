/**
 * The SPSO journey, counted from hand-worked cases: each counting rule of core/reports/spso.ts has a
 * test named after it. Then the same cases through the store: the aggregates (incremental and after
 * a rebuild) carry exactly the recounted SPSO counters, and the quarterly report shows them.
 */
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { countsByMonth } from '../../core/indicators';
import { reportContributions } from '../../core/reports/contributions';
import { reportDocument, type TableBlock } from '../../core/reports/document';
import { buildAnnualReport, buildQuarterlyReport, spsoJourney } from '../../core/reports/models';
import { parseQuarter, parseYear } from '../../core/reports/periods';
import { openSpsoCase, SPSO_COUNTING_RULES } from '../../core/reports/spso';
import type { Case, SpsoRecord } from '../../core/types';
import { MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { renderReport } from '../../reports/index';
import { PdfRenderer } from '../../reports/pdf';
import { storedCasePages } from '../../store/aggregates';
import { pdfText } from '../support/pdfText';
import { buildCase, type CaseFacts } from '../fixtures/build-case';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';

const calendar = new MemoCalendar();
const org = { ...sampleOrg('org-spso', 'Glenmorven Council'), services: ['Housing', 'Roads', 'Waste'] };
const Q3 = parseQuarter('2025/26-Q3', 4); // October–December 2025

function spsoCase(reference: string, facts: CaseFacts, spso: SpsoRecord): Case {
  return { ...buildCase(reference, facts, calendar), orgId: org.orgId, spso };
}

/**
 * Hand-worked: in Q3 the SPSO decided A, B, C, D and E (F is still with it; G was decided in Q2).
 * Upheld after we did not uphold: A (Housing, escalated), B (Roads, stage 1), C (Housing, direct) = 3.
 * Not counted: D (we partly upheld; SPSO upheld), E (SPSO did not uphold).
 * Recommendations due in Q3: A1 (implemented on time), A2 (late), C1 (never) = 3; overdue: A2, C1 = 2.
 * Implemented in Q3: A1, A2 and G1 (due in Q2, implemented in Q3) = 3.
 */
function handWorked(): Case[] {
  return [
    spsoCase('A', { received: '2025-03-03', service: 'Housing', stage1: { closed: '2025-03-07', outcome: 'not-upheld' }, stage2: { route: 'escalated', on: '2025-03-20', closed: '2025-04-10', outcome: 'not-upheld' } }, {
      referredOn: '2025-05-01',
      decision: 'upheld',
      decidedOn: '2025-10-15',
      recommendations: [
        { text: 'Apologise to the tenant', dueOn: '2025-11-14', implementedOn: '2025-11-10' },
        { text: 'Review the repairs policy', dueOn: '2025-12-15', implementedOn: '2025-12-20' },
      ],
    }),
    spsoCase('B', { received: '2025-04-01', service: 'Roads', stage1: { closed: '2025-04-04', outcome: 'not-upheld' } }, { referredOn: '2025-06-02', decision: 'partially-upheld', decidedOn: '2025-11-03', recommendations: [] }),
    spsoCase('C', { received: '2025-05-01', service: 'Housing', stage2: { route: 'direct', closed: '2025-05-28', outcome: 'not-upheld' } }, {
      referredOn: '2025-06-20',
      decision: 'upheld',
      decidedOn: '2025-12-01',
      recommendations: [{ text: 'Refund the charge', dueOn: '2025-12-19' }],
    }),
    spsoCase('D', { received: '2025-05-05', service: 'Roads', stage1: { closed: '2025-05-09', outcome: 'partially-upheld' } }, { referredOn: '2025-07-01', decision: 'upheld', decidedOn: '2025-10-20', recommendations: [] }),
    spsoCase('E', { received: '2025-05-06', service: 'Waste', stage1: { closed: '2025-05-09', outcome: 'not-upheld' } }, { referredOn: '2025-07-01', decision: 'not-upheld', decidedOn: '2025-11-20', recommendations: [] }),
    spsoCase('F', { received: '2025-06-02', service: 'Waste', stage1: { closed: '2025-06-06', outcome: 'not-upheld' } }, { referredOn: '2025-08-01', recommendations: [] }),
    spsoCase('G', { received: '2025-02-03', service: 'Roads', stage1: { closed: '2025-02-07', outcome: 'not-upheld' } }, {
      referredOn: '2025-03-01',
      decision: 'upheld',
      decidedOn: '2025-08-01',
      recommendations: [{ text: 'Repair the footpath', dueOn: '2025-09-30', implementedOn: '2025-10-02' }],
    }),
  ];
}

const monthlyOf = (cases: readonly Case[]) => countsByMonth(cases.flatMap((c) => reportContributions(c, calendar)));

describe('governance: the SPSO journey', () => {
  const journey = spsoJourney({ monthly: monthlyOf(handWorked()), period: Q3, org });
  const byService = Object.fromEntries(journey.byService.map((s) => [s.service, s.figures]));

  it('SPSO-1 decided: counted once in the month the decision was recorded, whatever it was; undecided cases are not counted', () => {
    assert.equal(journey.all.decided, 5, 'A, B, C, D, E; not F (undecided) nor G (decided in Q2)');
    assert.equal(byService.Housing.decided, 2);
    assert.equal(byService.Roads.decided, 2);
    assert.equal(byService.Waste.decided, 1);
  });

  it('SPSO-2 upheld after we did not uphold: by the stage of our last response; a partly upheld or not upheld by the SPSO is not counted', () => {
    assert.deepEqual(journey.all.upheldAfterNotUpheld, { stage1: 1, stage2Direct: 1, escalated: 1, total: 3 });
    assert.deepEqual(byService.Housing.upheldAfterNotUpheld, { stage1: 0, stage2Direct: 1, escalated: 1, total: 2 });
    assert.deepEqual(byService.Roads.upheldAfterNotUpheld, { stage1: 1, stage2Direct: 0, escalated: 0, total: 1 }, 'D was partly upheld by us');
    assert.equal(byService.Waste.upheldAfterNotUpheld.total, 0, 'E: the SPSO did not uphold');
  });

  it('SPSO-3 recommendations due: in the month each is due', () => {
    assert.equal(journey.all.recommendationsDue, 3);
    assert.equal(byService.Roads.recommendationsDue, 0, "G's recommendation was due in Q2");
  });

  it('SPSO-4 recommendations implemented: in the month implemented, whenever due', () => {
    assert.equal(journey.all.recommendationsImplemented, 3);
    assert.equal(byService.Roads.recommendationsImplemented, 1, 'G1, due in Q2, implemented in Q3');
  });

  it('SPSO-5 recommendations overdue: due in the period and implemented late or not at all', () => {
    assert.equal(journey.all.recommendationsOverdue, 2);
    assert.equal(byService.Housing.recommendationsOverdue, 2);
    const q2 = spsoJourney({ monthly: monthlyOf(handWorked()), period: parseQuarter('2025/26-Q2', 4), org });
    assert.equal(q2.all.recommendationsOverdue, 1, 'G1 implemented two days late counts in Q2, the quarter it was due');
  });

  it('the open SPSO cases list: undecided, or with recommendations outstanding, with their dates', () => {
    const open = handWorked().map((c) => openSpsoCase(c, '2026-01-05')).filter((o) => !!o);
    assert.deepEqual(open.map((o) => o.reference), ['C', 'F']);
    assert.deepEqual(open[0].outstanding, [{ text: 'Refund the charge', dueOn: '2025-12-19', overdue: true }]);
    assert.equal(open[1].referredOn, '2025-08-01');
  });

  it('the quarterly and annual reports show the journey by service and stage, with the counting rules beside it', () => {
    const monthly = monthlyOf(handWorked());
    const base = { org, monthly, improvements: [], today: '2026-01-10' };
    for (const report of [buildQuarterlyReport({ ...base, period: Q3 }), buildAnnualReport({ ...base, period: parseYear('2025/26', 4) }, new Map())]) {
      const section = reportDocument(report).sections.find((s) => s.id === 'spso')!;
      assert.ok(section, `${report.kind} has an SPSO section`);
      const table = section.blocks.find((b): b is TableBlock => b.kind === 'table')!;
      const housing = table.rows.find((r) => r.header === 'Housing')!;
      assert.deepEqual(housing.cells, [2, 0, 1, 1, 2, 3, 2, 2], 'the year holds the same Housing cases as Q3');
      const rules = section.blocks.find((b) => b.kind === 'list');
      assert.deepEqual(rules, { kind: 'list', items: [...SPSO_COUNTING_RULES] });
    }
  });
});

describe('governance: SPSO counters through the store aggregates and a rebuild', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
    await f.store.orgs.put({ settings: org, roleAssignments: [] });
  });
  after(() => stopFixture(f));

  async function assertMatchesRecount(label: string): Promise<void> {
    const cases: Case[] = [];
    for await (const page of storedCasePages(f.store.cases, org.orgId, 50)) cases.push(...page);
    const stored = await f.store.aggregates.monthlyCounts(org.orgId, '2024-01', '2026-12');
    assert.deepEqual(stored, monthlyOf(cases), label);
  }

  it('creating, deciding and implementing keep the aggregates equal to a recount; a rebuild agrees', async () => {
    const cases = handWorked();
    for (const c of cases) await f.store.cases.create({ ...c, spso: c.spso && { ...c.spso, decision: undefined, decidedOn: undefined } });
    await assertMatchesRecount('referred, none decided');
    for (const c of cases) await f.store.cases.update(org.orgId, c.reference, (stored) => ({ ok: true, value: { case: { ...stored, spso: c.spso } } }));
    await assertMatchesRecount('decided and implemented');
    const monthly = await f.store.aggregates.monthlyCounts(org.orgId, '2024-01', '2026-12');
    assert.equal(spsoJourney({ monthly, period: Q3, org }).all.upheldAfterNotUpheld.total, 3);
    await f.store.aggregates.rebuild(org.orgId, storedCasePages(f.store.cases, org.orgId, 3), calendar);
    assert.deepEqual(await f.store.aggregates.monthlyCounts(org.orgId, '2024-01', '2026-12'), monthly, 'a rebuild gives the same months');
  });
});

describe('governance: the learning sections in HTML, CSV and PDF', function () {
  this.timeout(120_000);
  let pdf: PdfRenderer;
  after(() => pdf?.close());

  it('prints the SPSO journey with its counting rules, did the improvements work, and compliments and comments in every format', async () => {
    const compliment = { ...buildCase('K1', { received: '2025-11-03', service: 'Waste', kind: 'compliment' }, calendar), orgId: org.orgId };
    const monthly = monthlyOf([...handWorked(), compliment]);
    const report = buildQuarterlyReport({ org, period: Q3, monthly, improvements: [], today: '2026-01-10', quotes: [{ service: 'Waste', receivedOn: '2025-11-03', text: 'Thank you to the crew.' }] });
    const html = (await renderReport(report, 'html')).body.toString();
    for (const text of ['Complaints to the SPSO', 'Upheld by the SPSO after we did not uphold at stage 2 (escalated)', 'How these figures are counted:', SPSO_COUNTING_RULES[1], 'Did the improvements work?', 'No improvement actions were completed in this period.', 'Compliments and comments', '“Thank you to the crew.” (Waste)']) {
      assert.ok(html.includes(text), `HTML has "${text}"`);
    }
    const rows = parse((await renderReport(report, 'csv')).body.toString(), { columns: true, bom: true }) as Record<string, string>[];
    const housingDecided = rows.find((r) => r.table === 'Complaints decided by the SPSO, and its recommendations, by service' && r.row === 'Housing' && r.measure === 'Decided by the SPSO');
    assert.equal(housingDecided?.value, '2');
    const compliments = rows.find((r) => r.table === 'Compliments and comments by service' && r.row === 'Waste' && r.measure === 'Compliments');
    assert.equal(compliments?.value, '1');
    pdf = new PdfRenderer();
    const text = (await pdfText((await renderReport(report, 'pdf', { pdf })).body)).replace(/\s+/g, ' ');
    for (const expected of ['Complaints to the SPSO', 'Did the improvements work?', 'Compliments and comments', 'Thank you to the crew.']) assert.ok(text.includes(expected), `PDF has "${expected}"`);
  });
});
