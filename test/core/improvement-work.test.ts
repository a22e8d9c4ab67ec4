import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { isOverdueOn, matchesFilter, orderForWork } from '../../core/improvement-order';
import {
  earliestTargetDate,
  improvementAbilities,
  improvementOwnerProblem,
  improvementServiceProblem,
  mayOwnImprovements,
  proposeImprovement,
  targetDateProblem,
  workOnImprovement,
} from '../../core/improvement-work';
import { applyImprovementAction, type ImprovementAction, type ImprovementContext, type NewImprovementInput } from '../../core/learning';
import { presetDefinitions } from '../../core/roles';
import type { Actor, Role } from '../../core/types';

const person = (userId: string, roles: Role[]): Actor => ({ userId, displayName: userId.toUpperCase(), roles, services: ['Waste'] });
const manager = person('cm', ['complaints-manager']);
const investigator = person('ian', ['investigator']);
const handler = person('hal', ['complaint-handler']);
const committee = person('mo', ['management-committee']);
const calendar = new WorkingCalendar({ localHolidays: ['2026-06-15'] });
// Wednesday 10 June 2026.
const TODAY = '2026-06-10';
let n = 0;
const ctx = (actor: Actor, today = TODAY): ImprovementContext => ({ actor, now: `${today}T10:00:00Z`, today, actionId: `act-${++n}` });
const checks = (ownerActor?: Actor) => ({ calendar, orgName: 'Glenmore Council', ownerActor });

const input: NewImprovementInput = {
  caseReferences: [],
  service: 'Waste',
  description: 'Crews photograph missed bins before leaving the street',
  owner: { kind: 'officer', id: 'ian', displayName: 'IAN' },
  targetDate: '2026-07-01',
  monitoringNeeded: false,
};

function proposed(): ImprovementAction {
  const result = proposeImprovement('imp-1', 'org-a', input, ctx(manager), checks(investigator));
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('improvement actions worked from the list (core)', () => {
  it('lets the complaints manager propose, authorise and update; the committee only reads, and is told why', () => {
    assert.deepEqual(improvementAbilities(manager), { propose: true, authorise: true, update: true });
    assert.deepEqual(improvementAbilities(investigator), { propose: true, authorise: false, update: true });
    const readOnly = improvementAbilities(committee);
    assert.equal(readOnly.propose || readOnly.authorise || readOnly.update, false);
    assert.match(readOnly.readOnlyReason ?? '', /do not include proposing, authorising or updating/);
  });

  it('lets the complaints manager of each preset work on improvement actions through the organisation’s own definitions', () => {
    for (const preset of ['council', 'ijb', 'housing-association'] as const) {
      assert.ok(mayOwnImprovements(['complaints-manager'], presetDefinitions(preset)), preset);
      assert.ok(!mayOwnImprovements(['complaint-handler'], presetDefinitions(preset)), preset);
    }
  });

  it('refuses an owner who is not staff or cannot follow the action up, and accepts a team by name', () => {
    const officer = { kind: 'officer' as const, id: 'stranger', displayName: 'A Stranger' };
    assert.match(improvementOwnerProblem(officer, undefined, 'Glenmore Council') ?? '', /"A Stranger" is not a member of staff of Glenmore Council/);
    assert.match(improvementOwnerProblem({ ...officer, id: 'mo' }, committee, 'Glenmore Council') ?? '', /MO has no role that follows up improvement actions/);
    assert.match(improvementOwnerProblem({ ...officer, id: 'hal' }, handler, 'Glenmore Council') ?? '', /HAL has no role/);
    assert.equal(improvementOwnerProblem({ ...officer, id: 'ian' }, investigator, 'Glenmore Council'), undefined);
    assert.equal(improvementOwnerProblem({ kind: 'team', id: 'waste', displayName: 'Waste crews' }, undefined, 'Glenmore Council'), undefined);
  });

  it('wants target dates on a working day, today or later, and suggests one', () => {
    assert.equal(targetDateProblem(TODAY, TODAY, calendar), undefined);
    assert.match(targetDateProblem('2026-06-09', TODAY, calendar) ?? '', /2026-06-09 is in the past; set a working day from 2026-06-10 on/);
    assert.match(targetDateProblem('2026-06-13', TODAY, calendar) ?? '', /2026-06-13 is a Saturday; choose a working day, for example 2026-06-16/);
    assert.match(targetDateProblem('2026-06-15', TODAY, calendar) ?? '', /holiday in your organisation’s calendar.*2026-06-16/);
    assert.match(targetDateProblem('2026-12-25', TODAY, calendar) ?? '', /holiday/);
    assert.equal(earliestTargetDate('2026-06-13', calendar), '2026-06-16');
  });

  it('wants a new action in one of the organisation’s services', () => {
    assert.equal(improvementServiceProblem('Waste', ['Roads', 'Waste']), undefined);
    assert.match(improvementServiceProblem('Bins', ['Roads', 'Waste']) ?? '', /"Bins" is not one of your organisation's services; choose one of: Roads, Waste/);
    const unknown = proposeImprovement('x', 'org-a', { ...input, service: 'Bins' }, ctx(manager), { ...checks(investigator), services: ['Waste'] });
    assert.ok(!unknown.ok && /"Bins" is not one of/.test(unknown.error.message));
  });

  it('proposes only with a staff owner and a working-day target, permission first', () => {
    const weekend = proposeImprovement('x', 'org-a', { ...input, targetDate: '2026-06-14' }, ctx(manager), checks(investigator));
    assert.ok(!weekend.ok && weekend.error.code === 'invalid-input' && /Sunday/.test(weekend.error.message));
    const notStaff = proposeImprovement('x', 'org-a', input, ctx(manager), checks(undefined));
    assert.ok(!notStaff.ok && /not a member of staff/.test(notStaff.error.message));
    const byHandler = proposeImprovement('x', 'org-a', { ...input, targetDate: '2026-06-14' }, ctx(handler), checks(undefined));
    assert.ok(!byHandler.ok && byHandler.error.code === 'forbidden', 'someone who may not propose is told that first');
    const action = proposed();
    assert.equal(action.status, 'proposed');
    assert.equal(action.events[0].type, 'create');
  });

  it('authorises, records progress and completes with evidence, each change on the action’s history', () => {
    let action = proposed();
    for (const command of [{ type: 'authorise' }, { type: 'start' }, { type: 'add-follow-up', note: 'Tablets issued to two crews' }] as const) {
      const result = workOnImprovement(action, command, ctx(manager), checks());
      assert.ok(result.ok, JSON.stringify(result));
      action = result.value.action;
    }
    const done = workOnImprovement(action, { type: 'complete', on: TODAY, note: 'All crews photograph missed bins', evidence: 'Crew procedure v3, section 4' }, ctx(manager), checks());
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(done.value.action.status, 'completed');
    assert.equal(done.value.action.completionEvidence, 'Crew procedure v3, section 4');
    assert.deepEqual(
      done.value.action.events.map((e) => e.type),
      ['create', 'authorise', 'start', 'add-follow-up', 'complete'],
    );
    assert.match(done.value.action.events.at(-1)!.summary, /Completed on 2026-06-10; evidence: Crew procedure v3/);
  });

  it('refuses moving the target to a weekend or reassigning to someone who is not staff; a replay is never refused', () => {
    const action = proposed();
    const weekend = workOnImprovement(action, { type: 'change-target-date', targetDate: '2026-06-20', reason: 'Supplier delay' }, ctx(manager), checks());
    assert.ok(!weekend.ok && /Saturday/.test(weekend.error.message));
    const stranger = workOnImprovement(action, { type: 'reassign', owner: { kind: 'officer', id: 'x', displayName: 'X' } }, ctx(manager), checks(undefined));
    assert.ok(!stranger.ok && /not a member of staff/.test(stranger.error.message));
    const once = ctx(manager);
    const moved = applyImprovementAction(action, { type: 'change-target-date', targetDate: '2026-06-22', reason: 'Supplier delay' }, once);
    assert.ok(moved.ok);
    const later = { ...once, today: '2026-06-30' };
    const replay = workOnImprovement(moved.value.action, { type: 'change-target-date', targetDate: '2026-06-22', reason: 'Supplier delay' }, later, checks());
    assert.ok(replay.ok && replay.value.replayed, 'a retried request is answered as before, even after the date has passed');
  });

  it('orders overdue first, then open by target date, then finished latest first; filters by status, service, owner and overdue', () => {
    const base = { service: 'Waste', owner: { kind: 'officer' as const, id: 'ian', displayName: 'Ian' } };
    const list = [
      { ...base, id: 'done-old', status: 'completed' as const, targetDate: '2026-05-01', completedOn: '2026-05-01' },
      { ...base, id: 'later', status: 'authorised' as const, targetDate: '2026-07-01' },
      { ...base, id: 'late-a-bit', status: 'in-progress' as const, targetDate: '2026-06-09', service: 'Roads' },
      { ...base, id: 'done-new', status: 'completed' as const, targetDate: '2026-06-01', completedOn: '2026-06-05' },
      { ...base, id: 'very-late', status: 'proposed' as const, targetDate: '2026-05-20', owner: { kind: 'team' as const, id: 'crews', displayName: 'Crews' } },
      { ...base, id: 'due-today', status: 'proposed' as const, targetDate: TODAY },
    ];
    assert.deepEqual(orderForWork(list, TODAY).map((a) => a.id), ['very-late', 'late-a-bit', 'due-today', 'later', 'done-new', 'done-old']);
    assert.equal(isOverdueOn({ status: 'proposed', targetDate: TODAY }, TODAY), false, 'due today is not yet overdue');
    assert.equal(isOverdueOn({ status: 'completed', targetDate: '2026-01-01' }, TODAY), false, 'a finished action is never overdue');
    const ids = (filter: Parameters<typeof matchesFilter>[1]) => list.filter((a) => matchesFilter(a, filter, TODAY)).map((a) => a.id);
    assert.deepEqual(ids({ overdue: true }), ['late-a-bit', 'very-late']);
    assert.deepEqual(ids({ status: ['open'], service: 'Waste' }), ['later', 'very-late', 'due-today']);
    assert.deepEqual(ids({ owner: 'crews' }), ['very-late']);
    assert.deepEqual(ids({ status: ['completed'], overdue: false }), ['done-old', 'done-new']);
  });
});
