import assert from 'node:assert/strict';
import type { Case } from '../../core/types';
import { call, Harness, ROLE_USERS } from './harness';

type Page = { items: Case[]; continuation?: string };
type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[]; code?: string };

const newComplaint = (extra: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  channel: 'email',
  customer: { withheldDetails: false, anonymous: false, name: 'Test Customer', email: 'test.customer@example.org' },
  nature: 'The repair to my window was not done on the agreed day.',
  service: 'Housing Repairs',
  ...extra,
});

describe('server: cases API', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    // The list tests read every visible case in one page of 100: the hand-written demo cases only.
    await h.start({ history: false });
    base = await h.app();
  });
  after(() => h.stop());

  describe('POST /api/cases', () => {
    it('logs a complaint through the core and answers 201 with its location', async () => {
      const res = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint() });
      assert.equal(res.status, 201);
      assert.match(res.body.reference, /^CHP-2026-\d{6}$/);
      assert.equal(res.headers.get('location'), `/api/cases/${res.body.reference}`);
      assert.equal(res.body.status, 'stage1');
      assert.equal(res.body.owner, 'demo-handler');
      assert.equal(res.body.receivedAt, '2026-03-10T10:00:00.000Z');
      assert.equal(res.body.stage1?.clock.due, '2026-03-16');
      const stored = await h.store.cases.get('glenmore', res.body.reference);
      assert.equal(stored?.nature, 'The repair to my window was not done on the agreed day.');
    });

    it('is idempotent on the source message: the second post returns the first case with 200', async () => {
      const source = { kind: 'email', messageId: 'AAMkAD-test-1', internetMessageId: '<abc-1@example.org>' };
      const first = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ source }) });
      const second = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ source }) });
      assert.equal(first.status, 201);
      assert.equal(second.status, 200);
      assert.equal(second.body.reference, first.body.reference);
      const byInternetId = await call<Case>(base, 'POST', '/api/cases', {
        as: 'demo-handler',
        body: newComplaint({ source: { kind: 'email', messageId: 'another-item-id', internetMessageId: '<abc-1@example.org>' } }),
      });
      assert.equal(byInternetId.status, 200);
      assert.equal(byInternetId.body.reference, first.body.reference);
    });

    it('logs once when the same message is posted twice at the same moment', async () => {
      const source = { kind: 'chat', messageId: 'teams-msg-race-1' };
      const results = await Promise.all(
        [1, 2, 3].map(() => call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ source, channel: 'chat' }) })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 201]);
      assert.equal(new Set(results.map((r) => r.body.reference)).size, 1);
    });

    it('lists every invalid field in a 400 problem', async () => {
      const res = await call<Problem>(base, 'POST', '/api/cases', {
        as: 'demo-handler',
        body: { ...newComplaint(), kind: 'grumble', customer: { anonymous: 'no', email: 'not-an-email' }, nature: '', surprise: 1 },
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      const fields = (res.body.errors ?? []).map((e) => e.field).sort();
      assert.deepEqual(fields, ['(body)', 'customer.anonymous', 'customer.email', 'customer.withheldDetails', 'kind', 'nature']);
      assert.match(res.body.detail, /^Correct the request body and send it again — /);
    });

    it('answers 422 with the core’s sentence when a rule is broken', async () => {
      const res = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ service: 'Space Programme' }) });
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'invalid-input');
      assert.match(res.body.detail, /"Space Programme" is not one of this organisation's services/);
    });

    it('answers 415 when the body is not JSON and 400 when the JSON is broken', async () => {
      const plain = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', rawBody: 'kind=complaint', headers: { 'Content-Type': 'text/plain' } });
      assert.equal(plain.status, 415);
      const broken = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', rawBody: '{"kind": "complaint",' });
      assert.equal(broken.status, 400);
      assert.match(broken.body.detail, /could not be parsed/);
    });

    for (const role of ['complaints-manager', 'training-officer', 'cswo', 'management-committee', 'administrator'] as const) {
      it(`refuses the ${role} with 403 and stores nothing`, async () => {
        const before = await call<Page>(base, 'GET', '/api/cases?limit=100&sort=reference', { as: 'demo-director' });
        const res = await call<Problem>(base, 'POST', '/api/cases', { as: ROLE_USERS[role], body: newComplaint() });
        assert.equal(res.status, 403);
        assert.match(res.body.detail, /do not allow you to log cases/);
        const after = await call<Page>(base, 'GET', '/api/cases?limit=100&sort=reference', { as: 'demo-director' });
        assert.equal(after.body.items.length, before.body.items.length);
      });
    }
  });

  describe('GET /api/cases/:ref', () => {
    it('returns a case the actor may see, with its timeline', async () => {
      const res = await call<Case>(base, 'GET', '/api/cases/CHP-2026-000001', { as: 'demo-handler' });
      assert.equal(res.status, 200);
      assert.equal(res.body.service, 'Housing Repairs');
      assert.equal(res.body.events[0].type, 'logged');
    });

    it('answers 400 for a malformed reference and 404 for a missing one', async () => {
      const bad = await call<Problem>(base, 'GET', '/api/cases/not-a-ref', { as: 'demo-director' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors?.[0].field, 'path.ref');
      const missing = await call<Problem>(base, 'GET', '/api/cases/CHP-2026-999999', { as: 'demo-director' });
      assert.equal(missing.status, 404);
    });

    it('lets the CSWO see social-work cases only', async () => {
      const social = await call<Case>(base, 'GET', '/api/cases/CHP-2026-000014', { as: 'demo-cswo' });
      assert.equal(social.status, 200);
      assert.equal(social.body.socialWork, true);
      const housing = await call(base, 'GET', '/api/cases/CHP-2026-000001', { as: 'demo-cswo' });
      assert.equal(housing.status, 404);
      const list = await call<Page>(base, 'GET', '/api/cases?limit=100', { as: 'demo-cswo' });
      assert.ok(list.body.items.length >= 2);
      assert.ok(list.body.items.every((c) => c.socialWork));
    });

    it('shows an investigator the cases of their services and their own, nothing else', async () => {
      const list = await call<Page>(base, 'GET', '/api/cases?limit=100', { as: 'demo-investigator' });
      assert.ok(list.body.items.length > 0);
      for (const c of list.body.items) {
        assert.ok(['Housing Repairs', 'Council Tax and Benefits'].includes(c.service) || c.owner === 'demo-investigator' || c.loggedBy === 'demo-investigator', c.reference);
      }
      const roads = await call(base, 'GET', '/api/cases/CHP-2026-000016', { as: 'demo-investigator' });
      assert.equal(roads.status, 404);
    });

    for (const role of ['training-officer', 'management-committee', 'administrator'] as const) {
      it(`refuses the ${role} (no case reading) with 403`, async () => {
        const one = await call<Problem>(base, 'GET', '/api/cases/CHP-2026-000001', { as: ROLE_USERS[role] });
        assert.equal(one.status, 403);
        const list = await call<Problem>(base, 'GET', '/api/cases', { as: ROLE_USERS[role] });
        assert.equal(list.status, 403);
        const actions = await call<Problem>(base, 'GET', '/api/cases/CHP-2026-000001/available-actions', { as: ROLE_USERS[role] });
        assert.equal(actions.status, 403);
        const act = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000001/actions', { as: ROLE_USERS[role], body: { type: 'acknowledge', on: '2026-03-10' } });
        assert.equal(act.status, 403);
        const bySource = await call<Problem>(base, 'GET', '/api/cases/by-source?messageId=demo-outlook-item-0001', { as: ROLE_USERS[role] });
        assert.equal(bySource.status, 403);
      });
    }
  });

  describe('GET /api/cases (list and search)', () => {
    it('pages with a continuation until every visible case has been seen once', async () => {
      const all = await call<Page>(base, 'GET', '/api/cases?limit=100&sort=reference', { as: 'demo-director' });
      const seen: string[] = [];
      let continuation: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '4', sort: 'reference', ...(continuation ? { continuation } : {}) });
        const page = await call<Page>(base, 'GET', `/api/cases?${q}`, { as: 'demo-director' });
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 4);
        seen.push(...page.body.items.map((c) => c.reference));
        continuation = page.body.continuation;
      } while (continuation);
      assert.deepEqual(seen, all.body.items.map((c) => c.reference));
      assert.ok(seen.length > 4);
    });

    it('filters by owner, service, status, stage, overdue and text', async () => {
      const get = async (q: string) => (await call<Page>(base, 'GET', `/api/cases?limit=100&${q}`, { as: 'demo-director' })).body.items;
      assert.ok((await get('owner=me')).every((c) => c.owner === 'demo-director'));
      assert.ok((await get('owner=demo-handler')).length > 0);
      const waste = await get('service=Waste%20and%20Recycling');
      assert.ok(waste.length > 0 && waste.every((c) => c.service === 'Waste and Recycling'));
      const closed = await get('status=stage1-closed,stage2-closed');
      assert.ok(closed.length >= 3 && closed.every((c) => c.status === 'stage1-closed' || c.status === 'stage2-closed'));
      assert.ok((await get('stage=2')).every((c) => c.status.startsWith('stage2')));
      const overdue = await get('overdue=true');
      assert.ok(overdue.some((c) => c.reference === 'CHP-2026-000002'), 'the missed-bins case is overdue');
      assert.ok(overdue.every((c) => (c.stage2?.clock.due ?? c.stage1?.clock.due ?? '9999') < '2026-03-10'));
      const mould = await get('text=mould');
      assert.deepEqual(mould.map((c) => c.reference), ['CHP-2026-000004']);
    });

    it('rejects unknown filters and bad values with the field named', async () => {
      const res = await call<Problem>(base, 'GET', '/api/cases?status=opened&limit=1000&colour=red', { as: 'demo-director' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors?.map((e) => e.field).sort(), ['query', 'query.limit', 'query.status[0]']);
    });

    it('answers 400 for a forged continuation token', async () => {
      const res = await call<Problem>(base, 'GET', '/api/cases?continuation=%7B%22nonsense%22%3Atrue%7D', { as: 'demo-director' });
      assert.equal(res.status, 400);
      assert.match(res.body.detail, /start again from the first page/);
    });
  });

  describe('GET /api/cases/by-source', () => {
    it('finds the case logged from an email', async () => {
      const res = await call<Case>(base, 'GET', '/api/cases/by-source?internetMessageId=%3Cdemo-0001%40example.co.uk%3E', { as: 'demo-director' });
      assert.equal(res.status, 200);
      assert.equal(res.body.reference, 'CHP-2026-000018');
      const none = await call<Problem>(base, 'GET', '/api/cases/by-source?messageId=never-logged', { as: 'demo-director' });
      assert.equal(none.status, 404);
      const empty = await call<Problem>(base, 'GET', '/api/cases/by-source', { as: 'demo-director' });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.errors?.[0].field, 'query.messageId');
    });
  });

  describe('actions', () => {
    it('lists the actions the actor may take now', async () => {
      const res = await call<{ reference: string; actions: string[] }>(base, 'GET', '/api/cases/CHP-2026-000001/available-actions', { as: 'demo-head-of-service' });
      assert.equal(res.status, 200);
      assert.ok(res.body.actions.includes('assign'));
      assert.ok(res.body.actions.includes('close-stage1'));
      assert.ok(!res.body.actions.includes('approve-signoff'));
    });

    it('applies an action through the core and stores it; a retry with the same actionId is a replay', async () => {
      const created = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint() });
      const ref = created.body.reference;
      const body = { type: 'assign', owner: 'demo-investigator', actionId: 'assign-once-1' };
      const first = await call<{ case: Case; replayed: boolean; event: { id: string } }>(base, 'POST', `/api/cases/${ref}/actions`, { as: 'demo-head-of-service', body });
      assert.equal(first.status, 200);
      assert.equal(first.body.case.owner, 'demo-investigator');
      assert.equal(first.body.replayed, false);
      assert.equal(first.body.event.id, 'assign-once-1');
      const again = await call<{ case: Case; replayed: boolean }>(base, 'POST', `/api/cases/${ref}/actions`, { as: 'demo-head-of-service', body });
      assert.equal(again.status, 200);
      assert.equal(again.body.replayed, true);
      const stored = await h.store.cases.get('glenmore', ref);
      assert.equal(stored?.events.filter((e) => e.type === 'assigned').length, 1);
    });

    it('generates an actionId when none is given', async () => {
      const created = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint() });
      const res = await call<{ event: { id: string } }>(base, 'POST', `/api/cases/${created.body.reference}/actions`, {
        as: 'demo-handler',
        body: { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Repair rebooked for tomorrow.', on: '2026-03-10' },
      });
      assert.equal(res.status, 200);
      assert.match(res.body.event.id, /^[0-9a-f-]{36}$/);
    });

    it('maps the core’s refusals: forbidden → 403, not-allowed-now → 409, invalid-input → 422', async () => {
      const forbidden = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000001/actions', { as: 'demo-handler', body: { type: 'assign', owner: 'demo-handler' } });
      assert.equal(forbidden.status, 403);
      assert.equal(forbidden.body.code, 'forbidden');
      const notNow = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000010/actions', {
        as: 'demo-director',
        body: { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-03-10' },
      });
      assert.equal(notNow.status, 409);
      assert.equal(notNow.body.code, 'not-allowed-now');
      const invalid = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000019/actions', {
        as: 'demo-director',
        body: { type: 'close-stage1', outcome: 'upheld', actionTaken: 'Fan inspected.', on: '2026-04-01' },
      });
      assert.equal(invalid.status, 422);
      assert.match(invalid.body.detail, /cannot be in the future/);
      const unchanged = await h.store.cases.get('glenmore', 'CHP-2026-000019');
      assert.equal(unchanged?.status, 'stage1');
    });

    it('validates the action body by its type', async () => {
      const res = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000001/actions', { as: 'demo-director', body: { type: 'extend', workingDays: 2.5 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors?.map((e) => e.field).sort(), ['reason', 'workingDays']);
      const unknown = await call<Problem>(base, 'POST', '/api/cases/CHP-2026-000001/actions', { as: 'demo-director', body: { type: 'teleport' } });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors?.[0].field, 'type');
    });
  });

  describe('tenant isolation', () => {
    it('answers another organisation’s case exactly like a missing one', async () => {
      // CHP-2026-000019 exists only in Glenmore; Riverside has two cases.
      const other = await call<Problem>(base, 'GET', '/api/cases/CHP-2026-000019', { as: 'rha-manager' });
      const missing = await call<Problem>(base, 'GET', '/api/cases/CHP-2026-999999', { as: 'rha-manager' });
      assert.equal(other.status, 404);
      assert.equal(missing.status, 404);
      const strip = (p: Problem) => ({ ...p, detail: p.detail.replace(/CHP-\d{4}-\d{6}/, 'REF'), instance: undefined, correlationId: undefined });
      assert.deepEqual(strip(other.body), strip(missing.body));
    });

    it('never lists, finds by source or changes another organisation’s case', async () => {
      const list = await call<Page>(base, 'GET', '/api/cases?limit=100', { as: 'rha-manager' });
      assert.ok(list.body.items.length >= 2);
      assert.ok(list.body.items.every((c) => c.orgId === 'riverside'));
      const bySource = await call(base, 'GET', '/api/cases/by-source?messageId=demo-outlook-item-0001', { as: 'rha-manager' });
      assert.equal(bySource.status, 404);
      const before = await h.store.cases.get('glenmore', 'CHP-2026-000019');
      const act = await call(base, 'POST', '/api/cases/CHP-2026-000019/actions', { as: 'rha-manager', body: { type: 'set-legal-hold', reason: 'probe' } });
      assert.equal(act.status, 404);
      assert.deepEqual(await h.store.cases.get('glenmore', 'CHP-2026-000019'), before);
      const same = await call<Case>(base, 'GET', '/api/cases/CHP-2026-000001', { as: 'rha-manager' });
      assert.equal(same.body.orgId, 'riverside', 'the same reference in another organisation is a different case');
    });
  });
});
