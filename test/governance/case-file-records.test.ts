/**
 * Notes, letters and the documents list in the whole case file (HTML and PDF) and in the subject
 * access bundle (JSON, HTML, PDF), over real HTTP on the embedded store with real document storage
 * (Azurite): what staff recorded is there in words, other people's data in the bundle is marked for
 * redaction review, and a file produced without document storage says its list is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../reports/chromium';
import type { SubjectAccessBundle } from '../../core/subject-access';
import type { Case } from '../../core/types';
import { shutdownCaseFileRenderer } from '../../server/routes/learning';
import { pdfText } from '../support/pdfText';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import { call, Harness, ROLE_USERS } from '../server/harness';

declare const window: { axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
declare const document: unknown;

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const MANAGER = ROLE_USERS['complaints-manager'];
const HANDLER = 'demo-handler';
const CUSTOMER = { withheldDetails: false, anonymous: false, name: 'Eilidh Strachan', email: 'eilidh.strachan@example.org' };
const FILE = Buffer.from('Photographs of the damp in the back bedroom, taken by the customer.\n');

interface LetterView { id: string; subject: string; text: string }
interface Note { id: string; at: string }

describe('governance: notes, letters and documents in the case file and the subject access bundle', function () {
  this.timeout(180_000);
  const h = new Harness();
  let t: TestDocuments;
  let base: string;
  let ref: string;
  let firstNote: Note;

  before(async () => {
    await h.start({ history: false });
    t = await startTestDocuments();
    base = await h.app({ documents: t.documents });
    const logged = await call<Case>(base, 'POST', '/api/cases', {
      as: HANDLER,
      body: { kind: 'complaint', channel: 'letter', customer: CUSTOMER, nature: 'Damp in the back bedroom has not been treated after two visits.', service: 'Housing Repairs' },
    });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    ref = logged.body.reference;

    const note = await call<Note>(base, 'POST', `/api/cases/${ref}/notes`, { as: HANDLER, body: { kind: 'phone-call', with: 'Councillor Ann Duff', text: 'Councillor Ann Duff asked for an update on behalf of the tenant; told her a surveyor visits on Friday.' } });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    firstNote = note.body;
    const correction = await call(base, 'POST', `/api/cases/${ref}/notes`, { as: HANDLER, body: { kind: 'file-note', text: 'The surveyor visits on Thursday, not Friday.', corrects: firstNote.id } });
    assert.equal(correction.status, 201, JSON.stringify(correction.body));

    const draft = await call<LetterView>(base, 'POST', `/api/cases/${ref}/letters`, { as: HANDLER, body: { kind: 'stage1-acknowledgement' } });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const edited = await call<LetterView>(base, 'PUT', `/api/cases/${ref}/letters/${draft.body.id}`, {
      as: HANDLER,
      body: { subject: 'Your complaint about damp', text: 'Dear Ms Strachan,\n\nThank you for telling us about the damp in your back bedroom.\n\nA surveyor will visit on Thursday.' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const sent = await call(base, 'POST', `/api/cases/${ref}/letters/${draft.body.id}/sent`, { as: HANDLER, body: { via: 'outlook-reply' } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const unsent = await call<LetterView>(base, 'POST', `/api/cases/${ref}/letters`, { as: HANDLER, body: { kind: 'extension' } });
    assert.equal(unsent.status, 201, JSON.stringify(unsent.body));
    const extension = await call(base, 'PUT', `/api/cases/${ref}/letters/${unsent.body.id}`, { as: HANDLER, body: { subject: 'More time needed', text: 'We need five more working days.' } });
    assert.equal(extension.status, 200, JSON.stringify(extension.body));

    const uploaded = await fetch(`${base}/api/cases/${ref}/documents`, {
      method: 'POST',
      headers: { 'X-Dev-User': HANDLER, 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent('Damp photographs.txt') },
      body: FILE,
    });
    assert.equal(uploaded.status, 201, await uploaded.text());
  });
  after(async () => {
    await shutdownCaseFileRenderer();
    await h.stop();
    await t?.close();
  });

  const squash = (s: string): string => s.replace(/\s+/g, ' ');

  it('puts the notes (with their correction), the letters (sent and draft, with their text) and the documents list in the HTML case file', async () => {
    const res = await call<string>(base, 'POST', `/api/case-files/${ref}?format=html`, { as: MANAGER });
    assert.equal(res.status, 200);
    const html = squash(res.body);
    for (const text of [
      '<h2 id="notes-heading">Notes and contact records</h2>',
      'Phone call',
      'Councillor Ann Duff asked for an update on behalf of the tenant',
      'The surveyor visits on Thursday, not Friday.',
      'Corrects the note recorded',
      'Corrected by the note recorded',
      '<h2 id="letters-heading">Letters to the customer</h2>',
      'Your complaint about damp',
      'Sent as a reply from Outlook',
      `to ${CUSTOMER.email}`,
      '<th scope="row">Last sent to customer › Via</th><td>Sent as a reply from Outlook</td>',
      '<p>Thank you for telling us about the damp in your back bedroom.</p>',
      'More time needed',
      'Draft, not sent',
      'We need five more working days.',
      '<h2 id="documents-heading">Documents</h2>',
      'Damp photographs.txt',
      'text/plain',
      `${FILE.length} bytes`,
      'Uploaded',
    ]) {
      assert.ok(html.includes(text), `the case file has "${text}"`);
    }
    assert.ok(!html.includes('taken by the customer'), 'the documents are listed, their contents are not in the file');
  });

  it('is an accessible document with the new sections (axe-core in Chromium; screenshot in test/artifacts)', async () => {
    const res = await call<string>(base, 'POST', `/api/case-files/${ref}?format=html`, { as: MANAGER });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.setContent(res.body);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
      assert.deepEqual(violations, [], 'no accessibility violations in the case file');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('#notes').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'case-file-records.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('has the same notes, letters and documents in the PDF case file', async () => {
    const res = await fetch(`${base}/api/case-files/${ref}?format=pdf`, { method: 'POST', headers: { 'X-Dev-User': MANAGER } });
    assert.equal(res.status, 200);
    const text = squash(await pdfText(Buffer.from(await res.arrayBuffer())));
    for (const expected of ['Notes and contact records', 'Councillor Ann Duff', 'The surveyor visits on Thursday', 'Letters to the customer', 'Your complaint about damp', 'Thank you for telling us about the damp', 'Draft, not sent', 'Documents', 'Damp photographs.txt']) {
      assert.ok(text.includes(expected), `the PDF has "${expected}"`);
    }
  });

  it('gives the subject access bundle the notes, letters and documents, marking staff and the third party contacted for redaction review', async () => {
    const res = await call<SubjectAccessBundle>(base, 'POST', '/api/privacy/subject-access/export', { as: MANAGER, body: { name: CUSTOMER.name, format: 'json', references: [ref] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const section = (id: string) => res.body.sections.find((s) => s.id === id)!;
    const notes = section('notes').items;
    assert.equal(notes.length, 2);
    const call1 = notes[0].fields;
    const field = (fields: typeof call1, label: string) => fields.find((f) => f.label === label);
    assert.deepEqual(field(call1, 'With'), { label: 'With', value: 'Councillor Ann Duff', redact: true, reason: 'the person staff were in contact with, if not the requester' });
    assert.equal(field(call1, 'Note')?.redact, true, 'the note names the councillor');
    assert.equal(field(call1, 'Recorded by')?.redact, true, 'staff are marked');
    assert.equal(field(notes[1].fields, 'Note')?.redact, false, 'a note naming nobody else is the requester’s to have');
    assert.equal(field(notes[1].fields, 'Corrects the note recorded')?.value, firstNote.at);

    const letters = section('letters').items;
    assert.deepEqual(letters.map((l) => field(l.fields, 'Status')?.value), ['Sent', 'Draft, not sent']);
    assert.equal(field(letters[0].fields, 'Sent to')?.value, CUSTOMER.email);
    assert.equal(field(letters[0].fields, 'Sent to')?.redact, false, 'the requester is the customer: their own address');
    assert.match(field(letters[0].fields, 'Text')?.value ?? '', /damp in your back bedroom/);

    const docs = section('case-documents').items;
    assert.deepEqual(docs.map((d) => field(d.fields, 'File name')?.value), ['Damp photographs.txt']);
    assert.equal(field(docs[0].fields, 'Added by')?.redact, true);
    assert.equal(field(docs[0].fields, 'Size')?.value, `${FILE.length} bytes`);

    const html = await call<string>(base, 'POST', '/api/privacy/subject-access/export', { as: MANAGER, body: { name: CUSTOMER.name, format: 'html', references: [ref] } });
    for (const text of ['Notes and contact records', 'Councillor Ann Duff', 'Letters', 'Your complaint about damp', 'Documents kept with the cases', 'Damp photographs.txt']) assert.ok(html.body.includes(text), `the HTML bundle has "${text}"`);
    const pdf = await fetch(`${base}/api/privacy/subject-access/export`, { method: 'POST', headers: { 'X-Dev-User': MANAGER, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: CUSTOMER.name, format: 'pdf', references: [ref] }) });
    assert.equal(pdf.status, 200);
    const text = squash(await pdfText(Buffer.from(await pdf.arrayBuffer())));
    for (const expected of ['Notes and contact records', 'The surveyor visits on Thursday', 'Your complaint about damp', 'Damp photographs.txt']) assert.ok(text.includes(expected), `the PDF bundle has "${expected}"`);
  });

  it('says the documents list is missing when the file is produced without document storage, rather than that there are none', async () => {
    const bare = await h.app();
    const res = await call<string>(bare, 'POST', `/api/case-files/${ref}?format=html`, { as: MANAGER });
    assert.equal(res.status, 200);
    assert.ok(squash(res.body).includes('Document storage could not be reached when this file was produced'));
    assert.ok(!res.body.includes('No documents are kept with this case.'));
    const bundle = await call<SubjectAccessBundle>(bare, 'POST', '/api/privacy/subject-access/export', { as: MANAGER, body: { name: CUSTOMER.name, format: 'json', references: [ref] } });
    assert.match(bundle.body.sections.find((s) => s.id === 'case-documents')!.description, /this list is incomplete/);
  });
});
