/**
 * Reports by service and the publish step over real HTTP, on the embedded store with the demo
 * organisations: a head of service reads their own services' figures (equal to a hand count of the
 * cases) and is refused another's or an unknown service; "so far" and the SPSO order reach the
 * documents; "you said, we did" is published once, by the complaints manager, with who and when.
 */
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { QuarterlyReport } from '../../core/reports/models';
import type { Case } from '../../core/types';
import { storedCasePages } from '../../store/aggregates';
import { call, Harness, ROLE_USERS } from '../server/harness';

const ORG = 'glenmore';
const HEAD = ROLE_USERS['head-of-service'];
const MANAGER = ROLE_USERS['complaints-manager'];
// The harness's today is 2026-03-10: 2025/26-Q4 and the year 2025/26 are still running.
const Q3 = '2025/26-Q3';
const Q4 = '2025/26-Q4';

describe('reports by service and publishing over HTTP', function () {
  this.timeout(120_000);
  const h = new Harness();
  let base: string;
  let cases: Case[];

  before(async () => {
    await h.start();
    base = await h.app();
    cases = [];
    for await (const page of storedCasePages(h.store.cases, ORG)) cases.push(...page);
  });
  after(() => h.stop());

  /** Indicator 4 counted by hand: complaints received in the quarter, less those withdrawn before any response. */
  const receivedByHand = (services: string[], from: string, to: string) =>
    cases.filter(
      (c) => c.kind === 'complaint' && services.includes(c.service) && c.receivedOn >= from && c.receivedOn <= to && c.status !== 'not-a-complaint' && !(c.status === 'withdrawn' && !c.stage1?.closedOn),
    ).length;

  it('tells each person whose figures they may read', async () => {
    const head = await call<{ wholeOrganisation: boolean; services: string[]; canPublish: boolean }>(base, 'GET', '/api/reports/scope', { as: HEAD });
    assert.equal(head.status, 200);
    assert.deepEqual(head.body, { wholeOrganisation: false, services: ['Council Tax and Benefits', 'Housing Repairs'], canPublish: false });
    const manager = await call<{ wholeOrganisation: boolean; services: string[]; canPublish: boolean }>(base, 'GET', '/api/reports/scope', { as: MANAGER });
    assert.equal(manager.body.wholeOrganisation, true);
    assert.equal(manager.body.canPublish, true);
    assert.ok(manager.body.services.includes('Roads and Transport'));
    assert.equal((await call(base, 'GET', '/api/reports/scope', { as: ROLE_USERS['complaint-handler'] })).status, 403);
  });

  it('gives a head of service their services’ figures, equal to a hand count, and one service when asked', async () => {
    const mine = await call<QuarterlyReport>(base, 'GET', `/api/reports/quarterly?period=${Q3}&format=json`, { as: HEAD });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.services, ['Council Tax and Benefits', 'Housing Repairs']);
    const both = receivedByHand(['Council Tax and Benefits', 'Housing Repairs'], '2025-10-01', '2025-12-31');
    assert.ok(both > 0, 'the demo has complaints in these services that quarter');
    assert.equal(mine.body.indicators.all.kpi4Received.total, both);
    assert.deepEqual(Object.keys(mine.body.indicators.byService).sort(), ['Council Tax and Benefits', 'Housing Repairs']);

    const one = await call<QuarterlyReport>(base, 'GET', `/api/reports/quarterly?period=${Q3}&format=json&service=${encodeURIComponent('Housing Repairs')}`, { as: HEAD });
    assert.equal(one.body.indicators.all.kpi4Received.total, receivedByHand(['Housing Repairs'], '2025-10-01', '2025-12-31'));
    assert.ok(one.body.improvements.completedActions.every((a) => a.service === 'Housing Repairs'));

    const whole = await call<QuarterlyReport>(base, 'GET', `/api/reports/quarterly?period=${Q3}&format=json`, { as: ROLE_USERS.director });
    assert.equal(whole.body.services, undefined);
    assert.ok(whole.body.indicators.all.kpi4Received.total > both, 'the organisation has more than these two services');
  });

  it('refuses a service the person may not see, and a service the organisation does not have', async () => {
    const other = await call<{ detail: string }>(base, 'GET', `/api/reports/quarterly?period=${Q3}&service=${encodeURIComponent('Roads and Transport')}`, { as: HEAD });
    assert.equal(other.status, 403);
    assert.match(other.body.detail, /your own services only \(Council Tax and Benefits, Housing Repairs\), not those of Roads and Transport/);
    const csv = await call(base, 'GET', `/api/reports/annual?period=2025/26&format=csv&service=${encodeURIComponent('Roads and Transport')}`, { as: HEAD });
    assert.equal(csv.status, 403, 'every format is checked');
    const unknown = await call<{ detail: string }>(base, 'GET', `/api/reports/quarterly?period=${Q3}&service=Moon%20Landings`, { as: ROLE_USERS.director });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.detail, /"Moon Landings" is not one of the organisation's services\. Choose one of: .*Housing Repairs/);
    const empty = await call(base, 'GET', `/api/reports/quarterly?period=${Q3}&service=`, { as: ROLE_USERS.director });
    assert.equal(empty.status, 400);
    // Another organisation's service is unknown here, not a way to read its figures.
    const riverside = (await h.store.orgs.get('riverside'))!.settings.services.find((s) => !cases.some((c) => c.service === s));
    if (riverside) assert.equal((await call(base, 'GET', `/api/reports/quarterly?period=${Q3}&service=${encodeURIComponent(riverside)}`, { as: ROLE_USERS.director })).status, 400);
  });

  it('names the service and marks the running quarter and year "so far" in the documents, indicators in the SPSO order', async () => {
    const html = await call<string>(base, 'GET', `/api/reports/quarterly?period=${Q4}&format=html&service=${encodeURIComponent('Housing Repairs')}`, { as: HEAD });
    assert.equal(html.status, 200);
    assert.match(html.body, /so far \(to Tue 10 Mar 2026\)/);
    assert.match(html.body, /<h1>Quarterly complaints performance report to senior management — Service: Housing Repairs<\/h1>/);
    assert.match(html.body, /These figures are for this service only, not the whole organisation/);
    const order = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => html.body.indexOf(`Indicator ${n}`));
    assert.ok(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1])), `indicators in order 1–9: ${order.join()}`);
    const annual = await call<string>(base, 'GET', '/api/reports/annual?period=2025/26&format=html', { as: ROLE_USERS.director });
    assert.match(annual.body, /year to date \(to Tue 10 Mar 2026\)/);
    const finished = await call<string>(base, 'GET', '/api/reports/annual?period=2024/25&format=html', { as: ROLE_USERS.director });
    assert.doesNotMatch(finished.body, /year to date|so far/);

    const csv = await call<string>(base, 'GET', `/api/reports/quarterly?period=${Q4}&format=csv&service=${encodeURIComponent('Housing Repairs')}`, { as: HEAD });
    const rows = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    const received = rows.find((r) => r.section === 'Indicators 4 to 9: the whole organisation' && r.row === 'Total complaints received');
    assert.equal(received?.value, String(receivedByHand(['Housing Repairs'], '2026-01-01', '2026-03-31')));
    assert.ok(!rows.some((r) => r.section.startsWith('Contractors')), 'contractors are not split by service');
    assert.ok(!rows.some((r) => r.section.includes('Service: Roads and Transport')), 'no other service');
  });

  it('publishes "you said, we did" once, for the complaints manager only, and lists who published it and when', async () => {
    assert.equal((await call(base, 'POST', `/api/reports/you-said-we-did/publish?period=${Q3}`, { as: HEAD })).status, 403);
    assert.equal((await call(base, 'POST', `/api/reports/you-said-we-did/publish?period=${Q3}`, { as: ROLE_USERS.director })).status, 403);
    const oneService = await call<{ detail: string }>(base, 'POST', `/api/reports/you-said-we-did/publish?period=${Q3}&service=${encodeURIComponent('Housing Repairs')}`, { as: MANAGER });
    assert.equal(oneService.status, 400);
    assert.match(oneService.body.detail, /covers the whole organisation/);

    const published = await call<{ periodId: string; publishedBy: string; publishedByName: string; publishedAt: string }>(base, 'POST', `/api/reports/you-said-we-did/publish?period=${Q3}`, { as: MANAGER });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    assert.deepEqual([published.body.periodId, published.body.publishedBy, published.body.publishedByName, published.body.publishedAt], [Q3, MANAGER, 'Iain Campbell', '2026-03-10T10:00:00.000Z']);

    const again = await call<{ detail: string }>(base, 'POST', `/api/reports/you-said-we-did/publish?period=${Q3}`, { as: MANAGER });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /was published on Tue 10 Mar 2026 10:00 by Iain Campbell/);

    const list = await call<{ items: { periodId: string; publishedByName: string; publishedAt: string }[] }>(base, 'GET', '/api/reports/you-said-we-did/publications', { as: ROLE_USERS['management-committee'] });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((i) => [i.periodId, i.publishedByName]), [[Q3, 'Iain Campbell']]);
    assert.equal((await call(base, 'GET', '/api/reports/you-said-we-did/publications', { as: ROLE_USERS['complaint-handler'] })).status, 403);
    assert.equal((await call(base, 'GET', '/api/reports/quarterly/publications', { as: MANAGER })).status, 400, 'the quarterly report is never published');
    // Two publishing at the same moment: one is published, the other told who was first.
    const race = await Promise.all([1, 2].map(() => call<{ detail?: string }>(base, 'POST', '/api/reports/you-said-we-did/publish?period=2025/26-Q2', { as: MANAGER })));
    assert.deepEqual(race.map((r) => r.status).sort(), [201, 409]);
    assert.match(race.find((r) => r.status === 409)!.body.detail ?? '', /by Iain Campbell/);

    const page = await call<string>(base, 'GET', `/api/reports/you-said-we-did/published?period=${Q3}`, { as: HEAD });
    assert.equal(page.status, 200);
    assert.match(page.body, /You said, we did/);
  });
});
