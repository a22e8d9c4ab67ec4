/**
 * Uploading and removing case documents over real HTTP, stored in real Azurite: who may, which files,
 * what names; each upload and removal on the case's timeline; a removed document gone from the list and
 * the download; legal hold blocks removal; another organisation's case and a hidden one answer 404.
 */
import assert from 'node:assert/strict';
import type { Case, CaseEvent } from '../../core/types';
import { sha256Of } from '../../store/documents';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import { call, Harness, TENANT_B, type ApiResponse } from './harness';

type Listed = { id: string; name: string; size: number; contentType: string; addedBy?: string; addedAt?: string; via?: string; canRemove: boolean };
type Problem = { status: number; title: string; detail: string };

const PDF = Buffer.from('%PDF-1.7\n% Letter from Mrs Reid about the roof\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('photo of the ceiling')]);

describe('server: uploading and removing case documents', function () {
  this.timeout(120_000);
  const harness = new Harness();
  let t: TestDocuments;
  let base: string;
  let ref: string;
  let hiddenRef: string;

  async function upload(reference: string, name: string | undefined, bytes: Buffer, as = 'demo-handler', headers: Record<string, string> = {}): Promise<ApiResponse<Problem & { document: Listed; event: CaseEvent }>> {
    const response = await fetch(`${base}/api/cases/${reference}/documents`, {
      method: 'POST',
      headers: { 'X-Dev-User': as, 'Content-Type': 'application/octet-stream', ...(name === undefined ? {} : { 'X-File-Name': encodeURIComponent(name) }), ...headers },
      body: bytes,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  const list = async (reference: string, as = 'demo-handler') => (await call<{ documents: Listed[] }>(base, 'GET', `/api/cases/${reference}/documents`, { as })).body.documents;
  const remove = (reference: string, id: string, as: string, reason: unknown = 'Uploaded to the wrong case by mistake') =>
    call<Problem & { event: CaseEvent }>(base, 'DELETE', `/api/cases/${reference}/documents/${id}`, { as, body: { reason } });
  const events = async (reference: string) => (await call<Case>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' })).body.events;

  before(async () => {
    await harness.start({ history: false });
    t = await startTestDocuments();
    base = await harness.app({ documents: t.documents });
    const logged = await call<Case>(base, 'POST', '/api/cases', {
      as: 'demo-handler',
      body: { kind: 'complaint', channel: 'letter', customer: { withheldDetails: false, anonymous: false, name: 'Morag Reid' }, nature: 'The roof still leaks after three repairs.', service: 'Housing Repairs' },
    });
    assert.equal(logged.status, 201);
    ref = logged.body.reference;
    const mine = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=100', { as: 'demo-handler' });
    const all = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=100', { as: 'demo-director' });
    const seen = new Set(mine.body.items.map((c) => c.reference));
    hiddenRef = all.body.items.find((c) => !seen.has(c.reference))!.reference;
  });
  after(async () => {
    await harness.stop();
    await t?.close();
  });

  it('keeps an uploaded file, lists it with who added it, downloads it as a file to save, and records it on the timeline', async () => {
    const added = await upload(ref, 'Letter from Mrs Reid.pdf', PDF);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.document.id, sha256Of(PDF));
    assert.equal(added.headers.get('location'), `/api/cases/${ref}/documents/${sha256Of(PDF)}`);
    const [listed] = await list(ref);
    assert.equal(listed.name, 'Letter from Mrs Reid.pdf');
    assert.equal(listed.contentType, 'application/pdf');
    assert.equal(listed.size, PDF.length);
    assert.equal(listed.addedBy, 'demo-handler');
    assert.equal(listed.via, 'upload');
    assert.equal(listed.canRemove, true);
    const event = (await events(ref)).at(-1)!;
    assert.equal(event.type, 'document-added');
    assert.equal(event.by, 'demo-handler');
    assert.match(event.summary, /^Document added: Letter from Mrs Reid\.pdf/);

    const download = await fetch(`${base}/api/cases/${ref}/documents/${listed.id}`, { headers: { 'X-Dev-User': 'demo-investigator' } });
    assert.equal(download.status, 200, 'an investigator of the service can see it');
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="Letter from Mrs Reid\.pdf"/);
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(download.headers.get('content-security-policy') ?? '', /sandbox/);

    const again = await upload(ref, 'copy of the letter.pdf', PDF);
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /already on CHP-\d{4}-\d{6}/);
    assert.equal((await list(ref))[0].name, 'Letter from Mrs Reid.pdf', 'the refused copy did not rename it');
  });

  it('refuses a type it does not keep, a disguised file, an empty one and one over 20 MB, each saying what to do; nothing is kept', async () => {
    const before = (await list(ref)).length;
    const html = await upload(ref, 'statement.pdf', Buffer.from('<!doctype html><script>fetch("/api/me")</script>'));
    assert.equal(html.status, 415);
    assert.match(html.body.detail, /named as a PDF, but its content is markup a browser could run/);
    const exe = await upload(ref, 'photo.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    assert.equal(exe.status, 415);
    assert.match(exe.body.detail, /Windows program/);
    const svg = await upload(ref, 'map.svg', Buffer.from('<svg/>'));
    assert.equal(svg.status, 415);
    assert.match(svg.body.detail, /cannot keep \.svg files; it keeps PDF, JPEG, PNG/);
    const empty = await upload(ref, 'blank.pdf', Buffer.alloc(0));
    assert.equal(empty.status, 400);
    assert.match(empty.body.detail, /is empty/);
    const big = await upload(ref, 'huge scan.pdf', Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]));
    assert.equal(big.status, 413);
    assert.match(big.body.detail, /largest file a case keeps is 20 MB/);
    const json = await call<Problem>(base, 'POST', `/api/cases/${ref}/documents`, { as: 'demo-handler', body: { file: 'x' }, headers: { 'X-File-Name': 'a.pdf' } });
    assert.equal(json.status, 415);
    assert.match(json.body.detail, /Send the file’s bytes/);
    assert.equal((await list(ref)).length, before);
    assert.equal((await t.documents.list('glenmore', ref)).length, before, 'nothing reached storage');
  });

  it('cleans hostile file names and refuses ones that would read differently from what they are', async () => {
    const pathy = await upload(ref, '../../other-org/..\\C:\\Windows\\evil "name".png', PNG);
    assert.equal(pathy.status, 201, JSON.stringify(pathy.body));
    assert.equal(pathy.body.document.name, 'evil _name_.png');
    const bidi = await upload(ref, 'invoice\u202Egnp.exe', PNG);
    assert.equal(bidi.status, 400);
    assert.match(bidi.body.detail, /right-to-left override/);
    const header = await upload(ref, 'a\r\nSet-Cookie: x=1.png', PNG);
    assert.equal(header.status, 400);
    const missing = await upload(ref, undefined, PNG);
    assert.equal(missing.status, 400);
    assert.match(missing.body.detail, /X-File-Name/i);
    const garbled = await upload(ref, undefined, PNG, 'demo-handler', { 'X-File-Name': '%E0%A4%A' });
    assert.equal(garbled.status, 400);
    assert.match(garbled.body.detail, /percent-encoded/);
  });

  it('lets only people who may update a case they can see upload: 403 without case.update, 404 for hidden and other organisations’ cases', async () => {
    const manager = await upload(ref, 'note.txt', Buffer.from('hello'), 'demo-complaints-manager');
    assert.equal(manager.status, 403);
    assert.match(manager.body.detail, /may not add documents/);
    const hidden = await upload(hiddenRef, 'note.txt', Buffer.from('hello'));
    assert.equal(hidden.status, 404);
    const otherOrg = await fetch(`${base}/api/cases/${ref}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await harness.token({ tid: TENANT_B, oid: 'rha-manager' })}`, 'X-File-Name': 'note.txt' },
      body: Buffer.from('hello'),
    });
    assert.equal(otherOrg.status, 404);
    const otherList = await call(base, 'GET', `/api/cases/${ref}/documents`, { token: await harness.token({ tid: TENANT_B, oid: 'rha-manager' }) });
    assert.equal(otherList.status, 404);
    const anonymous = await fetch(`${base}/api/cases/${ref}/documents`, { method: 'POST', headers: { 'X-File-Name': 'note.txt' }, body: Buffer.from('hello') });
    assert.equal(anonymous.status, 401);
    assert.equal((await list(hiddenRef, 'demo-director')).some((d) => d.name === 'note.txt'), false);
  });

  it('removes a document only by its uploader or a manager, with a reason on the timeline; then it is gone from list and download', async () => {
    const photo = (await list(ref)).find((d) => d.contentType === 'image/png')!;
    const byInvestigator = await list(ref, 'demo-investigator');
    assert.equal(byInvestigator.find((d) => d.id === photo.id)?.canRemove, false, 'not theirs, not a manager');
    const refused = await remove(ref, photo.id, 'demo-investigator');
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /Only the person who added a document, or a manager/);
    const noReason = await remove(ref, photo.id, 'demo-handler', '  ');
    assert.equal(noReason.status, 400);

    const removed = await remove(ref, photo.id, 'demo-director', 'Photo of another property');
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const event = (await events(ref)).at(-1)!;
    assert.equal(event.type, 'document-removed');
    assert.equal(event.by, 'demo-director');
    assert.match(event.summary, /Document removed: evil _name_\.png\. Reason: Photo of another property/);
    assert.ok(!(await list(ref)).some((d) => d.id === photo.id));
    const download = await call(base, 'GET', `/api/cases/${ref}/documents/${photo.id}`, { as: 'demo-director' });
    assert.equal(download.status, 404);
    assert.equal(await t.documents.get('glenmore', ref, photo.id), undefined, 'the blob is deleted');
    assert.equal((await remove(ref, photo.id, 'demo-director')).status, 404, 'removing twice');
  });

  it('keeps every document while the case is on legal hold, and lets the uploader remove their own once it is released', async () => {
    const letter = (await list(ref)).find((d) => d.contentType === 'application/pdf')!;
    const hold = await call(base, 'POST', `/api/cases/${ref}/actions`, { as: 'demo-complaints-manager', body: { type: 'set-legal-hold', reason: 'Court action expected' } });
    assert.equal(hold.status, 200, JSON.stringify(hold.body));
    assert.equal((await list(ref))[0].canRemove, false);
    for (const who of ['demo-handler', 'demo-director']) {
      const refused = await remove(ref, letter.id, who);
      assert.equal(refused.status, 409, who);
      assert.match(refused.body.detail, /on legal hold \(Court action expected\)/);
    }
    assert.ok(await t.documents.get('glenmore', ref, letter.id), 'still kept');
    const added = await upload(ref, 'new evidence.txt', Buffer.from('Photos sent by the tenant on 3 December.'));
    assert.equal(added.status, 201, 'adding is not blocked by a hold');
    await call(base, 'POST', `/api/cases/${ref}/actions`, { as: 'demo-complaints-manager', body: { type: 'release-legal-hold' } });
    assert.equal((await remove(ref, letter.id, 'demo-handler', 'Duplicate of the emailed copy')).status, 200);
    assert.deepEqual((await list(ref)).map((d) => d.name), ['new evidence.txt']);
  });
});
