/**
 * Document storage against the real Azurite blob service through @azure/storage-blob: what is kept is
 * what comes back, per organisation and case, content-addressed, checked for damage; the local server
 * runs in a child process, is shared with a second process on the same data dir, and keeps documents
 * across a restart; the readiness probe says when storage is gone.
 */
import assert from 'node:assert/strict';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { AZURITE_ACCOUNT, AZURITE_KEY, runningEmbeddedBlob } from '../../store/blob-embedded';
import { checkDocumentStore, DocumentKeyError, sha256Of } from '../../store/documents';
import { connectDocumentsFromEnv } from '../../store/documents-connect';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import path from 'node:path';

describe('store: documents in Blob Storage (Azurite)', function () {
  this.timeout(120_000);
  let t: TestDocuments;
  before(async () => {
    t = await startTestDocuments();
  });
  after(() => t?.close());

  it('keeps a document and gives back the same bytes, name and type, listed under its case only', async () => {
    const bytes = Buffer.from('%PDF-1.7 letter of complaint');
    const kept = await t.documents.put('glenmore', 'CHP-2026-000001', 'Letter to Mrs Ní Bhriain “final”.pdf', 'application/pdf', bytes);
    assert.equal(kept.id, sha256Of(bytes));
    assert.equal(kept.sha256, kept.id);
    assert.equal(kept.size, bytes.length);
    const back = await t.documents.get('glenmore', 'CHP-2026-000001', kept.id);
    assert.ok(back);
    assert.deepEqual(back.content, bytes);
    assert.equal(back.name, 'Letter to Mrs Ní Bhriain “final”.pdf');
    assert.equal(back.contentType, 'application/pdf');
    assert.deepEqual(await t.documents.list('glenmore', 'CHP-2026-000001'), [{ id: kept.id, name: back.name, contentType: 'application/pdf', size: bytes.length, sha256: kept.id }]);
    assert.deepEqual(await t.documents.list('glenmore', 'CHP-2026-000002'), [], 'another case has none');
    assert.equal(await t.documents.get('riverside', 'CHP-2026-000001', kept.id), undefined, 'another organisation’s case of the same reference has none');
    assert.equal(await t.documents.get('glenmore', 'CHP-2026-000002', kept.id), undefined);
  });

  it('stores the same content once per case, and cleans names and types it cannot trust', async () => {
    const bytes = Buffer.from('same photo');
    const first = await t.documents.put('glenmore', 'CHP-2026-000003', 'photo.jpg', 'image/jpeg', bytes);
    const again = await t.documents.put('glenmore', 'CHP-2026-000003', 'photo (1).jpg', 'image/jpeg', bytes);
    assert.equal(again.id, first.id);
    const listed = await t.documents.list('glenmore', 'CHP-2026-000003');
    assert.equal(listed.length, 1);
    assert.equal(listed[0].name, 'photo (1).jpg', 'the latest name wins');
    const odd = await t.documents.put('glenmore', 'CHP-2026-000003', '\u0000\r\n', 'text/html\r\nX-Injected: 1', Buffer.from('<script>alert(1)</script>'));
    assert.equal(odd.name, 'document');
    assert.equal(odd.contentType, 'application/octet-stream');
    const empty = await t.documents.put('glenmore', 'CHP-2026-000003', 'empty.txt', undefined, Buffer.alloc(0));
    assert.equal(empty.size, 0);
    assert.equal((await t.documents.get('glenmore', 'CHP-2026-000003', empty.id))?.content.length, 0);
  });

  it('refuses keys that could reach outside the case, and ids that are not SHA-256', async () => {
    const bytes = Buffer.from('x');
    await assert.rejects(() => t.documents.put('glenmore', '../riverside', 'a.txt', 'text/plain', bytes), DocumentKeyError);
    await assert.rejects(() => t.documents.put('glenmore/CHP-2026-000001', 'x', 'a.txt', 'text/plain', bytes), DocumentKeyError);
    await assert.rejects(() => t.documents.list('', 'CHP-2026-000001'), DocumentKeyError);
    assert.equal(await t.documents.get('glenmore', 'CHP-2026-000001', '../../etc/passwd'), undefined);
    assert.equal(await t.documents.remove('glenmore', 'CHP-2026-000001', 'A'.repeat(64)), false);
  });

  it('notices a document damaged in storage instead of serving it', async () => {
    const kept = await t.documents.put('glenmore', 'CHP-2026-000004', 'minutes.txt', 'text/plain', Buffer.from('original minutes'));
    const running = runningEmbeddedBlob(path.join(t.dataDir, 'blobs'));
    assert.ok(running, 'the server says where it is');
    const raw = new BlobServiceClient(running.accountUrl, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)).getContainerClient('documents');
    const tampered = Buffer.from('altered minutes!');
    await raw.getBlockBlobClient(`glenmore/CHP-2026-000004/${kept.id}`).uploadData(tampered, { metadata: { name: 'minutes.txt', sha256: kept.id } });
    await assert.rejects(() => t.documents.get('glenmore', 'CHP-2026-000004', kept.id), /does not match its SHA-256/);
  });

  it('removes a document', async () => {
    const kept = await t.documents.put('glenmore', 'CHP-2026-000005', 'gone.txt', 'text/plain', Buffer.from('to be removed'));
    assert.equal(await t.documents.remove('glenmore', 'CHP-2026-000005', kept.id), true);
    assert.equal(await t.documents.remove('glenmore', 'CHP-2026-000005', kept.id), false);
    assert.equal(await t.documents.get('glenmore', 'CHP-2026-000005', kept.id), undefined);
    assert.deepEqual(await t.documents.list('glenmore', 'CHP-2026-000005'), []);
  });

  it('runs Azurite in a child process that a second process attaches to, keeps documents across a restart, and reports readiness', async () => {
    const env = { CHP_DATA_DIR: path.join(t.dataDir, 'child') };
    const first = await connectDocumentsFromEnv(env, t.dataDir, { embedded: 'child' });
    let second: Awaited<ReturnType<typeof connectDocumentsFromEnv>> | undefined;
    try {
      assert.match(first.description, /Azurite\) in child process \d+ at http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1/);
      second = await connectDocumentsFromEnv(env, t.dataDir, { embedded: 'child' });
      assert.match(second.description, /Azurite\) of process \d+/, 'the second process attaches instead of starting another server');
      const kept = await first.documents.put('glenmore', 'CHP-2026-000010', 'a.txt', 'text/plain', Buffer.from('kept across restarts'));
      assert.equal((await second.documents.get('glenmore', 'CHP-2026-000010', kept.id))?.content.toString(), 'kept across restarts');
      await checkDocumentStore(second.documents);
      await first.close();
      await assert.rejects(() => checkDocumentStore(second!.documents, 1_500), /Document storage is not ready \(local blob storage/);
      const restarted = await connectDocumentsFromEnv(env, t.dataDir, { embedded: 'in-process' });
      try {
        assert.equal((await restarted.documents.get('glenmore', 'CHP-2026-000010', kept.id))?.content.toString(), 'kept across restarts');
      } finally {
        await restarted.close();
      }
    } finally {
      await second?.close();
      await first.close().catch(() => undefined);
    }
  });
});
