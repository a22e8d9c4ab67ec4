import assert from 'node:assert/strict';
import { defaultDefinitions, presetDefinitions, PRESETS, roleRuleProblems } from '../../core/roles';

describe('core: role presets for a new organisation', () => {
  for (const preset of PRESETS) {
    it(`${preset}: the complaints manager (often the central team) may log complaints, and nothing else changes`, () => {
      const manager = presetDefinitions(preset).find((d) => d.id === 'complaints-manager');
      const standard = defaultDefinitions().find((d) => d.id === 'complaints-manager');
      assert.ok(manager && standard);
      assert.ok(manager.permissions.includes('case.create'));
      assert.deepEqual(manager.permissions.filter((p) => p !== 'case.create').sort(), [...standard.permissions].sort());
      assert.match(manager.description, /^Log complaints for the central team\. /);
      assert.equal(manager.caseScope, standard.caseScope);
      // The presets still pass the procedure's guard rails with an administrator and a stage 2 signatory.
      const ids = presetDefinitions(preset).map((d) => d.id);
      const assignments = ids.map((id) => ({ principalId: `p-${id}`, displayName: id, roles: [id], services: [] }));
      assert.deepEqual(roleRuleProblems(presetDefinitions(preset), assignments), []);
    });
  }

  it('the default table, for organisations without definitions of their own, does not let the complaints manager log', () => {
    const standard = defaultDefinitions().find((d) => d.id === 'complaints-manager');
    assert.equal(standard?.permissions.includes('case.create'), false);
  });
});
