/**
 * Reports for some services, "so far" labels and the SPSO's order of the indicators, pure: figures
 * for a service equal a hand count of that service's cases; a head of service may read only their
 * own services; every format lists indicators 1–9 in order.
 */
import assert from 'node:assert/strict';
import { reportDocument, type TableBlock } from '../../core/reports/document';
import { FIGURE_INDICATORS, SPSO_INDICATORS } from '../../core/reports/indicator-order';
import type { AnnualReport, QuarterlyReport, ReportInput, YouSaidWeDidReport } from '../../core/reports/models';
import { reportingQuarter, reportingYear } from '../../core/reports/periods';
import { buildReportFor, periodLabelOn, periodProgress, reportAccess, ReportScopeError, reportServices } from '../../core/reports/scope';
import type { Actor, Case } from '../../core/types';
import { figureRows } from '../../reports/csv';
import { renderHtml } from '../../reports/html';
import { monthlyOf, org, seededActions, seededCases, TODAY } from '../governance/report-fixtures';

const Q3 = reportingQuarter(2025, 3, 4); // October–December 2025
const YEAR = reportingYear(2025, 4);

describe('reports for some services, "so far" labels and the SPSO order', () => {
  const cases = seededCases(1200);
  const input: ReportInput = { org, period: Q3, monthly: monthlyOf(cases), improvements: seededActions(cases), today: TODAY };
  const inQ3 = (date: string | undefined) => !!date && date >= '2025-10-01' && date <= '2025-12-31';
  /** Counted by hand from the cases, the way the SPSO defines indicators 4 and 5. */
  const handCount = (services: string[]) => {
    const complaints = cases.filter((c) => c.kind === 'complaint' && services.includes(c.service) && c.status !== 'not-a-complaint');
    const received = complaints.filter((c) => inQ3(c.receivedOn) && !(c.status === 'withdrawn' && !c.stage1?.closedOn));
    return {
      received: received.length,
      stage1Closed: complaints.filter((c) => inQ3(c.stage1?.closedOn)).length,
      stage1Upheld: complaints.filter((c) => inQ3(c.stage1?.closedOn) && c.stage1?.outcome === 'upheld').length,
    };
  };

  it('gives a service the figures of its own cases only, equal to a hand count', () => {
    const report = buildReportFor('quarterly', input, new Map(), ['Housing']) as QuarterlyReport;
    const expected = handCount(['Housing']);
    assert.ok(expected.received > 5, 'the fixture has Housing complaints in the quarter');
    assert.equal(report.indicators.all.kpi4Received.total, expected.received);
    assert.equal(report.indicators.all.kpi5Closed.stage1.number, expected.stage1Closed);
    assert.equal(report.indicators.all.kpi6Outcomes.stage1.upheld.number, expected.stage1Upheld);
    assert.deepEqual(Object.keys(report.indicators.byService), ['Housing']);
    assert.deepEqual(report.services, ['Housing']);
    assert.equal(report.indicators.all.kpi4Received.per1000Population, null, 'no rate per population for one service');
    assert.equal(report.indicators.contractors.kpi4Received.total, 0, 'contractors are not counted by service');
    // The learning sections follow the same filter.
    assert.deepEqual(report.improvements.completedActions.map((a) => a.service), ['Housing']);
    assert.ok(report.receivedByServiceTrend.every((s) => s.service === 'Housing'));
    assert.ok(report.quietServices.every((s) => s.service === 'Housing'));
  });

  it('adds two services together, and the whole organisation is unchanged without a filter', () => {
    const two = buildReportFor('quarterly', input, new Map(), ['Housing', 'Roads']) as QuarterlyReport;
    assert.equal(two.indicators.all.kpi4Received.total, handCount(['Housing', 'Roads']).received);
    const whole = buildReportFor('quarterly', input, new Map(), null) as QuarterlyReport;
    assert.equal(whole.services, undefined);
    assert.equal(whole.indicators.all.kpi4Received.total, handCount(org.services).received);
    assert.ok(whole.indicators.all.kpi4Received.total > two.indicators.all.kpi4Received.total);
  });

  it('filters "you said, we did" and the annual report the same way', () => {
    const ysw = buildReportFor('you-said-we-did', input, new Map(), ['Waste']) as YouSaidWeDidReport;
    assert.equal(ysw.received, handCount(['Waste']).received);
    assert.deepEqual([...new Set(ysw.actions.map((a) => a.service))], ['Waste']);
    const annual = buildReportFor('annual', { ...input, period: YEAR }, new Map(), ['Waste']) as AnnualReport;
    assert.deepEqual(annual.actionsTaken.map((a) => a.service), ['Waste']);
    const doc = reportDocument(annual);
    assert.match(doc.title, /Service: Waste$/);
    assert.equal(doc.sections.find((s) => s.id === 'contractors'), undefined, 'no contractors section in a service report');
    assert.match(JSON.stringify(doc.sections[0].blocks), /These figures are for this service only/);
  });

  it('lets a head of service read only their services, and everyone else any service or the organisation', () => {
    const head: Actor = { userId: 'u-head', displayName: 'Head', roles: ['head-of-service'], services: ['Housing', 'Roads'] };
    const director: Actor = { userId: 'u-dir', displayName: 'Director', roles: ['director'], services: [] };
    const committee: Actor = { userId: 'u-com', displayName: 'Councillor', roles: ['management-committee'], services: [] };
    const access = reportAccess(head, org);
    assert.deepEqual(access, { wholeOrganisation: false, services: ['Housing', 'Roads'] });
    assert.deepEqual(reportServices(access, org, undefined), ['Housing', 'Roads'], 'all of their services by default');
    assert.deepEqual(reportServices(access, org, 'Roads'), ['Roads']);
    assert.throws(() => reportServices(access, org, 'Waste'), (e: unknown) => e instanceof ReportScopeError && e.kind === 'not-your-service' && /Housing, Roads/.test(e.message));
    assert.throws(() => reportServices(access, org, 'Nowhere'), (e: unknown) => e instanceof ReportScopeError && e.kind === 'unknown-service');
    assert.throws(() => reportServices(reportAccess({ ...head, services: [] }, org), org, undefined), (e: unknown) => e instanceof ReportScopeError && e.kind === 'no-services');
    for (const reader of [director, committee]) {
      const whole = reportAccess(reader, org);
      assert.equal(whole.wholeOrganisation, true);
      assert.equal(reportServices(whole, org, undefined), null);
      assert.deepEqual(reportServices(whole, org, 'Waste'), ['Waste']);
    }
    // A renamed service: sign-in gives the person the former name too; reports use the current name.
    const renamed = { ...org, formerServiceNames: { 'Housing Repairs': 'Housing' } };
    assert.deepEqual(reportAccess({ ...head, services: ['Housing', 'Housing Repairs'] }, renamed).services, ['Housing']);
  });

  it('counts a renamed service’s old cases under its current name', () => {
    const oldName = (c: Case): Case => (c.service === 'Housing' ? { ...c, service: 'Housing Repairs' } : c);
    const renamedOrg = { ...org, formerServiceNames: { 'Housing Repairs': 'Housing' } };
    const monthly = monthlyOf(cases.map((c, i) => (i % 2 ? oldName(c) : c)));
    const report = buildReportFor('quarterly', { ...input, org: renamedOrg, monthly }, new Map(), ['Housing']) as QuarterlyReport;
    assert.equal(report.indicators.all.kpi4Received.total, handCount(['Housing']).received);
  });

  it('marks the quarter and the year still running as "so far" and "year to date", with the date', () => {
    const running = reportingQuarter(2026, 1, 4); // April–June 2026, running on 2026-04-20
    assert.equal(periodProgress(running, TODAY), 'so-far');
    assert.equal(periodProgress(Q3, TODAY), 'complete');
    assert.equal(periodLabelOn(running, TODAY), `${running.label}, so far (to Mon 20 Apr 2026)`);
    assert.equal(periodLabelOn(reportingYear(2026, 4), TODAY), `${reportingYear(2026, 4).label}, year to date (to Mon 20 Apr 2026)`);
    assert.equal(periodLabelOn(Q3, TODAY), Q3.label, 'a finished quarter is not "so far"');
    const doc = reportDocument(buildReportFor('quarterly', { ...input, period: running }, new Map(), null));
    assert.match(renderHtml(doc), /so far \(to Mon 20 Apr 2026\)/);
    assert.doesNotMatch(renderHtml(reportDocument(buildReportFor('quarterly', input, new Map(), null))), /so far/);
  });

  it('defines the SPSO order 1–9 once, and every report lists the indicators in it', () => {
    assert.deepEqual(SPSO_INDICATORS.map((i) => i.number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const kind of ['quarterly', 'annual'] as const) {
      const doc = reportDocument(buildReportFor(kind, { ...input, period: kind === 'annual' ? YEAR : Q3 }, new Map(), null));
      const ids = doc.sections.map((s) => s.id);
      assert.ok(ids.indexOf('narrative-indicators') < ids.indexOf('organisation'), `${kind}: indicators 1–3 come before 4–9`);
      const organisation = doc.sections.find((s) => s.id === 'organisation')!;
      const captions = organisation.blocks.filter((b): b is TableBlock => b.kind === 'table').map((t) => Number(/^Indicator (\d)/.exec(t.caption)?.[1]));
      assert.deepEqual(captions, FIGURE_INDICATORS.map((i) => i.number), `${kind}: tables of indicators 4–9 in order`);
      // HTML and CSV walk the same document: the numbers appear in order there too.
      const html = renderHtml(doc);
      const positions = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => html.indexOf(`Indicator ${n}`));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `${kind} HTML order: ${positions.join()}`);
      const csvTables = [...new Set(figureRows(doc).filter((r) => r[3].startsWith('Indicators 4 to 9')).map((r) => r[4]))];
      assert.deepEqual(csvTables.map((t) => Number(/^Indicator (\d)/.exec(t)?.[1])), [4, 5, 6, 7, 8, 9], `${kind} CSV order`);
    }
  });
});
