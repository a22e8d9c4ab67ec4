import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, type Store } from '../../store/index';
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
    const hedge = { kind: 'complaint', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'Hedge blocks the footpath.', service: 'Waste and Recycling' };
    // Logged before the change: the calendar this organisation's requests have been using.
    const before = await call<{ stage1: { clock: { due: string } } }>(base, 'POST', '/api/cases', { as: 'demo-handler', body: hedge });
    assert.equal(before.body.stage1.clock.due, '2026-03-16');
    const population = await call<{ population: number }>(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 93_000 } });
    assert.deepEqual(population.body, { population: 93_000 });
    const holidays = await call(base, 'PUT', '/api/org/local-holidays', { as: 'demo-admin', body: { localHolidays: ['2026-03-13', '2026-03-12'] } });
    assert.deepEqual(holidays.body, { localHolidays: ['2026-03-12', '2026-03-13'] });
    const stored = await h.store.orgs.get('glenmore');
    assert.equal(stored?.settings.population, 93_000);
    assert.deepEqual(stored?.settings.localHolidays, ['2026-03-12', '2026-03-13']);
    // Logged Tuesday 10 March: with Thursday 12th and Friday 13th closed, the 5th working day is
    // Wednesday 18th (Monday 16th without the closures).
    const created = await call<{ stage1: { clock: { due: string } } }>(base, 'POST', '/api/cases', { as: 'demo-handler', body: hedge });
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
    const group = { principalId: 'group-cemeteries', kind: 'group', roles: ['investigator'], services: ['Cemeteries'], displayName: 'Cemeteries team' };
    const saved = await call<{ roleAssignments: object[] }>(base, 'PUT', '/api/org/role-assignments', { as: 'demo-admin', body: { roleAssignments: [...roles.body.roleAssignments, added, group] } });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.roleAssignments.at(-1), group, 'a group assignment keeps its kind');
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
      ['/api/org/role-assignments', { roleAssignments: [{ principalId: 'x', roles: ['director'], displayName: 'X', kind: 'team' }] }, ['roleAssignments[0].kind']],
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

  describe('concurrent saves', () => {
    it('keeps both changes when two administrators save different sections at the same moment', async () => {
      for (let round = 1; round <= 6; round += 1) {
        const holiday = `2026-12-0${round}`;
        const [population, holidays] = await Promise.all([
          call(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 95_000 + round } }),
          call(base, 'PUT', '/api/org/local-holidays', { as: 'demo-admin', body: { localHolidays: [holiday] } }),
        ]);
        assert.equal(population.status, 200);
        assert.equal(holidays.status, 200);
        const stored = await h.store.orgs.get('glenmore');
        assert.equal(stored?.settings.population, 95_000 + round, `round ${round}: the population change survived`);
        assert.deepEqual(stored?.settings.localHolidays, [holiday], `round ${round}: the holiday change survived`);
      }
    });

    it('store: the update that loses the ETag race re-reads and applies its change again', async () => {
      let calls = 0;
      const services = ['Housing Repairs', 'Waste and Recycling'];
      await Promise.all([
        h.store.orgs.update('glenmore', (org) => {
          calls += 1;
          return { ...org, settings: { ...org.settings, population: 96_500 } };
        }),
        h.store.orgs.update('glenmore', (org) => {
          calls += 1;
          return { ...org, settings: { ...org.settings, services } };
        }),
      ]);
      const stored = await h.store.orgs.get('glenmore');
      assert.equal(stored?.settings.population, 96_500);
      assert.deepEqual(stored?.settings.services, services);
      assert.ok(calls >= 3, `both read the same version, so one change ran again (${calls} calls)`);
    });

    it('answers 409 asking to reload when the settings keep changing under the save', async () => {
      const racing: Store = { ...h.store, orgs: { ...h.store.orgs, update: async () => Promise.reject(new ConflictError('lost the race every time')) } };
      const res = await call<Problem>(await h.app({ store: racing }), 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 1 } });
      assert.equal(res.status, 409);
      assert.match(res.body.detail, /someone else changed the settings.*reload/i);
      assert.equal((await h.store.orgs.get('glenmore'))?.settings.population, 96_500, 'nothing was saved');
    });

    it('store: an update of an unknown organisation is refused, not created', async () => {
      await assert.rejects(h.store.orgs.update('no-such-org', (org) => org), NotFoundError);
      assert.equal(await h.store.orgs.get('no-such-org'), undefined);
    });
  });
});
