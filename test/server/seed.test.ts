/**
 * The demo seed writes only into a store that holds no organisation at all: a council created with
 * `chp org create` (or anything else) is never joined by demo organisations.
 */
import assert from 'node:assert/strict';
import { seedDemo } from '../../server/seed';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';

describe('server: the demo seed', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(() => stopFixture(f));

  it('never seeds a store that already holds an organisation, whichever it is', async () => {
    await f.store.orgs.create({
      tenantId: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
      settings: { orgId: 'strathbeag', name: 'Strathbeag Council', population: 0, services: [], localHolidays: [], workedHolidays: [], rootCauseCategories: ['Delay'], retentionYears: 5, reportingYearStartMonth: 4 },
      roleAssignments: [{ principalId: '0a000000-0000-4000-8000-00000000ad01', kind: 'user', roles: ['administrator'], services: [], displayName: 'Ailsa Admin' }],
    });
    const result = await seedDemo(f.store, { history: false });
    assert.deepEqual(result, { seeded: false, orgs: 0, cases: 0 });
    assert.deepEqual((await f.store.orgs.list()).map((o) => o.settings.orgId), ['strathbeag']);
  });

  it('seeds an empty store once', async () => {
    const first = await seedDemo(f.store, { history: false });
    assert.equal(first.seeded, true);
    assert.deepEqual((await f.store.orgs.list()).map((o) => o.settings.orgId).sort(), ['glenmore', 'riverside']);
    assert.equal((await seedDemo(f.store, { history: false })).seeded, false);
  });
});
