import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canSeeCase, caseScope, hasPermission, PERMISSIONS, type Permission } from '../../core/permissions';
import {
  CASE_SCOPE_KINDS,
  CSWO_ROLE,
  defaultDefinitions,
  grantOf,
  PRESETS,
  presetDefinitions,
  roleRuleProblems,
  withGrant,
  type RoleDefinition,
} from '../../core/roles';
import { availableActions, type CaseActionType } from '../../core/workflow';
import { ROLES, type Actor, type Case } from '../../core/types';
import { inStage2, logged, people, run } from './fixtures/workflow';

/** The permission each action needs (the guards' table, restated here as the specification). */
const NEEDS: Record<CaseActionType, (c: Case) => Permission> = {
  assign: () => 'case.assign',
  extend: (c) => (c.status.startsWith('stage2') ? 'case.extend.stage2' : 'case.extend.stage1'),
  acknowledge: () => 'case.acknowledge',
  'close-stage1': () => 'case.close',
  escalate: () => 'case.escalate',
  'request-signoff': () => 'case.request-signoff',
  'approve-signoff': () => 'case.signoff',
  'return-signoff': () => 'case.signoff',
  'close-stage2': () => 'case.close.stage2',
  withdraw: () => 'case.withdraw',
  'mark-not-a-complaint': () => 'case.not-a-complaint',
  'record-root-cause': () => 'case.root-cause',
  'update-details': () => 'case.update',
  'refer-to-spso': () => 'case.spso',
  'record-spso-decision': () => 'case.spso',
  'record-spso-recommendation-implemented': () => 'case.spso',
  'set-legal-hold': () => 'case.legal-hold',
  'release-legal-hold': () => 'case.legal-hold',
  'link-message': () => 'case.update',
  'record-attachments-copied': () => 'case.update',
  'add-document': () => 'case.update',
  'remove-document': () => 'case.update',
  'link-case': () => 'case.update',
  'void-signoff': () => 'case.request-signoff',
  'record-correspondence-sent': () => 'case.update',
  'record-quote-consent': () => 'case.update',
};

const ROLE_IDS = ['cswo', 'administrator', 'director', 'spso-liaison-officer', 'customer-service-adviser', 'senior-officer'];

const definitionArb = (id: string): fc.Arbitrary<RoleDefinition> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Role ${id}`),
    description: fc.constant(`What ${id} does.`),
    permissions: fc.subarray([...PERMISSIONS]),
    caseScope: fc.constantFrom(...CASE_SCOPE_KINDS),
    socialWork: fc.boolean(),
  });

/** Any set of role definitions with distinct ids (some with the CSWO's id), sometimes one preset's roles edited. */
const definitionsArb: fc.Arbitrary<RoleDefinition[]> = fc.oneof(
  fc.subarray(ROLE_IDS, { minLength: 1 }).chain((ids) => fc.tuple(...ids.map(definitionArb))),
  fc.constantFrom(...PRESETS).chain((preset) =>
    fc.tuple(...presetDefinitions(preset).map((d) => fc.oneof(fc.constant(d), definitionArb(d.id)))),
  ),
);

const assignmentsArb = (definitions: RoleDefinition[]) =>
  fc.array(fc.record({ roles: fc.subarray(definitions.map((d) => d.id)) }), { maxLength: 4 });

const casesArb: fc.Arbitrary<Case> = fc
  .record({ service: fc.constantFrom('Housing', 'Roads'), socialWork: fc.boolean(), owner: fc.constantFrom('someone', 'me'), stage: fc.constantFrom(1, 2, 3) })
  .map(({ service, socialWork, owner, stage }) => {
    let c = { ...logged({ service, socialWork }) };
    if (stage >= 2) c = inStage2();
    if (stage === 3) c = run(c, people.investigator, { type: 'request-signoff', draftSummary: 'Draft', proposedOutcome: 'upheld' }, '2026-12-10T10:00:00Z');
    return { ...c, service, socialWork, owner };
  });

const actorArb = (definitions: RoleDefinition[]): fc.Arbitrary<Actor> =>
  fc
    .record({ roles: fc.subarray(definitions.map((d) => d.id)), services: fc.subarray(['Housing', 'Roads']), userId: fc.constantFrom('me', 'ian') })
    .map(({ roles, services, userId }) => withGrant({ userId, displayName: userId, roles, services }, definitions));

describe('core: role definitions set by the organisation', () => {
  it('the default definitions give every combination of roles exactly what the default table gives', () => {
    const defaults = defaultDefinitions();
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.subarray(['Housing', 'Roads']), casesArb, (roles, services, c) => {
        const plain: Actor = { userId: 'me', displayName: 'Me', roles, services };
        const granted = withGrant(plain, defaults);
        for (const p of PERMISSIONS) assert.equal(hasPermission(granted, p), hasPermission(plain, p), p);
        assert.equal(caseScope(granted) === null, caseScope(plain) === null);
        assert.equal(canSeeCase(granted, c), canSeeCase(plain, c));
        assert.deepEqual(availableActions(c, granted), availableActions(c, plain));
      }),
      { numRuns: 300 },
    );
  });

  it('every preset passes the guard rails once someone is its administrator', () => {
    for (const preset of PRESETS) {
      assert.deepEqual(roleRuleProblems(presetDefinitions(preset), [{ roles: ['administrator'] }]), [], preset);
    }
    assert.deepEqual(roleRuleProblems(defaultDefinitions(), [{ roles: ['administrator'] }]), []);
  });

  it('whatever definitions pass the guard rails, the rails hold', () => {
    fc.assert(
      fc.property(definitionsArb.chain((d) => fc.tuple(fc.constant(d), assignmentsArb(d))), ([definitions, assignments]) => {
        const problems = roleRuleProblems(definitions, assignments);
        const signsOffEverywhere = definitions.some((d) => d.permissions.includes('case.signoff') && d.permissions.includes('case.read') && d.caseScope === 'all');
        const cswo = definitions.find((d) => d.id === CSWO_ROLE);
        const cswoSeesSocialWork = !cswo || (cswo.permissions.includes('case.read') && (cswo.socialWork || cswo.caseScope === 'all'));
        const admins = definitions.filter((d) => d.permissions.includes('settings.manage'));
        const adminsSeeNoCases = admins.every((d) => d.caseScope === 'none' && !d.socialWork && d.permissions.every((p) => !p.startsWith('case.') && !p.startsWith('privacy.')));
        const someoneAdministers = assignments.some((a) => a.roles.some((r) => admins.some((d) => d.id === r)));
        const allHold = signsOffEverywhere && cswoSeesSocialWork && adminsSeeNoCases && someoneAdministers;
        assert.equal(problems.length === 0, allHold, problems.join(' | '));
        if (problems.length === 0) {
          // Someone can sign off stage 2 for every service: an actor holding that role may, on a case of any service.
          const signer = definitions.find((d) => d.permissions.includes('case.signoff') && d.caseScope === 'all')!;
          const actor = withGrant({ userId: 'signer', displayName: 'Signer', roles: [signer.id], services: [] }, definitions);
          for (const service of ['Housing', 'Roads', 'Anything']) {
            const waiting = run(inStage2(), people.investigator, { type: 'request-signoff', draftSummary: 'Draft', proposedOutcome: 'upheld' }, '2026-12-10T10:00:00Z');
            assert.ok(availableActions({ ...waiting, service }, actor).includes('approve-signoff'), service);
          }
          // A person who only administers sees no case.
          for (const admin of admins) {
            const a = withGrant({ userId: 'ada', displayName: 'Ada', roles: [admin.id], services: ['Housing'] }, definitions);
            assert.equal(caseScope(a), null);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('no action is allowed that the definitions do not grant, and nobody signs off their own draft', () => {
    fc.assert(
      fc.property(definitionsArb.chain((d) => fc.tuple(fc.constant(d), actorArb(d), casesArb)), ([definitions, actor, c]) => {
        const held = definitions.filter((d) => actor.roles.includes(d.id));
        const granted = (p: Permission) => held.some((d) => d.permissions.includes(p));
        for (const p of PERMISSIONS) assert.equal(hasPermission(actor, p), granted(p), p);
        const actions = availableActions(c, actor);
        for (const type of actions) assert.ok(granted(NEEDS[type](c)), `${type} without ${NEEDS[type](c)}`);
        if (actions.length > 0) {
          assert.ok(granted('case.read'));
          const sees =
            held.some((d) => d.caseScope === 'all') ||
            (held.some((d) => d.caseScope === 'own' || d.caseScope === 'services') && (c.owner === actor.userId || c.loggedBy === actor.userId)) ||
            (held.some((d) => d.caseScope === 'services') && actor.services.includes(c.service)) ||
            (held.some((d) => d.socialWork) && c.socialWork);
          assert.ok(sees, 'acts on a case outside the scope the definitions give');
        }
        // The author of the draft: whatever they hold, never the one who signs it off.
        const author = { ...actor, userId: c.stage2?.signOff?.author ?? 'ian' };
        assert.ok(!availableActions(c, author).includes('approve-signoff'));
        assert.ok(!availableActions(c, author).includes('return-signoff'));
      }),
      { numRuns: 400 },
    );
  });

  it('a complaints manager may close or escalate a case they do not own exactly when their role definition says so', () => {
    const council = presetDefinitions('council');
    const atStage1 = { ...logged(), owner: 'someone-else' };
    const manager = (definitions: RoleDefinition[]) => withGrant({ userId: 'colin', displayName: 'Colin', roles: ['complaints-manager'], services: [] }, definitions);
    assert.ok(!availableActions(atStage1, manager(council)).includes('close-stage1'));
    assert.ok(!availableActions(atStage1, manager(council)).includes('escalate'));
    const widened = council.map((d) => (d.id === 'complaints-manager' ? { ...d, permissions: [...d.permissions, 'case.close' as const, 'case.escalate' as const] } : d));
    assert.deepEqual(roleRuleProblems(widened, [{ roles: ['administrator'] }]), []);
    assert.ok(availableActions(atStage1, manager(widened)).includes('close-stage1'));
    assert.ok(availableActions(atStage1, manager(widened)).includes('escalate'));
  });

  it('gives nothing for a role the definitions do not hold, and the widest scope of the roles held', () => {
    const definitions = presetDefinitions('housing-association');
    assert.deepEqual(grantOf(definitions, ['emperor']), { permissions: [], caseScope: 'none', socialWork: false });
    assert.equal(grantOf(definitions, ['customer-service-adviser', 'senior-officer']).caseScope, 'all');
  });

  it('says what to change for each broken rail', () => {
    const council = presetDefinitions('council');
    const broken = council
      .filter((d) => d.id !== 'director' && d.id !== 'chief-executive')
      .map((d) => (d.id === 'cswo' ? { ...d, socialWork: false } : d.id === 'administrator' ? { ...d, permissions: [...d.permissions, 'case.read' as const] } : d));
    const problems = roleRuleProblems(broken, [{ roles: ['director'] }]);
    assert.ok(problems.some((p) => /sign off stage 2 final positions for every service/.test(p)));
    assert.ok(problems.some((p) => /Chief Social Work Officer must keep sight of social-work cases/.test(p)));
    assert.ok(problems.some((p) => /Administrator manages settings, so it may not give access to cases \(case.read\)/.test(p)));
    assert.ok(problems.some((p) => /Nobody would be left to manage the settings/.test(p)));
    assert.ok(problems.some((p) => /The role "director" is still given to someone/.test(p)));
  });
});
