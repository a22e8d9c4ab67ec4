/**
 * Who holds the roles is audited like the roles themselves: every save of the role assignments that
 * gives or takes a role (or moves people's services) is recorded in the append-only audit — who, when,
 * from where, each person's or group's roles before and after — and administrators read it beside the
 * role definitions' history. Refused and unchanged saves record nothing. The change reaches a second
 * server on the same store within the delay it states.
 */
import assert from 'node:assert/strict';
import type { RoleAssignmentsChange } from '../../core/role-assignments';
import { call, Harness, NOW } from './harness';

type Assignment = { principalId: string; roles: string[]; services: string[]; displayName: string; kind?: 'user' | 'group' };
type History = { items: RoleAssignmentsChange[]; continuation?: string };

describe('server: changes to who holds the roles are recorded', function () {
  this.timeout(90_000);
  const h = new Harness();
  let base = '';
  /** A second server on the same store, caching organisation records for 300 ms. */
  let other = '';
  before(async () => {
    await h.start();
    // A clock that moves on a second at each reading, so the history's order (newest first) is the order of the saves.
    let tick = 0;
    base = await h.app({ clock: () => new Date(NOW.getTime() + 1000 * tick++) });
    other = await h.app({ orgCacheMs: 300 });
  });
  after(() => h.stop());

  const assignments = async () => (await call<{ roleAssignments: Assignment[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' })).body.roleAssignments;
  const save = (roleAssignments: Assignment[]) => call<{ detail: string }>(base, 'PUT', '/api/org/role-assignments', { as: 'demo-admin', body: { roleAssignments } });
  const history = async () => {
    const res = await call<History>(base, 'GET', '/api/roles/assignments/history', { as: 'demo-admin' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items;
  };

  it('starts empty, and only administrators read it', async () => {
    assert.deepEqual(await history(), []);
    for (const who of ['demo-director', 'demo-complaints-manager', 'demo-handler']) {
      assert.equal((await call(base, 'GET', '/api/roles/assignments/history', { as: who })).status, 403, who);
    }
    assert.equal((await call(base, 'GET', '/api/roles/assignments/history', { as: 'demo-no-role' })).status, 403);
    assert.equal((await call(base, 'GET', '/api/roles/assignments/history')).status, 401);
    assert.equal((await call(base, 'GET', '/api/roles/assignments/history?limit=0', { as: 'demo-admin' })).status, 400);
  });

  it('records a role given: who gave it, when, from where, before and after; the other server follows within its stated delay', async () => {
    const current = await assignments();
    const given = await save(current.map((a) => (a.principalId === 'demo-no-role' ? { ...a, roles: ['investigator'], services: ['Waste and Recycling'] } : a)));
    assert.equal(given.status, 200, JSON.stringify(given.body));
    const [change, ...more] = await history();
    assert.equal(more.length, 0);
    assert.equal(change.userId, 'demo-admin');
    assert.equal(change.displayName, 'Ross Baird');
    assert.equal(change.via, 'settings');
    assert.equal(change.orgId, 'glenmore');
    assert.ok(!Number.isNaN(Date.parse(change.at)));
    assert.deepEqual(change.changes, [{ principalId: 'demo-no-role', kind: 'user', displayName: 'Jamie Watt', before: { roles: [], services: [] }, after: { roles: ['investigator'], services: ['Waste and Recycling'] } }]);
    // Not mixed into the role definitions' own history.
    assert.deepEqual((await call<{ items: unknown[] }>(base, 'GET', '/api/roles/history', { as: 'demo-admin' })).body.items, []);

    const stated = (await call<{ takesEffectWithinSeconds: number }>(other, 'GET', '/api/roles', { as: 'demo-admin' })).body.takesEffectWithinSeconds;
    assert.equal(stated, 1);
    const deadline = Date.now() + stated * 1000;
    let roles: string[] = [];
    while (Date.now() < deadline) {
      roles = (await call<{ roles: string[] }>(other, 'GET', '/api/me', { as: 'demo-no-role' })).body.roles ?? [];
      if (roles.includes('investigator')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(roles, ['investigator']);
  });

  it('records a group added and a person taken off the list, each with before and after', async () => {
    const current = await assignments();
    const group: Assignment = { principalId: 'group-housing-investigators', kind: 'group', roles: ['investigator'], services: ['Housing Repairs'], displayName: 'Housing investigators' };
    const res = await save([...current.filter((a) => a.principalId !== 'demo-no-role'), group]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [latest] = await history();
    assert.deepEqual(latest.changes, [
      { principalId: 'group-housing-investigators', kind: 'group', displayName: 'Housing investigators', before: null, after: { roles: ['investigator'], services: ['Housing Repairs'] } },
      { principalId: 'demo-no-role', kind: 'user', displayName: 'Jamie Watt', before: { roles: ['investigator'], services: ['Waste and Recycling'] }, after: null },
    ]);
  });

  it('records nothing for a refused save or one that changes nothing', async () => {
    const count = (await history()).length;
    const current = await assignments();
    const noAdmin = await save(current.map((a) => ({ ...a, roles: a.roles.filter((r) => r !== 'administrator') })));
    assert.equal(noAdmin.status, 422);
    const badService = await save(current.map((a) => (a.principalId === 'demo-handler' ? { ...a, services: ['Moon Landings'] } : a)));
    assert.equal(badService.status, 422);
    // The same people in another order, their roles reordered: not a change.
    const same = await save([...current].reverse().map((a) => ({ ...a, roles: [...a.roles].reverse() })));
    assert.equal(same.status, 200);
    assert.equal((await history()).length, count);
  });

  it('records the services moved on when a service is renamed under people who work in it', async () => {
    const services = (await call<{ services: string[] }>(base, 'GET', '/api/org/services', { as: 'demo-admin' })).body.services;
    const renamed = await call(base, 'PUT', '/api/org/services', {
      as: 'demo-admin',
      body: { services: services.map((s) => (s === 'Housing Repairs' ? 'Housing Maintenance' : s)), rename: [{ from: 'Housing Repairs', to: 'Housing Maintenance' }] },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const [latest] = await history();
    const groupChange = latest.changes.find((c) => c.principalId === 'group-housing-investigators');
    assert.deepEqual(groupChange?.before?.services, ['Housing Repairs']);
    assert.deepEqual(groupChange?.after?.services, ['Housing Maintenance']);
    assert.ok(latest.changes.every((c) => c.before && c.after), 'a rename takes nobody off the list');
  });
});
