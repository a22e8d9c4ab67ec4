/**
 * POST /api/jobs/retention over real HTTP: only jobs.run may run it; a dry run lists what is due;
 * a run destroys those records (legal holds kept) and the organisation's figures do not change.
 */
import assert from 'node:assert/strict';
import { call, Harness, ROLE_USERS } from './harness';

type Sweep = { today: string; dryRun: boolean; cases: { reference: string; disposalOn: string; status: string }[] };
type Problem = { status: number; detail: string; errors?: { field: string }[] };

describe('server: retention sweep (/api/jobs/retention)', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  it('is refused without sign-in and to every role without jobs.run', async () => {
    assert.equal((await call(base, 'POST', '/api/jobs/retention', { body: { dryRun: true } })).status, 401);
    for (const [role, as] of Object.entries(ROLE_USERS)) {
      const res = await call(base, 'POST', '/api/jobs/retention', { as, body: { dryRun: true } });
      assert.equal(res.status, role === 'administrator' ? 200 : 403, role);
    }
    const bad = await call<Problem>(base, 'POST', '/api/jobs/retention', { as: ROLE_USERS.administrator, body: { today: 'tomorrow' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors?.map((e) => e.field), ['today']);
  });

  it('lists what is due, then disposes of it except under legal hold; the figures stay', async () => {
    const as = ROLE_USERS.administrator;
    const later = '2040-01-01';
    const dry = await call<Sweep>(base, 'POST', '/api/jobs/retention', { as, body: { dryRun: true, today: later } });
    assert.equal(dry.status, 200);
    assert.ok(dry.body.cases.length > 0, 'closed demo cases are due by 2040');
    assert.ok(dry.body.cases.every((c) => c.disposalOn <= later));
    const [held, ...rest] = dry.body.cases.map((c) => c.reference);
    const hold = await call(base, 'POST', `/api/cases/${held}/actions`, { as: ROLE_USERS['complaints-manager'], body: { type: 'set-legal-hold', reason: 'SPSO investigation' } });
    assert.equal(hold.status, 200, JSON.stringify(hold.body));
    const figuresBefore = await h.store.aggregates.monthlyCounts('glenmore', '2020-01', '2030-12');

    const run = await call<Sweep>(base, 'POST', '/api/jobs/retention', { as, body: { today: later } });
    assert.equal(run.status, 200);
    assert.deepEqual(run.body.cases.map((c) => c.reference), rest, 'all that was due, except the case put on hold');
    for (const reference of rest.slice(0, 3)) assert.equal((await call(base, 'GET', `/api/cases/${reference}`, { as: ROLE_USERS.director })).status, 404);
    assert.equal((await call(base, 'GET', `/api/cases/${held}`, { as: ROLE_USERS.director })).status, 200, 'the record on legal hold is kept');
    assert.deepEqual(await h.store.aggregates.monthlyCounts('glenmore', '2020-01', '2030-12'), figuresBefore, 'the reports keep every figure');
    const again = await call<Sweep>(base, 'POST', '/api/jobs/retention', { as, body: { dryRun: true, today: later } });
    assert.deepEqual(again.body.cases, [], 'nothing else is due');
  });
});
