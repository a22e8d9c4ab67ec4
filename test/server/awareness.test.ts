/**
 * /api/awareness over real HTTP on the embedded store: staff training records and survey results —
 * who may read and write them, what is refused and why, tenant isolation, and the sentences the
 * quarterly and annual reports print for indicators 2 and 3.
 */
import assert from 'node:assert/strict';
import type { SurveyResult, TrainingRecord } from '../../core/awareness';
import { call, Harness, ROLE_USERS, TENANT_B } from './harness';

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type List<T> = { items: T[] };

const induction = { kind: 'induction', title: 'CHP induction for new starts', deliveredOn: '2026-03-09', audience: 'New starts, Roads and Transport', attendees: 9 };
const survey = { fromMonth: '2025-10', toMonth: '2025-12', responses: 25, satisfied: 20, method: 'Telephone follow-up', summary: 'Callers valued being told who had their complaint.' };

describe('server: staff training and survey records (/api/awareness)', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  it('the training officer records training; it is listed newest first and counted in indicator 3', async () => {
    const added = await call<TrainingRecord>(base, 'POST', '/api/awareness/training', { as: ROLE_USERS['training-officer'], body: induction });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.recordedBy, 'demo-training-officer');
    assert.equal(added.body.orgId, 'glenmore');
    const list = await call<List<TrainingRecord>>(base, 'GET', '/api/awareness/training', { as: ROLE_USERS.director });
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].id, added.body.id, 'the newest delivery first');
    assert.ok(list.body.items.every((r, i, all) => i === 0 || all[i - 1].deliveredOn >= r.deliveredOn));
    const quarter = await call<{ period: { id: string }; kpi3: string }>(base, 'GET', '/api/awareness/statements?period=2025/26-Q4', { as: ROLE_USERS['training-officer'] });
    assert.equal(quarter.status, 200);
    assert.equal(quarter.body.period.id, '2025/26-Q4');
    const inQuarter = list.body.items.filter((r) => r.deliveredOn >= '2026-01-01' && r.deliveredOn <= '2026-03-31' && r.kind === 'induction');
    const staff = inQuarter.reduce((sum, r) => sum + r.attendees, 0);
    assert.match(quarter.body.kpi3, new RegExp(`^${inQuarter.length} induction sessions? \\(${staff} members? of staff\\)`));
  });

  it('the complaints manager records survey results; indicator 2 adds up the surveys of the period', async () => {
    const added = await call<SurveyResult>(base, 'POST', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'], body: survey });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const list = await call<List<SurveyResult>>(base, 'GET', '/api/awareness/surveys', { as: ROLE_USERS['management-committee'] });
    assert.ok(list.body.items.some((s) => s.id === added.body.id));
    const q3 = await call<{ kpi2: string }>(base, 'GET', '/api/awareness/statements?period=2025/26-Q3', { as: ROLE_USERS['complaints-manager'] });
    const covering = list.body.items.filter((s) => s.fromMonth <= '2025-12' && s.toMonth >= '2025-10');
    const [satisfied, responses] = [covering.reduce((n, s) => n + s.satisfied, 0), covering.reduce((n, s) => n + s.responses, 0)];
    assert.match(q3.body.kpi2, new RegExp(`^${satisfied} of ${responses} people who answered`));
    assert.match(q3.body.kpi2, /Telephone follow-up/);
  });

  it('the quarterly report prints the same sentences for indicators 2 and 3', async () => {
    const statements = await call<{ kpi2: string; kpi3: string }>(base, 'GET', '/api/awareness/statements?period=2025/26-Q3', { as: ROLE_USERS.director });
    const report = await call<string>(base, 'GET', '/api/reports/quarterly?period=2025/26-Q3&format=html', { as: ROLE_USERS.director });
    assert.equal(report.status, 200);
    const html = String(report.body).replace(/&#39;|&apos;/g, "'");
    assert.ok(statements.body.kpi2 && html.includes(statements.body.kpi2), 'indicator 2 sentence in the report');
    assert.ok(statements.body.kpi3 && html.includes(statements.body.kpi3), 'indicator 3 sentence in the report');
  });

  it('refuses a record that does not add up, naming the field', async () => {
    const tooMany = await call<Problem>(base, 'POST', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'], body: { ...survey, satisfied: 26 } });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body.errors, [{ field: 'satisfied', message: 'cannot be more than the 25 responses' }]);
    const future = await call<Problem>(base, 'POST', '/api/awareness/training', { as: ROLE_USERS['training-officer'], body: { ...induction, deliveredOn: '2026-03-11' } });
    assert.equal(future.status, 400);
    assert.deepEqual(future.body.errors?.map((e) => e.field), ['deliveredOn']);
    const negative = await call<Problem>(base, 'POST', '/api/awareness/training', { as: ROLE_USERS['training-officer'], body: { ...induction, attendees: -3, kind: 'webinar' } });
    assert.equal(negative.status, 400);
    assert.deepEqual(negative.body.errors?.map((e) => e.field).sort(), ['attendees', 'kind']);
    const badPeriod = await call<Problem>(base, 'GET', '/api/awareness/statements?period=next-year', { as: ROLE_USERS.director });
    assert.equal(badPeriod.status, 400);
    assert.match(badPeriod.body.detail, /2025\/26-Q3/);
  });

  it('lets only the roles that keep each record write it, and only readers read them', async () => {
    for (const role of Object.keys(ROLE_USERS) as (keyof typeof ROLE_USERS)[]) {
      const as = ROLE_USERS[role];
      const training = await call(base, 'POST', '/api/awareness/training', { as, body: induction });
      assert.equal(training.status, role === 'training-officer' ? 201 : 403, `${role} recording training`);
      const surveyed = await call(base, 'POST', '/api/awareness/surveys', { as, body: survey });
      assert.equal(surveyed.status, role === 'complaints-manager' ? 201 : 403, `${role} recording a survey`);
      const readers = ['training-officer', 'complaints-manager', 'director', 'chief-executive', 'head-of-service', 'cswo', 'management-committee'];
      const list = await call(base, 'GET', '/api/awareness/training', { as });
      assert.equal(list.status, readers.includes(role) ? 200 : 403, `${role} reading`);
    }
    const anonymous = await call<Problem>(base, 'GET', '/api/awareness/training');
    assert.equal(anonymous.status, 401);
    const forged = await call(base, 'POST', '/api/awareness/training', { token: await h.token({ oid: 'demo-training-officer', forged: true }), body: induction });
    assert.equal(forged.status, 401);
    const expired = await call(base, 'GET', '/api/awareness/surveys', { token: await h.token({ oid: 'demo-director', expired: true }) });
    assert.equal(expired.status, 401);
  });

  it('keeps each organisation’s records to itself; a deletion elsewhere looks like an unknown id', async () => {
    const ours = await call<SurveyResult>(base, 'POST', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'], body: { ...survey, method: 'Glenmore only' } });
    assert.equal(ours.status, 201);
    // Riverside's complaints manager, signed in with a token of Riverside's tenant.
    const riverside = await h.token({ tid: TENANT_B, oid: 'rha-manager' });
    const theirs = await call<List<SurveyResult>>(base, 'GET', '/api/awareness/surveys', { token: riverside });
    assert.equal(theirs.status, 200);
    assert.ok(!theirs.body.items.some((s) => s.id === ours.body.id || s.orgId !== 'riverside'), 'Riverside sees only its own results');
    const otherDelete = await call<Problem>(base, 'DELETE', `/api/awareness/surveys/${ours.body.id}`, { token: riverside });
    const unknownDelete = await call<Problem>(base, 'DELETE', '/api/awareness/surveys/no-such-record', { token: riverside });
    assert.equal(otherDelete.status, 404);
    assert.equal(unknownDelete.status, 404);
    assert.equal(otherDelete.body.detail.replace(ours.body.id, 'ID'), unknownDelete.body.detail.replace('no-such-record', 'ID'));
    const still = await call<List<SurveyResult>>(base, 'GET', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'] });
    assert.ok(still.body.items.some((s) => s.id === ours.body.id), 'Riverside could not delete Glenmore’s result');
  });

  it('deletes a record entered by mistake, once; a survey id is not a training id', async () => {
    const mistake = await call<SurveyResult>(base, 'POST', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'], body: { ...survey, method: 'Entered twice' } });
    const asTraining = await call(base, 'DELETE', `/api/awareness/training/${mistake.body.id}`, { as: ROLE_USERS['training-officer'] });
    assert.equal(asTraining.status, 404);
    const byTrainer = await call(base, 'DELETE', `/api/awareness/surveys/${mistake.body.id}`, { as: ROLE_USERS['training-officer'] });
    assert.equal(byTrainer.status, 403);
    const deleted = await call(base, 'DELETE', `/api/awareness/surveys/${mistake.body.id}`, { as: ROLE_USERS['complaints-manager'] });
    assert.equal(deleted.status, 204);
    const again = await call(base, 'DELETE', `/api/awareness/surveys/${mistake.body.id}`, { as: ROLE_USERS['complaints-manager'] });
    assert.equal(again.status, 404);
    const list = await call<List<SurveyResult>>(base, 'GET', '/api/awareness/surveys', { as: ROLE_USERS['complaints-manager'] });
    assert.ok(!list.body.items.some((s) => s.id === mistake.body.id));
  });
});
