/**
 * The pure rules behind auditing who holds the roles (core/role-assignments) and choosing whom to
 * remind of an improvement action awaiting authorisation (core/improvement-authorisers).
 */
import assert from 'node:assert/strict';
import { authorisersToRemind } from '../../core/improvement-authorisers';
import { actorFromAssignments } from '../../core/ownership';
import { assignmentChanges } from '../../core/role-assignments';
import { presetDefinitions, type RoleDefinition } from '../../core/roles';

describe('core: changes to who holds the roles', () => {
  const ana = { principalId: 'ana', displayName: 'Ana', roles: ['investigator', 'head-of-service'], services: ['Roads', 'Waste'] };
  const bo = { principalId: 'bo', displayName: 'Bo', roles: ['director'], services: [] };

  it('finds nothing when only the order of roles, services or people, or a display name, differs', () => {
    assert.deepEqual(assignmentChanges([ana, bo], [{ ...bo, displayName: 'Bo Renamed' }, { ...ana, roles: ['head-of-service', 'investigator'], services: ['Waste', 'Roads'] }]), []);
  });

  it('gives each person’s roles and services before and after, newly listed and taken off the list included', () => {
    const group = { principalId: 'g', displayName: 'Leads', roles: ['head-of-service'], services: ['Roads'], kind: 'group' as const };
    assert.deepEqual(assignmentChanges([ana, bo], [{ ...ana, services: ['Roads'] }, group]), [
      { principalId: 'ana', kind: 'user', displayName: 'Ana', before: { roles: ['investigator', 'head-of-service'], services: ['Roads', 'Waste'] }, after: { roles: ['investigator', 'head-of-service'], services: ['Roads'] } },
      { principalId: 'g', kind: 'group', displayName: 'Leads', before: null, after: { roles: ['head-of-service'], services: ['Roads'] } },
      { principalId: 'bo', kind: 'user', displayName: 'Bo', before: { roles: ['director'], services: [] }, after: null },
    ]);
  });
});

describe('core: whom to remind of an improvement action awaiting authorisation', () => {
  const person = (userId: string, roles: string[], services: string[], definitions?: RoleDefinition[]) =>
    actorFromAssignments(userId, userId, [{ principalId: userId, displayName: userId, roles, services }], definitions);

  it('with the product’s roles: the heads of service of the service, else those who see every case and may authorise', () => {
    const people = [person('head-roads', ['head-of-service'], ['Roads']), person('head-waste', ['head-of-service'], ['Waste']), person('director', ['director'], []), person('manager', ['complaints-manager'], []), person('investigator', ['investigator'], ['Roads'])];
    assert.deepEqual(authorisersToRemind(people, 'Roads'), ['head-roads']);
    assert.deepEqual(authorisersToRemind(people, 'Parks'), ['director', 'manager']);
  });

  it('under an organisation’s own definitions: by what the roles allow, whatever they are called', () => {
    const lead: RoleDefinition = { id: 'service-lead', name: 'Service lead', description: 'Leads a service.', permissions: ['case.read', 'improvement.authorise'], caseScope: 'services', socialWork: false };
    const improvementLead: RoleDefinition = { id: 'improvement-lead', name: 'Improvement lead', description: 'Authorises improvements; no cases.', permissions: ['improvement.authorise'], caseScope: 'none', socialWork: false };
    const definitions = [...presetDefinitions('housing-association'), lead, improvementLead];
    const people = [person('lead', ['service-lead'], ['Repairs'], definitions), person('senior', ['senior-officer'], [], definitions), person('director-head', ['director-head'], [], definitions), person('adviser', ['customer-service-adviser'], [], definitions), person('committee', ['management-committee'], [], definitions)];
    assert.deepEqual(authorisersToRemind(people, 'Repairs'), ['lead']);
    assert.deepEqual(authorisersToRemind(people, 'Rents'), ['senior', 'director-head']);
    // Nobody who sees every case may authorise: anyone who may.
    const fewer = [person('il', ['improvement-lead'], [], definitions), person('adviser', ['customer-service-adviser'], [], definitions)];
    assert.deepEqual(authorisersToRemind(fewer, 'Rents'), ['il']);
    // Nobody may: nobody is reminded.
    assert.deepEqual(authorisersToRemind([person('adviser', ['customer-service-adviser'], [], definitions)], 'Rents'), []);
  });
});
