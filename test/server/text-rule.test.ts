/**
 * The text rule (core/text.ts) over real HTTP: control characters, ANSI escapes, bidirectional
 * overrides and lone surrogates are refused with the field named, for cases, case actions, the case
 * search, improvement actions, training records and the organisation's services; NFD text is stored
 * (and searched) as NFC.
 */
import assert from 'node:assert/strict';
import type { Case } from '../../core/types';
import { HOSTILE, NFC_NAME, NFD_NAME } from '../support/hostile-text';
import { call, Harness, ROLE_USERS } from './harness';

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

const newComplaint = (extra: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  channel: 'email',
  customer: { withheldDetails: false, anonymous: false, name: 'Test Customer' },
  nature: 'The repair to my window was not done on the agreed day.',
  service: 'Housing Repairs',
  ...extra,
});

/** The refusal names the field and says what is wrong with it. */
function assertRefused(res: { status: number; body: Problem }, field: string, message: RegExp): void {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  const named = res.body.errors?.find((e) => e.field === field);
  assert.ok(named, `the field ${field} is named: ${JSON.stringify(res.body.errors)}`);
  assert.match(named.message, message);
  assert.match(res.body.detail, new RegExp(field.replace(/[.[\]]/g, '\\$&')));
}

describe('server: the text rule over HTTP', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start({ history: false });
    base = await h.app();
  });
  after(() => h.stop());

  describe('cases', () => {
    for (const [label, value, message] of HOSTILE.slice(0, 4)) {
      it(`POST /api/cases refuses ${label} in the nature and in the customer's name, and stores nothing`, async () => {
        const before = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=100', { as: 'demo-complaints-manager' });
        assertRefused(await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ nature: value }) }), 'nature', message);
        const name = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ customer: { withheldDetails: false, anonymous: false, name: value } }) });
        assertRefused(name, 'customer.name', message);
        const after = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=100', { as: 'demo-complaints-manager' });
        assert.equal(after.body.items.length, before.body.items.length, 'no case was logged');
      });
    }

    it('NFD text is stored as NFC, and the search finds it whichever form is typed', async () => {
      const logged = await call<Case>(base, 'POST', '/api/cases', {
        as: 'demo-handler',
        body: newComplaint({ nature: 'Cafe\u0301 bins\r\nnot emptied', customer: { withheldDetails: false, anonymous: false, name: NFD_NAME } }),
      });
      assert.equal(logged.status, 201, JSON.stringify(logged.body));
      assert.equal(logged.body.customer.name, NFC_NAME);
      assert.equal(logged.body.nature, 'Caf\u00e9 bins\nnot emptied');
      const read = await call<Case>(base, 'GET', `/api/cases/${logged.body.reference}`, { as: 'demo-handler' });
      assert.equal(read.body.customer.name, NFC_NAME);
      for (const typed of [NFD_NAME.split(' ')[0], NFC_NAME.split(' ')[0]]) {
        const found = await call<{ items: Case[] }>(base, 'GET', `/api/cases?text=${encodeURIComponent(typed)}`, { as: 'demo-handler' });
        assert.ok(found.body.items.some((c) => c.reference === logged.body.reference), `found by "${typed}"`);
      }
    });

    it('names, services and ids are single lines', async () => {
      assertRefused(await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ service: 'Housing\nRepairs' }) }), 'service', /single line/);
      assertRefused(
        await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint({ contractor: { name: 'CleanCo\nLtd', kind: 'contractor' } }) }),
        'contractor.name',
        /single line/,
      );
    });

    it('a case action refuses an ANSI escape in its reason, naming the field', async () => {
      const logged = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: newComplaint() });
      const res = await call<Problem>(base, 'POST', `/api/cases/${logged.body.reference}/actions`, {
        as: 'demo-complaints-manager',
        body: { type: 'extend', workingDays: 3, reason: 'waiting \u001b[31mURGENT\u001b[0m' },
      });
      assertRefused(res, 'reason', /ESC character/);
    });

    it('the query string keeps the rule too, and so do field names', async () => {
      assertRefused(await call<Problem>(base, 'GET', `/api/cases?text=${encodeURIComponent('bins\u0000')}`, { as: 'demo-handler' }), 'query.text', /NUL character/);
      const badKey = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: { ...newComplaint(), ['nature\u202e']: 'x' } });
      assertRefused(badKey, '(a field name)', /right-to-left override/);
    });

    it('without sign-in the answer is 401, whatever the text', async () => {
      const res = await call<Problem>(base, 'POST', '/api/cases', { body: newComplaint({ nature: 'x\u0000' }) });
      assert.equal(res.status, 401);
    });
  });

  describe('other records', () => {
    it('improvement actions: a right-to-left override in the description or a NUL in the owner is refused', async () => {
      const proposal = { service: 'Housing Repairs', description: 'Letters explain the next step', owner: { kind: 'team', id: 'repairs', displayName: 'Repairs team' }, targetDate: '2026-05-29' };
      assertRefused(await call<Problem>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: { ...proposal, description: 'Refund \u202Eeno on' } }), 'description', /right-to-left override/);
      assertRefused(
        await call<Problem>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: { ...proposal, owner: { ...proposal.owner, displayName: 'Repairs\u0000' } } }),
        'owner.displayName',
        /NUL character/,
      );
      const ok = await call<{ description: string }>(base, 'POST', '/api/improvements', { as: ROLE_USERS.investigator, body: { ...proposal, description: `Tell ${NFD_NAME} the outcome` } });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.description, `Tell ${NFC_NAME} the outcome`);
    });

    it('training records: an ANSI escape or a lone surrogate in the title is refused; NFD is stored as NFC', async () => {
      const induction = { kind: 'induction', title: 'CHP induction', deliveredOn: '2026-03-09', audience: 'New starts', attendees: 9 };
      for (const [, value, message] of [HOSTILE[1], HOSTILE[3]]) {
        assertRefused(await call<Problem>(base, 'POST', '/api/awareness/training', { as: ROLE_USERS['training-officer'], body: { ...induction, title: value } }), 'title', message);
      }
      const added = await call<{ audience: string }>(base, 'POST', '/api/awareness/training', { as: ROLE_USERS['training-officer'], body: { ...induction, audience: NFD_NAME } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal(added.body.audience, NFC_NAME);
    });

    it("the organisation's services: a line break or a bidirectional isolate in a name is refused, naming which", async () => {
      const services = ['Housing Repairs', 'Waste\nRecycling', 'Roads\u2066'];
      const res = await call<Problem>(base, 'PUT', '/api/org/services', { as: 'demo-admin', body: { services } });
      assert.equal(res.status, 400);
      const fields = (res.body.errors ?? []).map((e) => e.field);
      assert.ok(fields.includes('services[2]'), JSON.stringify(res.body.errors));
      assertRefused(await call<Problem>(base, 'PUT', '/api/org/services', { as: 'demo-admin', body: { services: ['Housing Repairs', 'Waste\nRecycling'] } }), 'services[1]', /single line/);
    });
  });
});
