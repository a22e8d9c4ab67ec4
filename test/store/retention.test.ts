import assert from 'node:assert/strict';
import { disposeDueCases } from '../../store/retention';
import { sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

describe('store: retention sweep', function () {
  this.timeout(60_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => stopFixture(f));

  it('deletes closed cases past their disposal date, except those on legal hold, open ones and other organisations', async () => {
    const closed = { status: 'stage1-closed' as const };
    const hold = { reason: 'SPSO investigation', setBy: 'u-mgr', setAt: '2031-01-01T09:00:00Z' };
    await f.store.cases.create(sampleCase('org-r', 'CHP-2026-000001', { ...closed, disposalOn: '2031-03-01', source: { kind: 'email', messageId: 'm-1' } }));
    await f.store.cases.create(sampleCase('org-r', 'CHP-2026-000002', { ...closed, disposalOn: '2031-06-02' }));
    await f.store.cases.create(sampleCase('org-r', 'CHP-2026-000003', { ...closed, disposalOn: '2031-03-01', legalHold: hold }));
    await f.store.cases.create(sampleCase('org-r', 'CHP-2026-000004'));
    await f.store.cases.create(sampleCase('org-r', 'CHP-2026-000005', { ...closed, disposalOn: '2031-06-01' }));
    await f.store.cases.create(sampleCase('org-s', 'CHP-2026-000001', { ...closed, disposalOn: '2031-03-01' }));

    const disposed = await disposeDueCases(f.store, 'org-r', '2031-06-01');
    assert.deepEqual(disposed.map((d) => d.reference).sort(), ['CHP-2026-000001', 'CHP-2026-000005']);
    assert.equal(await f.store.cases.get('org-r', 'CHP-2026-000001'), undefined);
    assert.equal(await f.store.cases.findBySource('org-r', { messageId: 'm-1' }), undefined, 'its source claim went too');
    for (const kept of ['CHP-2026-000002', 'CHP-2026-000003', 'CHP-2026-000004']) assert.ok(await f.store.cases.get('org-r', kept), kept);
    assert.ok(await f.store.cases.get('org-s', 'CHP-2026-000001'));
    assert.deepEqual(await disposeDueCases(f.store, 'org-r', '2031-06-01'), [], 'a second sweep finds nothing');
  });
});
