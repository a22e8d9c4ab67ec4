/**
 * Learning that shows over real HTTP on the embedded store with the demo organisation: the liaison
 * officer's open SPSO cases, SPSO recommendations with a due date, compliments quoted with consent
 * in "you said, we did", and the whole case file in one step (HTML and PDF), recorded on the timeline.
 */
import assert from 'node:assert/strict';
import { openSpsoCase } from '../../core/reports/spso';
import type { Case } from '../../core/types';
import { storedCasePages } from '../../store/aggregates';
import { shutdownCaseFileRenderer } from '../../server/routes/learning';
import { shutdownReportRenderer } from '../../server/routes/reports';
import { pdfText } from '../support/pdfText';
import { call, Harness, ROLE_USERS } from '../server/harness';

const ORG = 'glenmore';
const MANAGER = ROLE_USERS['complaints-manager'];

interface OpenSpso { reference: string; referredOn: string; decision?: string; outstanding: { text: string; dueOn?: string; overdue: boolean }[] }

describe('learning API: SPSO cases, quotes with consent, the case file', function () {
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
  after(async () => {
    await shutdownCaseFileRenderer();
    await shutdownReportRenderer();
    await h.stop();
  });

  it('lists the cases open with the SPSO for the liaison officer only; a decision with recommendations due keeps the case on the list', async () => {
    const referred = cases.find((c) => c.spso && !c.spso.decision)!;
    assert.ok(referred, 'the demo organisation has a case referred to the SPSO');
    const refused = await call(base, 'GET', '/api/learning/spso-cases', { as: ROLE_USERS['complaint-handler'] });
    assert.equal(refused.status, 403);
    const list = await call<{ items: OpenSpso[] }>(base, 'GET', '/api/learning/spso-cases', { as: MANAGER });
    assert.equal(list.status, 200);
    const expected = cases.filter((c) => c.spso && openSpsoCase(c, '2026-03-10')).sort((a, b) => a.spso!.referredOn.localeCompare(b.spso!.referredOn));
    assert.ok(expected.length >= 2, 'the seeded history has referrals too');
    assert.deepEqual(new Set(list.body.items.map((i) => i.reference)), new Set(expected.map((c) => c.reference)));
    const dates = list.body.items.map((i) => i.referredOn);
    assert.deepEqual(dates, [...dates].sort(), 'oldest referral first');
    assert.equal(list.body.items.find((i) => i.reference === referred.reference)!.referredOn, referred.spso!.referredOn);

    const decided = await call(base, 'POST', `/api/cases/${referred.reference}/actions`, {
      as: MANAGER,
      body: { type: 'record-spso-decision', decision: 'upheld', on: '2026-03-09', recommendations: ['Apologise in writing'], recommendationsDueOn: '2026-03-05' },
    });
    assert.equal(decided.status, 422, 'recommendations cannot be due before the decision');
    const ok = await call(base, 'POST', `/api/cases/${referred.reference}/actions`, {
      as: MANAGER,
      body: { type: 'record-spso-decision', decision: 'upheld', on: '2026-03-09', recommendations: ['Apologise in writing'], recommendationsDueOn: '2026-04-09' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const after = await call<{ items: OpenSpso[] }>(base, 'GET', '/api/learning/spso-cases', { as: MANAGER });
    const now = after.body.items.find((i) => i.reference === referred.reference)!;
    assert.deepEqual(now.outstanding, [{ text: 'Apologise in writing', dueOn: '2026-04-09', overdue: false }]);
    assert.equal(now.decision, 'upheld');
  });

  it('quotes a compliment only once consent is recorded, and only on a compliment', async () => {
    const compliment = cases.find((c) => c.kind === 'compliment')!;
    const complaint = cases.find((c) => c.kind === 'complaint' && c.status === 'stage1')!;
    const wrong = await call<{ detail: string }>(base, 'POST', `/api/cases/${complaint.reference}/actions`, { as: ROLE_USERS['complaint-handler'], body: { type: 'record-quote-consent', text: 'Lovely' } });
    assert.equal(wrong.status, 409);
    assert.match(wrong.body.detail, /not a compliment/);
    const period = '2025/26-Q4';
    const before = await call<{ feedback: { compliments: number; quotes: unknown[] } }>(base, 'GET', `/api/reports/you-said-we-did?period=${period}&format=json`, { as: MANAGER });
    assert.ok(before.body.feedback.compliments >= 1);
    assert.deepEqual(before.body.feedback.quotes, []);
    const recorded = await call(base, 'POST', `/api/cases/${compliment.reference}/actions`, { as: ROLE_USERS['complaint-handler'], body: { type: 'record-quote-consent', text: 'The crew cleared the tree within the hour.' } });
    assert.equal(recorded.status, 200, JSON.stringify(recorded.body));
    const html = await call<string>(base, 'GET', `/api/reports/you-said-we-did?period=${period}&format=html`, { as: MANAGER });
    assert.match(html.body, /Compliments and comments/);
    assert.match(html.body, /“The crew cleared the tree within the hour\.” \(Roads and Transport\)/);
  });

  it('produces the whole case file in one step (HTML and PDF), records the request on the timeline, and refuses people without the permission', async () => {
    const c = cases.find((x) => x.kind === 'complaint' && x.stage2?.closedOn && x.customer.name)!;
    const refused = await call(base, 'POST', `/api/case-files/${c.reference}`, { as: ROLE_USERS['complaint-handler'] });
    assert.equal(refused.status, 403);
    const bad = await call(base, 'POST', `/api/case-files/not-a-reference`, { as: MANAGER });
    assert.equal(bad.status, 400);
    const missing = await call(base, 'POST', `/api/case-files/CHP-1999-000001`, { as: MANAGER });
    assert.equal(missing.status, 404);

    const html = await call<string>(base, 'POST', `/api/case-files/${c.reference}?format=html`, { as: MANAGER });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    for (const text of [`Case file ${c.reference}`, 'Recorded details', 'Timeline', 'Messages', 'Attachments', c.customer.name!, 'Stage 2 › Clock › Due', 'Whole case file produced (HTML)']) {
      assert.ok(html.body.includes(text), `the HTML has "${text}"`);
    }
    const pdf = await fetch(`${base}/api/case-files/${c.reference}?format=pdf`, { method: 'POST', headers: { 'X-Dev-User': MANAGER } });
    assert.equal(pdf.status, 200);
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const expected of [`Case file ${c.reference}`, 'Recorded details', 'Timeline', c.nature.slice(0, 30)]) assert.ok(text.includes(expected), `the PDF has "${expected}"`);
    const stored = (await h.store.cases.get(ORG, c.reference))!;
    const exported = stored.events.filter((e) => e.type === 'case-file-exported');
    assert.deepEqual(exported.map((e) => e.summary.slice(0, 31)), ['Whole case file produced (HTML)', 'Whole case file produced (PDF) ']);
    assert.equal(exported[0].by, MANAGER);
  });
});
