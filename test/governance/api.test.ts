/**
 * Improvement actions and reports over real HTTP, on the embedded store with the demo organisations:
 * permissions, the personal data check, and report figures that equal computeIndicators over the
 * organisation's cases (the aggregates were kept by the store's update path while seeding).
 */
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { WorkingCalendar } from '../../core/calendar';
import { computeIndicators } from '../../core/indicators';
import type { ImprovementAction } from '../../core/learning';
import type { Case } from '../../core/types';
import { storedCasePages } from '../../store/aggregates';
import { shutdownReportRenderer } from '../../server/routes/reports';
import { call, Harness, ROLE_USERS } from '../server/harness';

const ORG = 'glenmore';

describe('governance API: improvement actions and reports', function () {
  this.timeout(120_000);
  const h = new Harness();
  let base: string;
  let cases: Case[];
  let named: Case;

  before(async () => {
    await h.start();
    base = await h.app();
    cases = [];
    for await (const page of storedCasePages(h.store.cases, ORG)) cases.push(...page);
    named = cases.find((c) => c.kind === 'complaint' && c.customer.name && c.service)!;
  });
  after(async () => {
    await shutdownReportRenderer();
    await h.stop();
  });

  const proposal = (changes: Record<string, unknown> = {}) => ({
    caseReferences: [named.reference],
    service: named.service,
    rootCauseCategory: 'Communication',
    description: 'Letters explain the next step in plain words',
    owner: { kind: 'team', id: 'revenues', displayName: 'Revenues team' },
    targetDate: '2026-05-29',
    monitoringNeeded: true,
    ...changes,
  });

  it('refuses a proposal whose public text names the linked customer, with what to remove', async () => {
    const res = await call<{ detail: string }>(base, 'POST', '/api/improvements', {
      as: ROLE_USERS.investigator,
      body: proposal({ publication: { youSaid: `${named.customer.name} said the letter was unclear`, weDid: 'We rewrote it', publish: true } }),
    });
    assert.equal(res.status, 422);
    assert.match(res.body.detail, new RegExp(`Remove personal data before publishing: the text contains the customer's name "${named.customer.name}" \\(case ${named.reference}\\)`));
  });

  it('runs an action through propose (investigator) → authorise (head of service only) → complete, retries included', async () => {
    const created = await call<ImprovementAction>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: proposal({ id: 'imp-letters-1' }) });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'proposed');
    const again = await call<ImprovementAction>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: proposal({ id: 'imp-letters-1' }) });
    assert.equal(again.status, 200, 'a retried create with the same id is not a second action');

    const byHandler = await call(base, 'POST', '/api/improvements', { as: ROLE_USERS['complaint-handler'], body: proposal() });
    assert.equal(byHandler.status, 403);
    const selfAuthorise = await call(base, 'POST', '/api/improvements/imp-letters-1/actions', { as: ROLE_USERS.investigator, body: { type: 'authorise' } });
    assert.equal(selfAuthorise.status, 403);
    const authorised = await call<{ action: ImprovementAction }>(base, 'POST', '/api/improvements/imp-letters-1/actions', { as: ROLE_USERS['head-of-service'], body: { type: 'authorise', actionId: 'auth-once-1' } });
    assert.equal(authorised.status, 200);
    assert.equal(authorised.body.action.authorisedBy, ROLE_USERS['head-of-service']);
    const replay = await call<{ replayed: boolean }>(base, 'POST', '/api/improvements/imp-letters-1/actions', { as: ROLE_USERS['head-of-service'], body: { type: 'authorise', actionId: 'auth-once-1' } });
    assert.equal(replay.body.replayed, true);

    const leak = await call(base, 'POST', '/api/improvements/imp-letters-1/actions', {
      as: ROLE_USERS.investigator,
      body: { type: 'set-publication', publication: { youSaid: 'Letters confused you', weDid: `We wrote to ${named.customer.name}`, publish: true } },
    });
    assert.equal(leak.status, 422);
    for (const body of [
      { type: 'share-learning', with: 'Revenues staff', on: '2026-03-09', how: 'team brief' },
      { type: 'set-publication', publication: { youSaid: 'Our letters were hard to follow.', weDid: 'We rewrote them in plain English.', publish: true } },
      { type: 'complete', on: '2026-03-10', note: 'New letters in use' },
    ]) {
      const res = await call(base, 'POST', '/api/improvements/imp-letters-1/actions', { as: ROLE_USERS.investigator, body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const read = await call<ImprovementAction>(base, 'GET', '/api/improvements/imp-letters-1', { as: ROLE_USERS.director });
    assert.equal(read.body.status, 'completed');
    assert.equal(read.body.learningShared.length, 1);
  });

  it('gives the root cause categories to handlers and managers, and refuses an unknown one', async () => {
    const res = await call<{ categories: string[] }>(base, 'GET', '/api/improvements/root-cause-categories', { as: ROLE_USERS['complaint-handler'] });
    assert.equal(res.status, 200);
    assert.ok(res.body.categories.includes('Communication'));
    assert.equal((await call(base, 'GET', '/api/improvements/root-cause-categories', { as: ROLE_USERS.administrator })).status, 403);
    const unknown = await call<{ detail: string }>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: proposal({ rootCauseCategory: 'Bad luck' }) });
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.detail, /Use one of the organisation's root cause categories: Communication/);
  });

  it('lists overdue actions and their reminders', async () => {
    await call(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: proposal({ id: 'imp-late-01', targetDate: '2026-03-10', description: 'Repairs texts' }) });
    const late: ImprovementAction = { ...(await h.store.improvements.get(ORG, 'imp-late-01'))!, targetDate: '2026-02-27' };
    await h.store.improvements.update(ORG, 'imp-late-01', () => ({ ok: true, value: { action: late } }));
    const overdue = await call<{ items: ImprovementAction[] }>(base, 'GET', '/api/improvements?overdue=true', { as: ROLE_USERS['complaints-manager'] });
    assert.deepEqual(overdue.body.items.map((a) => a.id), ['imp-late-01']);
    const reminders = await call<{ reminders: { actionId: string; kind: string; daysOverdue: number }[] }>(base, 'GET', '/api/improvements/reminders', { as: ROLE_USERS['complaints-manager'] });
    assert.deepEqual(reminders.body.reminders.filter((r) => r.kind === 'overdue').map((r) => [r.actionId, r.daysOverdue]), [['imp-late-01', 11]]);
  });

  it('serves the quarterly report as HTML, CSV (figures equal computeIndicators) and PDF; only with report.read', async () => {
    const html = await call<string>(base, 'GET', '/api/reports/quarterly?period=2025/26-Q4', { as: ROLE_USERS['complaints-manager'] });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html.body, /Glenmore Council \(demo\)/);
    assert.match(html.body, /Letters explain the next step in plain words/);

    const csv = await call<string>(base, 'GET', '/api/reports/quarterly?period=2026-02&format=csv', { as: ROLE_USERS.director });
    assert.equal(csv.status, 200);
    const rows = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    const org = (await h.store.orgs.get(ORG))!.settings;
    const expected = computeIndicators(cases, { from: '2026-01', to: '2026-03' }, { calendar: new WorkingCalendar({ localHolidays: org.localHolidays, workedHolidays: org.workedHolidays }), population: org.population });
    const value = (row: string, measure: string) => rows.find((r) => r.section === 'Indicators 4 to 9: the whole organisation' && r.row === row && r.measure === measure)?.value;
    assert.ok(expected.all.kpi4Received.total > 0, 'the demo has complaints this quarter');
    assert.equal(value('Total complaints received', 'Number'), String(expected.all.kpi4Received.total));
    assert.equal(value('Stage 1 (frontline response)', 'Closed (number)'), String(expected.all.kpi5Closed.stage1.number));
    assert.equal(value('All stages', 'Closed (number)'), String(expected.all.kpi5Closed.total));

    const pdf = await fetch(`${base}/api/reports/annual?period=2025/26&format=pdf&largePrint=true`, { headers: { 'X-Dev-User': ROLE_USERS['management-committee'] } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /annual-2025-26-glenmore-large-print\.pdf/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');

    assert.equal((await call(base, 'GET', '/api/reports/quarterly', { as: ROLE_USERS['complaint-handler'] })).status, 403);
    const bad = await call<{ detail: string }>(base, 'GET', '/api/reports/annual?period=2026/28', { as: ROLE_USERS.director });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /write 2026\/27/);
  });

  it('publishing "you said, we did" needs report.publish and is refused while any text holds personal data', async () => {
    const leaking = (await h.store.improvements.get(ORG, 'imp-letters-1'))!;
    await h.store.improvements.create({ ...leaking, id: 'imp-leak-01', publication: { youSaid: `Contact ${named.customer.email ?? named.customer.name}`, weDid: 'Fixed', publish: true }, events: [] });
    assert.equal((await call(base, 'POST', '/api/reports/you-said-we-did/publish?period=2025/26-Q4', { as: ROLE_USERS.director })).status, 403);
    const refused = await call<{ detail: string }>(base, 'POST', '/api/reports/you-said-we-did/publish?period=2025/26-Q4', { as: ROLE_USERS['complaints-manager'] });
    assert.equal(refused.status, 422);
    assert.match(refused.body.detail, /imp-leak-01/);

    await call(base, 'POST', '/api/improvements/imp-leak-01/actions', { as: ROLE_USERS.investigator, body: { type: 'set-publication', publication: { youSaid: 'Hard to reach us', weDid: 'New phone line', publish: true } } });
    const published = await call<{ actionIds: string[] }>(base, 'POST', '/api/reports/you-said-we-did/publish?period=2025/26-Q4', { as: ROLE_USERS['complaints-manager'] });
    assert.equal(published.status, 201, JSON.stringify(published.body) + JSON.stringify(h.logger.errors.slice(-1)));
    assert.deepEqual(published.body.actionIds.sort(), ['imp-leak-01', 'imp-letters-1']);
    const page = await call<string>(base, 'GET', '/api/reports/you-said-we-did/published?period=2025/26-Q4', { as: ROLE_USERS['management-committee'] });
    assert.equal(page.status, 200);
    assert.match(page.body, /We rewrote them in plain English\./);
    assert.doesNotMatch(page.body, new RegExp(named.customer.name!));
  });
});
