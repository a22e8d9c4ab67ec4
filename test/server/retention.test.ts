/**
 * POST /api/jobs/retention over real HTTP: only jobs.run may run it; a dry run lists what is due;
 * a run destroys those records (legal holds kept) and the organisation's figures do not change.
 */
import assert from 'node:assert/strict';
import { call, Harness, ROLE_USERS } from './harness';

type Sweep = { today: string; dryRun: boolean; count: number; cases: { reference: string; disposalOn: string; status: string }[] };
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

  it('a real sweep is refused for a day after today, and without the number due now; nothing is destroyed', async () => {
    const as = ROLE_USERS.administrator;
    // The server's clock says 2040: the closed demo cases are due.
    const in2040 = await h.app({ clock: () => new Date('2040-01-01T12:00:00Z') });
    const dry = await call<Sweep>(in2040, 'POST', '/api/jobs/retention', { as, body: { dryRun: true } });
    assert.equal(dry.status, 200);
    assert.equal(dry.body.today, '2040-01-01');
    assert.ok(dry.body.count > 1);
    assert.equal(dry.body.count, dry.body.cases.length);
    const due = dry.body.count;

    const future = await call<Problem>(base, 'POST', '/api/jobs/retention', { as, body: { today: '2040-01-01', confirmCount: due } });
    assert.equal(future.status, 422, 'the real date is 2026-03-10');
    assert.match(future.body.detail, /judges by today \(2026-03-10\) at the latest, not 2040-01-01; to see what will be due then, send "dryRun": true/);
    const futureDry = await call<Sweep>(base, 'POST', '/api/jobs/retention', { as, body: { today: '2040-01-01', dryRun: true } });
    assert.equal(futureDry.status, 200);
    assert.equal(futureDry.body.count, due);

    const unconfirmed = await call<Problem>(in2040, 'POST', '/api/jobs/retention', { as, body: {} });
    assert.equal(unconfirmed.status, 422);
    assert.equal(unconfirmed.body.detail, `${due} cases are due for disposal and would be destroyed for good; to go ahead, send "confirmCount": ${due} (a dry run lists them).`);
    const wrong = await call<Problem>(in2040, 'POST', '/api/jobs/retention', { as, body: { confirmCount: due - 1 } });
    assert.equal(wrong.status, 409);
    assert.match(wrong.body.detail, new RegExp(`^${due} cases are due for disposal now, not ${due - 1}; .* "confirmCount": ${due}`));
    const notANumber = await call<Problem>(in2040, 'POST', '/api/jobs/retention', { as, body: { confirmCount: 'all' } });
    assert.equal(notANumber.status, 400);

    const again = await call<Sweep>(in2040, 'POST', '/api/jobs/retention', { as, body: { dryRun: true } });
    assert.equal(again.body.count, due, 'nothing was destroyed');
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

    // A real sweep judges by the real date (here the server's clock, set to 2040) and confirms the count due.
    const in2040 = await h.app({ clock: () => new Date(`${later}T12:00:00Z`) });
    const run = await call<Sweep>(in2040, 'POST', '/api/jobs/retention', { as, body: { confirmCount: rest.length } });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.count, rest.length);
    assert.deepEqual(run.body.cases.map((c) => c.reference), rest, 'all that was due, except the case put on hold');
    for (const reference of rest.slice(0, 3)) assert.equal((await call(base, 'GET', `/api/cases/${reference}`, { as: ROLE_USERS.director })).status, 404);
    assert.equal((await call(base, 'GET', `/api/cases/${held}`, { as: ROLE_USERS.director })).status, 200, 'the record on legal hold is kept');
    assert.deepEqual(await h.store.aggregates.monthlyCounts('glenmore', '2020-01', '2030-12'), figuresBefore, 'the reports keep every figure');
    const again = await call<Sweep>(base, 'POST', '/api/jobs/retention', { as, body: { dryRun: true, today: later } });
    assert.deepEqual(again.body.cases, [], 'nothing else is due');
  });
});
