import assert from 'node:assert/strict';
import { PERMISSIONS, ROLE_PERMISSIONS, canSeeCase, caseScope, hasPermission, type Permission } from '../../core/permissions';
import { ROLES, type Actor, type Case, type Role } from '../../core/types';
import { logged, people } from './fixtures/workflow';

const as = (roles: Role[], services: string[] = ['Housing'], userId = 'u1'): Actor => ({ userId, displayName: userId, roles, services });

describe('permissions: the role table', () => {
  it('has an entry for every role, using only known permissions, without duplicates', () => {
    assert.deepEqual(Object.keys(ROLE_PERMISSIONS).sort(), [...ROLES].sort());
    for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) {
      for (const p of permissions) assert.ok(PERMISSIONS.includes(p), `${role}: ${p}`);
      assert.equal(new Set(permissions).size, permissions.length, role);
    }
  });

  const table: [Role, Permission[], Permission[]][] = [
    ['complaint-handler', ['case.create', 'case.update', 'case.close', 'case.withdraw', 'case.not-a-complaint', 'case.root-cause'], ['case.assign', 'case.escalate', 'case.signoff', 'case.close.stage2', 'report.read']],
    ['investigator', ['case.acknowledge', 'case.escalate', 'case.request-signoff', 'case.close.stage2', 'case.close'], ['case.assign', 'case.signoff', 'case.extend.stage1']],
    ['head-of-service', ['case.assign', 'case.extend.stage1', 'case.signoff', 'improvement.authorise', 'report.read', 'case.escalate'], ['case.extend.stage2', 'case.spso', 'case.legal-hold', 'report.publish']],
    ['director', ['case.extend.stage2', 'case.signoff', 'case.spso', 'case.legal-hold', 'report.read'], ['settings.manage', 'jobs.run', 'training.record', 'survey.record']],
    ['chief-executive', ['case.extend.stage2', 'case.signoff', 'case.create'], ['settings.manage']],
    ['complaints-manager', ['case.assign', 'case.extend.stage1', 'case.spso', 'case.legal-hold', 'report.read', 'report.publish', 'survey.record'], ['case.extend.stage2', 'training.record', 'case.signoff', 'case.create', 'settings.manage']],
    ['training-officer', ['training.record'], ['case.read', 'report.read', 'survey.record']],
    ['cswo', ['case.read', 'report.read'], ['case.update', 'case.create']],
    ['management-committee', ['report.read'], ['case.read']],
    ['administrator', ['settings.manage', 'jobs.run'], ['case.read', 'report.read']],
  ];
  for (const [role, granted, denied] of table) {
    it(`${role}: has ${granted.length} checked permissions and lacks ${denied.length}`, () => {
      for (const p of granted) assert.ok(hasPermission(as([role]), p), `${role} should have ${p}`);
      for (const p of denied) assert.ok(!hasPermission(as([role]), p), `${role} should not have ${p}`);
    });
  }

  it('gives directors and chief executives every case permission', () => {
    for (const p of PERMISSIONS.filter((x) => x.startsWith('case.'))) {
      assert.ok(hasPermission(as(['director']), p), p);
      assert.ok(hasPermission(as(['chief-executive']), p), p);
    }
  });

  it('combines several roles', () => {
    const both = as(['training-officer', 'cswo']);
    assert.ok(hasPermission(both, 'training.record') && hasPermission(both, 'case.read'));
    assert.ok(!hasPermission(as([]), 'case.read'));
  });
});

describe('permissions: who sees which case', () => {
  const housing = logged(); // logged and owned by hana, Housing
  const roads: Case = { ...housing, service: 'Roads', owner: 'someone', loggedBy: 'someone' };
  const socialWork: Case = { ...housing, service: 'Social Work', socialWork: true, owner: 'someone', loggedBy: 'someone' };

  it('complaint handlers see cases they logged or own, not their colleagues\'', () => {
    assert.ok(canSeeCase(people.handler, housing));
    assert.ok(canSeeCase(people.handler, { ...housing, loggedBy: 'x' }));
    assert.ok(canSeeCase(people.handler, { ...housing, owner: 'x' }));
    assert.ok(!canSeeCase(people.otherHandler, housing));
  });
  it('investigators and heads of service see their services\' cases', () => {
    assert.ok(canSeeCase(people.investigator, housing));
    assert.ok(!canSeeCase(people.investigator, roads));
    assert.ok(canSeeCase(people.roadsHead, roads));
    assert.ok(!canSeeCase(people.roadsHead, housing));
    assert.ok(canSeeCase(as(['investigator'], [], 'ian'), { ...roads, owner: 'ian' }));
  });
  it('directors, chief executives and the complaints manager see all', () => {
    for (const who of [people.director, people.chief, people.manager]) {
      for (const c of [housing, roads, socialWork]) assert.ok(canSeeCase(who, c));
    }
  });
  it('the CSWO sees social-work cases only', () => {
    assert.ok(canSeeCase(people.cswo, socialWork));
    assert.ok(!canSeeCase(people.cswo, housing));
  });
  it('the committee, administrator and training officer see no cases', () => {
    for (const who of [people.committee, people.admin, people.trainer]) {
      assert.equal(caseScope(who), null);
      assert.ok(!canSeeCase(who, housing));
    }
  });

  it('describes the scope for store queries', () => {
    assert.deepEqual(caseScope(people.handler), { all: false, services: [], userId: 'hana', socialWork: false });
    assert.deepEqual(caseScope(people.investigator), { all: false, services: ['Housing'], userId: 'ian', socialWork: false });
    assert.deepEqual(caseScope(people.manager), { all: true, services: [], userId: '', socialWork: false });
    assert.deepEqual(caseScope(people.cswo), { all: false, services: [], userId: '', socialWork: true });
    assert.deepEqual(caseScope(as(['complaint-handler', 'cswo'], ['Roads'], 'x')), { all: false, services: [], userId: 'x', socialWork: true });
  });

  it('returns a copy of the services, not the actor\'s array', () => {
    const actor = as(['investigator']);
    caseScope(actor)!.services.push('Roads');
    assert.deepEqual(actor.services, ['Housing']);
  });
});
