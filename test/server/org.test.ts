import assert from 'node:assert/strict';
import { call, Harness, ROLE_USERS } from './harness';

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

describe('server: organisation settings', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  it('lets the administrator read the whole record and each section', async () => {
    const all = await call<{ settings: { orgId: string } }>(base, 'GET', '/api/org', { as: 'demo-admin' });
    assert.equal(all.status, 200);
    assert.equal(all.body.settings.orgId, 'glenmore');
    const services = await call<{ services: string[] }>(base, 'GET', '/api/org/services', { as: 'demo-admin' });
    assert.ok(services.body.services.includes('Housing Repairs'));
    const population = await call<{ population: number }>(base, 'GET', '/api/org/population', { as: 'demo-admin' });
    assert.equal(population.body.population, 92_400);
    const holidays = await call<{ localHolidays: string[] }>(base, 'GET', '/api/org/local-holidays', { as: 'demo-admin' });
    assert.deepEqual(holidays.body.localHolidays, []);
    const roles = await call<{ roleAssignments: { principalId: string }[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' });
    assert.ok(roles.body.roleAssignments.some((a) => a.principalId === 'demo-admin'));
  });

  it('saves each section, keeps the others, and the calendar uses the new local holidays at once', async () => {
    const population = await call<{ population: number }>(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 93_000 } });
    assert.deepEqual(population.body, { population: 93_000 });
    const holidays = await call(base, 'PUT', '/api/org/local-holidays', { as: 'demo-admin', body: { localHolidays: ['2026-03-13', '2026-03-12'] } });
    assert.deepEqual(holidays.body, { localHolidays: ['2026-03-12', '2026-03-13'] });
    const stored = await h.store.orgs.get('glenmore');
    assert.equal(stored?.settings.population, 93_000);
    assert.deepEqual(stored?.settings.localHolidays, ['2026-03-12', '2026-03-13']);
    // Logged Tuesday 10 March: with Thursday 12th and Friday 13th closed, the 5th working day is
    // Wednesday 18th (Monday 16th without the closures).
    const created = await call<{ stage1: { clock: { due: string } } }>(base, 'POST', '/api/cases', {
      as: 'demo-handler',
      body: { kind: 'complaint', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'Hedge blocks the footpath.', service: 'Waste and Recycling' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.stage1.clock.due, '2026-03-18');
    await call(base, 'PUT', '/api/org/local-holidays', { as: 'demo-admin', body: { localHolidays: [] } });
  });

  it('replaces services and role assignments, and a new assignment signs in at once', async () => {
    const services = await call<{ services: string[] }>(base, 'GET', '/api/org/services', { as: 'demo-admin' });
    const put = await call(base, 'PUT', '/api/org/services', { as: 'demo-admin', body: { services: [...services.body.services, 'Cemeteries'] } });
    assert.equal(put.status, 200);
    const roles = await call<{ roleAssignments: object[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' });
    const added = { principalId: 'new-officer', roles: ['complaint-handler'], services: ['Cemeteries'], displayName: 'New Officer' };
    const saved = await call(base, 'PUT', '/api/org/role-assignments', { as: 'demo-admin', body: { roleAssignments: [...roles.body.roleAssignments, added] } });
    assert.equal(saved.status, 200);
    const me = await call<{ roles: string[]; services: string[] }>(base, 'GET', '/api/me', { as: 'new-officer' });
    assert.deepEqual(me.body.roles, ['complaint-handler']);
    assert.deepEqual(me.body.services, ['Cemeteries']);
  });

  it('refuses to remove the last administrator', async () => {
    const res = await call<Problem>(base, 'PUT', '/api/org/role-assignments', {
      as: 'demo-admin',
      body: { roleAssignments: [{ principalId: 'demo-director', roles: ['director'], services: [], displayName: 'Graham Stewart' }] },
    });
    assert.equal(res.status, 422);
    assert.match(res.body.detail, /at least one administrator/);
    const stored = await h.store.orgs.get('glenmore');
    assert.ok(stored?.roleAssignments.some((a) => a.principalId === 'demo-admin'));
  });

  it('validates each body and names the fields', async () => {
    const cases: [string, unknown, string[]][] = [
      ['/api/org/population', { population: -3 }, ['population']],
      ['/api/org/population', { population: '90000' }, ['population']],
      ['/api/org/local-holidays', { localHolidays: ['2026-02-30', 'soon'] }, ['localHolidays[0]', 'localHolidays[1]']],
      ['/api/org/local-holidays', { localHolidays: ['2026-05-01', '2026-05-01'] }, ['localHolidays[1]']],
      ['/api/org/services', { services: [] }, ['services']],
      ['/api/org/role-assignments', { roleAssignments: [{ principalId: 'x', roles: ['emperor'], displayName: 'X' }] }, ['roleAssignments[0].roles[0]']],
    ];
    for (const [url, body, fields] of cases) {
      const res = await call<Problem>(base, 'PUT', url, { as: 'demo-admin', body });
      assert.equal(res.status, 400, url);
      assert.deepEqual(res.body.errors?.map((e) => e.field), fields, JSON.stringify(body));
    }
  });

  const others = Object.entries(ROLE_USERS).filter(([role]) => role !== 'administrator');
  for (const [role, user] of others) {
    it(`refuses the ${role} with 403, reading or writing`, async () => {
      const read = await call<Problem>(base, 'GET', '/api/org/services', { as: user });
      assert.equal(read.status, 403);
      assert.match(read.body.detail, /manage the organisation’s settings/);
      const write = await call<Problem>(base, 'PUT', '/api/org/population', { as: user, body: { population: 1 } });
      assert.equal(write.status, 403);
    });
  }

  it('changes only the administrator’s own organisation', async () => {
    await call(base, 'PUT', '/api/org/population', { as: 'rha-admin', body: { population: 7_000 } });
    assert.equal((await h.store.orgs.get('riverside'))?.settings.population, 7_000);
    assert.equal((await h.store.orgs.get('glenmore'))?.settings.population, 93_000);
  });
});
