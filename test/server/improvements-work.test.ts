/**
 * Improvement actions worked from the tab's list, over real HTTP on the embedded store with the demo
 * organisations (clock: Tuesday 10 March 2026): the complaints manager proposes, authorises, updates
 * and completes with evidence; the options say what each person may do; filters and overdue-first
 * order; and the refusals a careless or hostile caller meets (RFC 9457 problems).
 */
import assert from 'node:assert/strict';
import type { ImprovementAction } from '../../core/learning';
import { call, Harness, ROLE_USERS } from './harness';

const ORG = 'glenmore';
const CM = ROLE_USERS['complaints-manager'];

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('improvement actions worked from the list (API)', function () {
  this.timeout(120_000);
  const h = new Harness();
  let base: string;

  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  const proposal = (changes: Record<string, unknown> = {}) => ({
    service: 'Waste and Recycling',
    rootCauseCategory: 'Delay',
    description: 'Crews photograph missed bins before leaving the street',
    owner: { kind: 'officer', id: ROLE_USERS.investigator, displayName: 'Anyone at all' },
    targetDate: '2026-04-01',
    ...changes,
  });
  const propose = (body: unknown, as: string = CM) => call<Omit<ImprovementAction, 'status'> & Omit<Problem, 'status'>>(base, 'POST', '/api/improvements', { as, body });
  const act = (id: string, body: unknown, as: string = CM) => call<{ action: ImprovementAction } & Problem>(base, 'POST', `/api/improvements/${id}/actions`, { as, body });

  it('tells each person what they may do, and a reader why the list is read-only', async () => {
    const manager = await call<{ abilities: Record<string, unknown>; owners: { userId: string }[]; earliestTargetDate: string; today: string; services: string[] }>(base, 'GET', '/api/improvements/options', { as: CM });
    assert.equal(manager.status, 200);
    assert.deepEqual(manager.body.abilities, { propose: true, authorise: true, update: true });
    assert.equal(manager.body.today, '2026-03-10');
    assert.equal(manager.body.earliestTargetDate, '2026-03-10');
    const owners = manager.body.owners.map((o) => o.userId);
    assert.ok(owners.includes(ROLE_USERS.investigator) && owners.includes(CM), owners.join());
    assert.ok(!owners.includes(ROLE_USERS['management-committee']) && !owners.includes(ROLE_USERS['complaint-handler']), 'only staff who can follow an action up are offered as owners');
    assert.ok(manager.body.services.length > 0);

    const committee = await call<{ abilities: { propose: boolean; authorise: boolean; update: boolean; readOnlyReason?: string } }>(base, 'GET', '/api/improvements/options', { as: ROLE_USERS['management-committee'] });
    assert.equal(committee.status, 200);
    assert.deepEqual([committee.body.abilities.propose, committee.body.abilities.authorise, committee.body.abilities.update], [false, false, false]);
    assert.match(committee.body.abilities.readOnlyReason ?? '', /do not include proposing, authorising or updating/);

    assert.equal((await call(base, 'GET', '/api/improvements/options', { as: ROLE_USERS.administrator })).status, 403);
    assert.equal((await call(base, 'GET', '/api/improvements/options')).status, 401);
  });

  it('lets the complaints manager propose, authorise, update and complete with evidence, each step on the history', async () => {
    const created = await propose(proposal({ id: 'imp-work-001' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.notEqual(created.body.owner.displayName, 'Anyone at all', 'an officer owner carries the name the organisation knows them by');

    const authorised = await act('imp-work-001', { type: 'authorise' });
    assert.equal(authorised.status, 200, JSON.stringify(authorised.body));
    assert.equal(authorised.body.action.authorisedBy, CM);
    const started = await act('imp-work-001', { type: 'start' });
    assert.equal(started.body.action.status, 'in-progress');
    const noted = await act('imp-work-001', { type: 'add-follow-up', note: 'Two crews trained on the tablets' });
    assert.equal(noted.status, 200);
    const done = await act('imp-work-001', { type: 'complete', on: '2026-03-10', note: 'Every crew photographs missed bins', evidence: 'Crew procedure v3, section 4' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.action.status, 'completed');
    assert.equal(done.body.action.completionEvidence, 'Crew procedure v3, section 4');

    const stored = (await h.store.improvements.get(ORG, 'imp-work-001'))!;
    assert.deepEqual(
      stored.events.map((e) => [e.type, e.by]),
      [
        ['create', CM],
        ['authorise', CM],
        ['start', CM],
        ['add-follow-up', CM],
        ['complete', CM],
      ],
    );
  });

  it('refuses a role without the permission, with a problem that says who may', async () => {
    const byHandler = await propose(proposal(), ROLE_USERS['complaint-handler']);
    assert.equal(byHandler.status, 403);
    assert.equal(byHandler.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.match(byHandler.body.detail, /may not record improvement actions/);
    await propose(proposal({ id: 'imp-work-002' }));
    const authoriseByInvestigator = await act('imp-work-002', { type: 'authorise' }, ROLE_USERS.investigator);
    assert.equal(authoriseByInvestigator.status, 403);
    assert.match(authoriseByInvestigator.body.detail, /Only an authorising manager/);
    const committeeUpdate = await act('imp-work-002', { type: 'add-follow-up', note: 'Looks fine' }, ROLE_USERS['management-committee']);
    assert.equal(committeeUpdate.status, 403);
  });

  it('refuses an owner who is not staff, or whose role cannot follow the action up, and reassigning to one', async () => {
    const stranger = await propose(proposal({ owner: { kind: 'officer', id: 'someone-outside', displayName: 'Pat Outsider' } }));
    assert.equal(stranger.status, 422);
    assert.match(stranger.body.detail, /"Pat Outsider" is not a member of staff of .*; choose an owner from its staff/);
    const committee = await propose(proposal({ owner: { kind: 'officer', id: ROLE_USERS['management-committee'], displayName: 'Committee' } }));
    assert.equal(committee.status, 422);
    assert.match(committee.body.detail, /has no role that follows up improvement actions/);
    await propose(proposal({ id: 'imp-work-003' }));
    const reassign = await act('imp-work-003', { type: 'reassign', owner: { kind: 'officer', id: ROLE_USERS['complaint-handler'], displayName: 'Handler' } });
    assert.equal(reassign.status, 422);
    assert.match(reassign.body.detail, /has no role that follows up improvement actions/);
    assert.equal((await h.store.improvements.get(ORG, 'imp-work-003'))!.owner.id, ROLE_USERS.investigator, 'the refused owner was not saved');
  });

  it('refuses a service the organisation does not have', async () => {
    const unknown = await propose(proposal({ service: 'Space Programme' }));
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.detail, /"Space Programme" is not one of your organisation's services; choose one of: Housing Repairs/);
  });

  it('refuses a target date at a weekend, on a bank holiday or in the past, and moving one to a weekend', async () => {
    const saturday = await propose(proposal({ targetDate: '2026-03-14' }));
    assert.equal(saturday.status, 422);
    assert.match(saturday.body.detail, /2026-03-14 is a Saturday; choose a working day, for example 2026-03-16/);
    const holiday = await propose(proposal({ targetDate: '2026-04-03' }));
    assert.equal(holiday.status, 422, 'Good Friday');
    assert.match(holiday.body.detail, /holiday/);
    const past = await propose(proposal({ targetDate: '2026-03-09' }));
    assert.equal(past.status, 422);
    assert.match(past.body.detail, /in the past/);
    await propose(proposal({ id: 'imp-work-004' }));
    const moved = await act('imp-work-004', { type: 'change-target-date', targetDate: '2026-03-22', reason: 'Supplier delay' });
    assert.equal(moved.status, 422);
    assert.match(moved.body.detail, /Sunday/);
  });

  it('refuses control characters, missing fields and a malformed date, naming each field', async () => {
    const control = await propose(proposal({ description: 'Crews\u0007 photograph' }));
    assert.equal(control.status, 400);
    assert.ok(control.body.errors?.some((e) => e.field.includes('description')), JSON.stringify(control.body));
    const { description: _d, owner: _o, ...missing } = proposal();
    const incomplete = await propose(missing);
    assert.equal(incomplete.status, 400);
    const fields = (incomplete.body.errors ?? []).map((e) => e.field).join(' ');
    assert.match(fields, /description/);
    assert.match(fields, /owner/);
    const badDate = await propose(proposal({ targetDate: '01/04/2026' }));
    assert.equal(badDate.status, 400);
    await propose(proposal({ id: 'imp-work-005' }));
    await act('imp-work-005', { type: 'authorise' });
    const evidenceControl = await act('imp-work-005', { type: 'complete', on: '2026-03-10', note: 'Done', evidence: 'Report\u0000' });
    assert.equal(evidenceControl.status, 400);
    const noNote = await act('imp-work-005', { type: 'complete', on: '2026-03-10', evidence: 'Report' });
    assert.equal(noNote.status, 400);
    assert.equal((await h.store.improvements.get(ORG, 'imp-work-005'))!.status, 'authorised');
  });

  it('lists overdue first with the overdue flag, and filters by status, service, owner and overdue', async () => {
    await propose(proposal({ id: 'imp-work-late', service: 'Roads and Transport', owner: { kind: 'team', id: 'roads-team', displayName: 'Roads team' }, targetDate: '2026-03-20' }));
    const late: ImprovementAction = { ...(await h.store.improvements.get(ORG, 'imp-work-late'))!, targetDate: '2026-03-02' };
    await h.store.improvements.update(ORG, 'imp-work-late', () => ({ ok: true, value: { action: late } }));

    const all = await call<{ items: (ImprovementAction & { overdue: boolean })[] }>(base, 'GET', '/api/improvements', { as: ROLE_USERS['management-committee'] });
    assert.equal(all.status, 200);
    const flags = all.body.items.map((a) => a.overdue);
    assert.ok(flags.includes(true) && flags.includes(false));
    assert.deepEqual(flags, [...flags].sort((a, b) => Number(b) - Number(a)), 'every overdue action comes before every other');
    assert.equal(all.body.items.find((a) => a.id === 'imp-work-late')?.overdue, true);

    // The demo organisation's own actions are there too: these look at this test's ones.
    const ids = async (query: string) =>
      (await call<{ items: ImprovementAction[] }>(base, 'GET', `/api/improvements?${query}`, { as: CM })).body.items.map((a) => a.id).filter((id) => id.startsWith('imp-work-'));
    assert.deepEqual(await ids('service=Roads%20and%20Transport'), ['imp-work-late']);
    assert.deepEqual(await ids('owner=roads-team'), ['imp-work-late']);
    assert.deepEqual(await ids('overdue=true'), ['imp-work-late']);
    assert.ok(!(await ids('overdue=false')).includes('imp-work-late'));
    assert.deepEqual(await ids('status=completed&service=Waste%20and%20Recycling'), ['imp-work-001']);
    const badStatus = await call<Problem>(base, 'GET', '/api/improvements?status=finished', { as: CM });
    assert.equal(badStatus.status, 400);
    const badService = await call<Problem>(base, 'GET', `/api/improvements?service=${encodeURIComponent('Roads\u0001')}`, { as: CM });
    assert.equal(badService.status, 400);
  });
});
