import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { formatRowErrors, parseCasesCsv } from '../../core/case-format';
import { actorFromAssignments, ownerCheck, ownerProblem, staffActor, type StaffAssignment } from '../../core/ownership';
import type { Role } from '../../core/types';

const assignment = (principalId: string, roles: Role[], services: string[] = [], displayName = principalId): StaffAssignment => ({ principalId, roles, services, displayName });

const ASSIGNMENTS: StaffAssignment[] = [
  assignment('u-handler', ['complaint-handler'], ['Waste'], 'Hamish Handler'),
  assignment('u-investigator', ['investigator'], ['Housing'], 'Isla Investigator'),
  assignment('u-director', ['director'], [], 'Dana Director'),
  assignment('u-manager', ['complaints-manager'], [], 'Morven Manager'),
  assignment('u-committee', ['management-committee'], [], 'Cllr Shona Paterson'),
  assignment('u-admin', ['administrator', 'training-officer'], [], 'Alasdair Admin'),
  assignment('g-repairs-team', ['investigator'], ['Housing']),
];
const ORG = { orgName: 'Glenmore Council' };
const housing = { service: 'Housing' };
const problemFor = (userId: string, c = housing, groups: string[] = []) =>
  ownerProblem(staffActor(ASSIGNMENTS, userId, { displayName: `Someone ${userId}`, groups }), c, { candidateId: userId, ...ORG });

describe('ownership: who may own a case', () => {
  it('an investigator of the case’s service may own it', () => {
    assert.equal(problemFor('u-investigator'), undefined);
  });

  it('someone whose role covers every case (a director) may own a case of any service', () => {
    assert.equal(problemFor('u-director', { service: 'Roads' }), undefined);
  });

  it('someone the organisation does not know is not a member of the complaints team', () => {
    assert.equal(problemFor('u-nobody'), '"u-nobody" is not a member of the complaints team of Glenmore Council; choose someone from its staff.');
    assert.match(ownerProblem(undefined, housing, { candidateId: 'x', ...ORG }) ?? '', /not a member of the complaints team of Glenmore Council/);
  });

  it('a management committee member, an administrator or training officer has no role that handles complaints', () => {
    assert.match(problemFor('u-committee') ?? '', /^Cllr Shona Paterson has no role that handles complaints \(management committee\)/);
    assert.match(problemFor('u-admin') ?? '', /^Alasdair Admin has no role that handles complaints \(administrator and training officer\)/);
  });

  it('a complaints manager reads every case but does not handle them', () => {
    assert.match(problemFor('u-manager') ?? '', /Morven Manager has no role that handles complaints/);
  });

  it('a handler or investigator of another service is refused, naming their services', () => {
    assert.equal(problemFor('u-handler'), 'Hamish Handler does not work on Housing complaints (their services: Waste); choose someone who does.');
    assert.equal(problemFor('u-handler', { service: 'Waste' }), undefined);
  });

  it('membership through a group counts, but only for groups the staff directory knows the person is in', () => {
    assert.equal(problemFor('u-member-of-group', housing, ['g-repairs-team']), undefined);
    assert.match(problemFor('u-member-of-group', housing, ['g-some-other-group']) ?? '', /not a member of the complaints team/);
    const viaGroup = staffActor(ASSIGNMENTS, 'u-member-of-group', { displayName: 'Greta Group', groups: ['g-repairs-team'] });
    assert.equal(viaGroup?.displayName, 'Greta Group', 'a group assignment’s name is not the person’s');
  });

  it('actorFromAssignments joins roles and services of every assignment', () => {
    const actor = actorFromAssignments('u1', undefined, [assignment('u1', ['investigator'], ['Housing'], 'Una'), assignment('g1', ['head-of-service'], ['Roads'])]);
    assert.deepEqual(actor, { userId: 'u1', displayName: 'Una', roles: ['head-of-service', 'investigator'], services: ['Housing', 'Roads'] });
  });

  it('an imported case file is refused by row and column when a staff_member may not own the case', () => {
    const csv = ['reference,date_received,nature,service,staff_member', 'CHP-2026-000001,2026-03-02,Bins,Waste,u-handler', 'CHP-2026-000002,2026-03-02,Damp,Housing,u-committee', 'CHP-2026-000003,2026-03-02,Roads,Roads,'].join('\n');
    const check = ownerCheck(ASSIGNMENTS, [], 'Glenmore Council');
    const result = parseCasesCsv(csv, { orgId: 'glenmore', calendar: new WorkingCalendar(), ownerProblem: check });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : formatRowErrors(result.errors), 'row 3, staff_member: Cllr Shona Paterson has no role that handles complaints (management committee); choose a complaint handler, investigator or manager.');
    assert.ok(parseCasesCsv(csv.split('\n').filter((l) => !l.includes('u-committee')).join('\n'), { orgId: 'glenmore', calendar: new WorkingCalendar(), ownerProblem: check }).ok);
  });
});
