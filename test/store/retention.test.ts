import assert from 'node:assert/strict';
import type { Case } from '../../core/types';
import { CorrespondenceStore, type Letter } from '../../store/correspondence';
import { disposeDueCases } from '../../store/retention';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import { sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

describe('store: retention sweep', function () {
  this.timeout(60_000);
  let f: StoreFixture;
  let blobs: TestDocuments;
  before(async () => {
    f = await startFixture();
    blobs = await startTestDocuments();
  });
  after(async () => {
    await blobs?.close();
    await stopFixture(f);
  });

  const hold = { reason: 'SPSO investigation', setBy: 'u-mgr', setAt: '2031-01-01T09:00:00Z' };
  const letters = () => new CorrespondenceStore(f.store.containers.cases);

  /** A closed case with every part a record can have: a note, a letter, a document and an access-log entry. */
  async function caseWithParts(orgId: string, reference: string, changes: Partial<Case> = {}): Promise<Case> {
    const { case: c } = await f.store.cases.create(sampleCase(orgId, reference, { status: 'stage1-closed', disposalOn: '2031-03-01', socialWork: true, ...changes }));
    await f.store.notes.add({ id: `note-${reference}`, orgId, reference, kind: 'file-note', at: '2030-01-01T10:00:00Z', by: 'u-inv', byName: 'Investigator', text: 'Spoke to the tenant.' });
    await letters().updateLetters(orgId, reference, () => ({ letters: [{ id: `letter-${reference}` } as unknown as Letter], result: undefined }));
    await blobs.documents.put(orgId, reference, 'photo.txt', 'text/plain', Buffer.from(`evidence for ${reference}`));
    assert.ok(await f.store.audit.recordOpening(c, { userId: 'u-inv', displayName: 'Investigator' }, 'tab', '2030-01-02T09:00:00Z', `${reference}-1`));
    return c;
  }

  async function partsOf(orgId: string, reference: string) {
    return {
      notes: (await f.store.notes.page(orgId, reference, 50)).items.length,
      letters: (await letters().letters(orgId, reference)).length,
      documents: (await blobs.documents.list(orgId, reference)).length,
      accessLog: (await f.store.audit.listAccess(orgId, reference)).items.length,
    };
  }
  const everyPart = { notes: 1, letters: 1, documents: 1, accessLog: 1 };
  const noPart = { notes: 0, letters: 0, documents: 0, accessLog: 0 };

  it('deletes closed cases past their disposal date, except those on legal hold, open ones and other organisations', async () => {
    const closed = { status: 'stage1-closed' as const };
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

  it('destroys the whole record with the case: notes, letters, documents and the log of who opened it', async () => {
    await caseWithParts('org-p', 'CHP-2026-000010');
    await caseWithParts('org-p', 'CHP-2026-000011', { legalHold: hold });
    assert.deepEqual(await partsOf('org-p', 'CHP-2026-000010'), everyPart, 'the parts were there before the sweep');

    const disposed = await disposeDueCases(f.store, 'org-p', '2031-06-01', { documents: blobs.documents });
    assert.deepEqual(disposed.map((d) => d.reference), ['CHP-2026-000010']);
    assert.deepEqual(await partsOf('org-p', 'CHP-2026-000010'), noPart);
    assert.deepEqual(await partsOf('org-p', 'CHP-2026-000011'), everyPart, 'a case on legal hold keeps every part');
  });

  it('finishes a disposal a crash interrupted after the case went, and keeps the parts of a case that did not go', async () => {
    await caseWithParts('org-q', 'CHP-2026-000020');
    await caseWithParts('org-q', 'CHP-2026-000021', { disposalOn: '2035-01-01' });
    // What an interrupted sweep leaves: its markers, one case deleted without its parts, one not deleted.
    for (const reference of ['CHP-2026-000020', 'CHP-2026-000021']) {
      await f.store.containers.cases.items.upsert({ id: `disposal-pending:${reference}`, orgId: 'org-q', type: 'disposal-pending', reference });
    }
    assert.ok(await f.store.cases.remove('org-q', 'CHP-2026-000020', undefined, { keepFigures: true }));

    assert.deepEqual(await disposeDueCases(f.store, 'org-q', '2031-06-01', { documents: blobs.documents }), [], 'nothing else is due');
    assert.deepEqual(await partsOf('org-q', 'CHP-2026-000020'), noPart, 'the deleted case\'s parts are gone');
    assert.deepEqual(await partsOf('org-q', 'CHP-2026-000021'), everyPart, 'the case still kept keeps its parts');
    const markers = await f.store.containers.cases.items.query({ query: "SELECT * FROM c WHERE c.type = 'disposal-pending'" }, { partitionKey: 'org-q' }).fetchAll();
    assert.deepEqual(markers.resources, [], 'no marker is left');
  });
});
