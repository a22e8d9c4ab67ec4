import assert from 'node:assert/strict';
import { ownerProblem, staffActor } from '../../core/ownership';
import type { Case } from '../../core/types';
import { DEMO_ORGS } from '../../server/seed';
import { historyCases } from '../../server/seed-history';
import { StaffRecorder } from '../../server/auth/staff-recorder';
import { call, Harness } from './harness';

type Problem = { status: number; title: string; detail: string; code?: string };

const complaint = (extra: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  channel: 'email',
  customer: { withheldDetails: false, anonymous: false, name: 'Test Customer' },
  nature: 'The repair to my window was not done on the agreed day.',
  service: 'Housing Repairs',
  ...extra,
});

describe('server: only the organisation’s complaints staff own cases', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start({ history: false });
    base = await h.app();
  });
  after(() => h.stop());

  const logged = async (extra: Record<string, unknown> = {}): Promise<Case> => {
    const res = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-handler', body: complaint(extra) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const assign = (reference: string, owner: string, as = 'demo-head-of-service') =>
    call<Problem & { case: Case }>(base, 'POST', `/api/cases/${reference}/actions`, { as, body: { type: 'assign', owner } });

  describe('assign', () => {
    const refusals: [string, string, RegExp][] = [
      ['a member of the other organisation', 'rha-officer', /^"rha-officer" is not a member of the complaints team of Glenmore Council \(demo\)/],
      ['an id that exists nowhere', 'someone-made-up', /^"someone-made-up" is not a member of the complaints team of Glenmore Council \(demo\)/],
      ['a management committee member', 'demo-committee', /^Cllr Shona Paterson has no role that handles complaints \(management committee\)/],
      ['the administrator', 'demo-admin', /^Ross Baird has no role that handles complaints \(administrator\)/],
      ['the complaints manager (reads, does not handle)', 'demo-complaints-manager', /^Iain Campbell has no role that handles complaints/],
    ];
    for (const [who, owner, message] of refusals) {
      it(`to ${who}: 422 with a sentence saying why, and the case keeps its owner`, async () => {
        const c = await logged();
        const res = await assign(c.reference, owner);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.code, 'invalid-input');
        assert.match(res.body.detail, message);
        const stored = await h.store.cases.get('glenmore', c.reference);
        assert.equal(stored?.owner, 'demo-handler');
        assert.ok(!stored?.events.some((e) => e.type === 'assigned'));
      });
    }

    it('to an investigator who does not work on the case’s service: 422 naming their services', async () => {
      const c = await logged({ service: 'Waste and Recycling' });
      const res = await assign(c.reference, 'demo-investigator', 'demo-director');
      assert.equal(res.status, 422);
      assert.match(res.body.detail, /^Callum Reid does not work on Waste and Recycling complaints \(their services: Council Tax and Benefits and Housing Repairs\)/);
    });

    it('to an investigator of the case’s service: assigned', async () => {
      const c = await logged();
      const res = await assign(c.reference, 'demo-investigator');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.case.owner, 'demo-investigator');
    });

    it('someone who may not assign is told that first, whoever they name', async () => {
      const c = await logged();
      const res = await assign(c.reference, 'someone-made-up', 'demo-handler');
      assert.equal(res.status, 403);
      assert.match(res.body.detail, /You may not assign cases/);
    });

    it('a member of an assigned Entra group may own cases once the staff directory has seen them sign in', async () => {
      const c = await logged();
      const before = await assign(c.reference, 'entra-group-member');
      assert.equal(before.status, 422, 'not known yet: their groups come only with their sign-in');
      const token = await h.token({ oid: 'entra-group-member', groups: ['group-directors'], name: 'Greta Group' });
      const me = await call(base, 'GET', '/api/me', { token });
      assert.equal(me.status, 200);
      const recorded = await h.store.staff.get('glenmore', 'entra-group-member');
      assert.deepEqual(recorded && { name: recorded.displayName, groups: recorded.groups }, { name: 'Greta Group', groups: ['group-directors'] });
      const after = await assign(c.reference, 'entra-group-member');
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.equal(after.body.case.owner, 'entra-group-member');
    });
  });

  describe('create with an owner', () => {
    it('needs the case.assign permission: a complaint handler naming someone else is refused with 403 and nothing is logged', async () => {
      const before = (await h.store.cases.list('glenmore', { scope: { all: true, services: [], userId: '', socialWork: false }, limit: 1000 })).items.length;
      const res = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-handler', body: complaint({ owner: 'demo-investigator' }) });
      assert.equal(res.status, 403);
      assert.match(res.body.detail, /You may not choose who handles a new case/);
      const after = (await h.store.cases.list('glenmore', { scope: { all: true, services: [], userId: '', socialWork: false }, limit: 1000 })).items.length;
      assert.equal(after, before);
    });

    it('by a manager: refused with 422 for someone outside the complaints team, logged for an investigator of the service', async () => {
      const outsider = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-director', body: complaint({ owner: 'rha-officer' }) });
      assert.equal(outsider.status, 422);
      assert.match(outsider.body.detail, /"rha-officer" is not a member of the complaints team of Glenmore Council \(demo\)/);
      const committee = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-director', body: complaint({ owner: 'demo-committee' }) });
      assert.equal(committee.status, 422);
      const ok = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-director', body: complaint({ owner: 'demo-investigator' }) });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.owner, 'demo-investigator');
    });
  });

  describe('the staff directory', () => {
    it('records a development sign-in user in their own organisation, searchable by name', async () => {
      await call(base, 'GET', '/api/me', { as: 'demo-cswo' });
      const cswo = await h.store.staff.get('glenmore', 'demo-cswo');
      assert.equal(cswo?.displayName, 'Dr Ewan Douglas');
      assert.deepEqual(cswo?.groups, []);
      assert.equal(cswo?.seenAt, '2026-03-10T10:00:00.000Z');
      const listed = await h.store.staff.list('glenmore');
      assert.ok(listed.some((m) => m.userId === 'demo-cswo'));
      assert.deepEqual((await h.store.staff.search('glenmore', 'ewan')).map((m) => m.userId), ['demo-cswo']);
      assert.equal(await h.store.staff.get('riverside', 'demo-cswo'), undefined, 'recorded in their own organisation only');
    });
  });

  describe('the staff directory writes', () => {
    it('only when a person is new, changed their name or groups, or was last written over a day ago', async () => {
      let now = new Date('2026-03-10T09:00:00Z');
      const writes: string[] = [];
      const counting = { get: h.store.staff.get.bind(h.store.staff), upsert: async (orgId: string, m: Parameters<typeof h.store.staff.upsert>[1]) => { writes.push(`${m.displayName} ${m.groups.join('+')}`); await h.store.staff.upsert(orgId, m); } };
      const recorder = new StaffRecorder(counting, () => now);
      const seen = (groups: string[], displayName = 'Rita Recorder') => recorder.record('glenmore', { userId: 'u-recorded', displayName, groups });
      await seen(['g1']);
      await seen(['g1']);
      now = new Date('2026-03-10T17:00:00Z');
      await seen(['g1']);
      assert.deepEqual(writes, ['Rita Recorder g1'], 'one write for many requests on the same day');
      await seen(['g1', 'g2']);
      await seen(['g1', 'g2'], 'Rita Recorder-Smith');
      now = new Date('2026-03-11T17:00:01Z');
      await seen(['g1', 'g2'], 'Rita Recorder-Smith');
      assert.deepEqual(writes, ['Rita Recorder g1', 'Rita Recorder g1+g2', 'Rita Recorder-Smith g1+g2', 'Rita Recorder-Smith g1+g2']);
      assert.equal((await h.store.staff.get('glenmore', 'u-recorded'))?.seenAt, '2026-03-11T17:00:01.000Z');
      // A new process (restart) trusts the stored record: no write until something changes.
      const restarted = new StaffRecorder(counting, () => now);
      await restarted.record('glenmore', { userId: 'u-recorded', displayName: 'Rita Recorder-Smith', groups: ['g2', 'g1'] });
      assert.equal(writes.length, 4);
    });
  });

  describe('the demo data', () => {
    it('every seeded case is owned by complaints staff who may own it', async () => {
      for (const orgId of ['glenmore', 'riverside']) {
        const org = (await h.store.orgs.get(orgId))!;
        const { items } = await h.store.cases.list(orgId, { scope: { all: true, services: [], userId: '', socialWork: false }, limit: 1000 });
        const seeded = items.filter((c) => c.events[0]?.id.startsWith('seed-'));
        assert.ok(seeded.length > 0);
        for (const c of seeded.filter((x) => x.owner)) {
          assert.equal(ownerProblem(staffActor(org.roleAssignments, c.owner!), c, { candidateId: c.owner!, orgName: org.settings.name }), undefined, `${c.reference} (${c.service})`);
        }
      }
    });

    it('the history gives frontline cases to the staff of their service, not to the director', () => {
      const glenmore = DEMO_ORGS.find((o) => o.settings.orgId === 'glenmore')!;
      const assignments = glenmore.users.map((u) => ({ principalId: u.id, roles: u.roles, services: u.services, displayName: u.name }));
      const plans = historyCases(glenmore.settings.rootCauseCategories, 250);
      const owners = plans.map((p) => p.input.owner ?? p.by);
      const director = plans.filter((_, i) => owners[i] === 'demo-director');
      assert.ok(director.every((p) => p.input.socialWork), `the director owns only social work cases: ${director.filter((p) => !p.input.socialWork).map((p) => p.input.service).join(', ')}`);
      assert.ok(director.length < 25, `${director.length} history cases owned by the director`);
      plans.forEach((p, i) => assert.equal(ownerProblem(staffActor(assignments, owners[i]), p.input, { candidateId: owners[i], orgName: 'Glenmore' }), undefined, p.input.service));
    });
  });
});
