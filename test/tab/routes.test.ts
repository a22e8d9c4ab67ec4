/** Deep links into the tab: the address hash and the Teams sub-page id (subEntityId) of cards and the add-in. */
import assert from 'node:assert/strict';
import { routeFromHash, routeFromSubPage } from '../../tab/src/routes';

describe('tab routes', () => {
  it('reads a case reference from the hash, whatever its case', () => {
    assert.deepEqual(routeFromHash('#/case/CHP-2026-000123'), { name: 'case', reference: 'CHP-2026-000123' });
    assert.deepEqual(routeFromHash('#/case/chp-2026-000123'), { name: 'case', reference: 'CHP-2026-000123' });
    assert.deepEqual(routeFromHash('#case/CHP-2026-000123'), { name: 'case', reference: 'CHP-2026-000123' });
  });

  it('falls back to the caseload for anything it does not know', () => {
    for (const hash of ['', '#', '#/', '#/case/', '#/case/CHP-26-1', '#/case/<script>', '#/%E0%A4%A', '#/elsewhere']) {
      assert.deepEqual(routeFromHash(hash), { name: 'caseload' }, hash);
    }
    assert.deepEqual(routeFromHash('#/reports'), { name: 'reports' });
    assert.deepEqual(routeFromHash('#/improvements'), { name: 'improvements' });
    assert.deepEqual(routeFromHash('#/awareness'), { name: 'awareness' });
  });

  it('turns a Teams subEntityId into the page to open', () => {
    assert.equal(routeFromSubPage('case/CHP-2026-000042'), '#/case/CHP-2026-000042');
    assert.equal(routeFromSubPage('/case/CHP-2026-000042'), '#/case/CHP-2026-000042');
    assert.equal(routeFromSubPage('reports'), '#/reports');
    assert.equal(routeFromSubPage('awareness'), '#/awareness');
    assert.equal(routeFromSubPage('case/not-a-reference'), undefined);
    assert.equal(routeFromSubPage(''), undefined);
    assert.equal(routeFromSubPage(undefined), undefined);
  });
});
