import assert from 'node:assert/strict';
import { checkDocumentFile, cleanDocumentName, MAX_DOCUMENT_BYTES } from '../../core/document-files';
import { documentRecords, documentRemovalProblem } from '../../core/documents';
import type { CaseAction } from '../../core/workflow';
import { logged, people, refused, run } from './fixtures/workflow';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml')]);
const MSG = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
const EML = Buffer.from('From: Morag Reid <morag@example.org>\r\nSubject: Roof\r\n\r\nStill leaking.');

describe('documents: which files a case keeps', () => {
  it('keeps the allowed kinds, typed by their content, not by what the browser said', () => {
    const cases: [string, Buffer, string][] = [
      ['letter.pdf', PDF, 'application/pdf'],
      ['photo.PNG', PNG, 'image/png'],
      ['photo.jpeg', JPEG, 'image/jpeg'],
      ['IMG_0001.HEIC', HEIC, 'image/heic'],
      ['report.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['note.txt', Buffer.from('Phoned Mrs Reid — no answer.\nTried again.'), 'text/plain'],
      ['email.msg', MSG, 'application/vnd.ms-outlook'],
      ['email.eml', EML, 'message/rfc822'],
    ];
    for (const [name, bytes, type] of cases) {
      const checked = checkDocumentFile(name, bytes);
      assert.ok(checked.ok, `${name}: ${checked.ok ? '' : checked.message}`);
      assert.equal(checked.contentType, type, name);
    }
  });

  it('refuses a page, a script or a program named as an allowed kind, and says what it really is', () => {
    const page = checkDocumentFile('statement.pdf', Buffer.from('  <!DOCTYPE html><script>alert(1)</script>'));
    assert.ok(!page.ok && page.status === 415);
    assert.match(page.message, /named as a PDF, but its content is markup a browser could run/);
    const svg = checkDocumentFile('photo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
    assert.ok(!svg.ok && /markup/.test(svg.message));
    const exe = checkDocumentFile('invoice.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]));
    assert.ok(!exe.ok && /Windows program/.test(exe.message));
    const htmlText = checkDocumentFile('notes.txt', Buffer.from('<html><body>hi</body></html>'));
    assert.ok(!htmlText.ok, 'a page named .txt');
    const binaryText = checkDocumentFile('notes.txt', Buffer.from([0x41, 0, 0x42]));
    assert.ok(!binaryText.ok, 'NUL bytes are not text');
    const docxThatIsZip = checkDocumentFile('report.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('payload.exe')]));
    assert.ok(!docxThatIsZip.ok, 'a plain zip named .docx');
  });

  it('refuses kinds it does not keep, empty and oversized files, with what to do', () => {
    for (const name of ['page.html', 'image.svg', 'setup.exe', 'macro.docm', 'archive.zip', 'run.js']) {
      const checked = checkDocumentFile(name, Buffer.from('x'));
      assert.ok(!checked.ok && checked.status === 415, name);
      assert.match(checked.message, /cannot keep \.\w+ files; it keeps PDF, JPEG/);
    }
    const empty = checkDocumentFile('letter.pdf', Buffer.alloc(0));
    assert.ok(!empty.ok && /is empty/.test(empty.message));
    const big = checkDocumentFile('scan.pdf', Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES)]));
    assert.ok(!big.ok && big.status === 413 && /largest file a case keeps is 20 MB/.test(big.message));
  });

  it('cleans names: the last part of a path, no reserved characters or leading dots; refuses invisible and bidi characters', () => {
    assert.deepEqual(cleanDocumentName('C:\\fakepath\\letter.pdf'), { ok: true, name: 'letter.pdf', extension: 'pdf' });
    assert.deepEqual(cleanDocumentName('../../etc/passwd.txt'), { ok: true, name: 'passwd.txt', extension: 'txt' });
    assert.deepEqual(cleanDocumentName('..hidden "quote" <b>.pdf'), { ok: true, name: 'hidden _quote_ _b_.pdf', extension: 'pdf' });
    assert.deepEqual(cleanDocumentName('CON.txt'), { ok: true, name: '_CON.txt', extension: 'txt' });
    const bidi = cleanDocumentName('photo\u202Egpj.exe');
    assert.ok(!bidi.ok && /right-to-left override/.test(bidi.message));
    const control = cleanDocumentName('a\r\nSet-Cookie: x.pdf');
    assert.ok(!control.ok && /single line/.test(control.message));
    assert.ok(!cleanDocumentName('README').ok, 'no ending');
    assert.ok(!cleanDocumentName('.pdf').ok, 'no name before the ending');
    const long = cleanDocumentName(`${'x'.repeat(300)}.pdf`);
    assert.ok(long.ok && long.name.length === 200 && long.name.endsWith('.pdf'));
  });
});

describe('documents: the timeline records who added and removed each, and who may remove', () => {
  const doc = { id: 'a'.repeat(64), name: 'photo.jpg', size: 2048, contentType: 'image/jpeg' };
  const add: CaseAction = { type: 'add-document', document: doc };
  const remove = (reason = 'Uploaded to the wrong case'): CaseAction => ({ type: 'remove-document', document: doc, reason });

  it('records an upload as an event, and refuses the same file twice while it is kept', () => {
    const c = run(logged(), people.handler, add);
    const event = c.events.at(-1)!;
    assert.equal(event.type, 'document-added');
    assert.equal(event.summary, 'Document added: photo.jpg (2 KB).');
    assert.deepEqual(event.after, { document: doc });
    assert.deepEqual(documentRecords(c).get(doc.id), { addedBy: 'hana', addedAt: event.at, via: 'upload' });
    refused(c, people.handler, add, 'not-allowed-now', /already on CHP-2026-000001/);
    refused(logged(), people.cswo, add, 'forbidden', /You (may not|do not have access)/);
  });

  it('lets the uploader or a manager remove it with a reason, recorded; not another handler, not under legal hold', () => {
    const c = run(logged(), people.handler, add);
    refused(c, people.handler, remove(''), 'invalid-input', /why the document is being removed/);
    const seenByOther = { ...c, owner: 'harry' };
    refused(seenByOther, people.otherHandler, remove(), 'forbidden', /Only the person who added a document, or a manager/);
    assert.ok(documentRemovalProblem(c, doc.id, people.head) === null, 'a head of service');
    const removed = run(c, people.head, remove());
    const event = removed.events.at(-1)!;
    assert.equal(event.type, 'document-removed');
    assert.equal(event.by, 'helen');
    assert.match(event.summary, /Document removed: photo\.jpg\. Reason: Uploaded to the wrong case/);
    assert.deepEqual(documentRecords(removed).get(doc.id)?.removed, { by: 'helen', at: event.at, reason: 'Uploaded to the wrong case' });
    refused(removed, people.handler, remove(), 'not-allowed-now', /already removed/);
    const again = run(removed, people.handler, add);
    assert.equal(documentRecords(again).get(doc.id)?.removed, undefined, 'added again after removal');
    const own = run(c, people.handler, remove('Duplicate'));
    assert.equal(own.events.at(-1)!.by, 'hana', 'the uploader removes their own');

    const held = run(c, people.director, { type: 'set-legal-hold', reason: 'Litigation' });
    refused(held, people.director, remove(), 'not-allowed-now', /on legal hold \(Litigation\)/);
    assert.match(documentRemovalProblem(held, doc.id, people.handler)?.message ?? '', /legal hold/);
  });

  it('counts attachments copied from email as added by whoever copied them', () => {
    const c = logged({ source: { kind: 'email', messageId: 'm1', attachments: [{ name: 'scan.pdf', size: 10, fetched: false }] } });
    const copied = run(c, people.handler, { type: 'record-attachments-copied', messageId: 'm1', attachments: [{ name: 'scan.pdf', size: 10, sha256: 'b'.repeat(64) }] });
    assert.equal(documentRecords(copied).get('b'.repeat(64))?.via, 'email');
    assert.equal(documentRemovalProblem({ ...copied, owner: 'harry' }, 'b'.repeat(64), people.otherHandler)?.code, 'forbidden');
    assert.equal(documentRemovalProblem(copied, 'c'.repeat(64), people.handler)?.code, 'forbidden', 'a document with no record: managers only');
    assert.equal(documentRemovalProblem(copied, 'c'.repeat(64), people.director), null);
  });
});
