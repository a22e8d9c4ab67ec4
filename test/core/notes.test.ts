import assert from 'node:assert/strict';
import { checkCaseLink } from '../../core/case-links';
import { checkNewNote, makeNote, noteRefusal, timelineOf, type CaseNote } from '../../core/notes';
import { customerMatches, customerSearch } from '../../core/same-customer';
import { logged, people, refused, run } from './fixtures/workflow';

const NOW = '2026-12-01T10:00:00Z';

describe('core: case notes', () => {
  const c = logged();
  const note = (over: Partial<CaseNote> = {}): CaseNote => ({ ...makeNote(c, { kind: 'file-note', text: ' Checked. ' }, { id: 'note-1', now: NOW, actor: people.handler }), ...over });

  it('is added by whoever may see the case, oversight roles included; not by others', () => {
    assert.equal(noteRefusal(people.handler, c), null);
    assert.equal(noteRefusal(people.manager, c), null, 'the complaints manager reads every case, so may note it');
    assert.equal(noteRefusal(people.otherHandler, c)?.code, 'forbidden');
    assert.equal(noteRefusal(people.committee, c)?.code, 'forbidden');
    const social = logged({ socialWork: true, service: 'Roads' }, people.director);
    assert.equal(noteRefusal(people.cswo, social), null);
    assert.equal(noteRefusal(people.investigator, social)?.code, 'forbidden', 'an investigator outside the service');
  });

  it('keeps only a note’s fields, trimmed, and who recorded it', () => {
    assert.deepEqual(note(), { id: 'note-1', orgId: c.orgId, reference: c.reference, kind: 'file-note', at: NOW, by: 'hana', byName: people.handler.displayName, text: 'Checked.' });
    const fileNoteWithContact = makeNote(c, { kind: 'file-note', text: 'x', with: 'ignored' }, { id: 'n', now: NOW, actor: people.handler });
    assert.equal(fileNoteWithContact.with, undefined);
  });

  it('needs a person for a contact, no future contact time, and a note of this case to correct', () => {
    assert.match(checkNewNote(c, { kind: 'meeting', text: 'x' }, NOW, undefined)?.message ?? '', /Say with whom the meeting was/);
    assert.match(checkNewNote(c, { kind: 'visit', with: 'Her', text: 'x', contactAt: '2026-12-02T09:00:00Z' }, NOW, undefined)?.message ?? '', /cannot be in the future/);
    assert.match(checkNewNote(c, { kind: 'file-note', text: 'x', contactAt: NOW }, NOW, undefined)?.message ?? '', /A file note has no contact time/);
    assert.match(checkNewNote(c, { kind: 'file-note', text: 'x', corrects: 'note-9' }, NOW, undefined)?.message ?? '', /no note note-9 on CHP-2026-000001/);
    assert.ok(checkNewNote(c, { kind: 'file-note', text: 'x', corrects: 'note-1' }, NOW, note({ reference: 'CHP-2026-000002' })));
    assert.equal(checkNewNote(c, { kind: 'file-note', text: 'x', corrects: 'note-1' }, NOW, note()), null);
  });

  it('marks each note with the notes that correct it', () => {
    const timeline = timelineOf([note(), note({ id: 'note-2', corrects: 'note-1' })], [{ id: 'note-2', corrects: 'note-1' }]);
    assert.deepEqual(timeline.map((n) => n.correctedBy), [['note-2'], []]);
  });
});

describe('core: same customer and case links', () => {
  it('matches the customer by email, phone or name, never by a representative or the text', () => {
    const search = customerSearch(logged({ customer: { withheldDetails: false, anonymous: false, name: 'Seán Ó Briain', phone: '+44 7700 900123' } }))!;
    assert.deepEqual(customerMatches(logged({ customer: { withheldDetails: false, anonymous: false, name: 'sean o briain', phone: '07700900123' } }), search), ['name', 'phone']);
    const mentioned = logged({ nature: 'Seán Ó Briain complained for me; call 07700 900123', representative: { name: 'Seán Ó Briain', consentRecorded: true } });
    assert.deepEqual(customerMatches(mentioned, search), []);
    assert.equal(customerSearch(logged({ customer: { withheldDetails: true, anonymous: true } })), undefined, 'an anonymous customer matches no one');
  });

  it('links a case once, never to itself, recorded as an event', () => {
    const c = logged();
    const linked = run(c, people.handler, { type: 'link-case', reference: 'CHP-2026-000002', relation: 'repeat' }, NOW);
    assert.deepEqual(linked.linkedCases, [{ reference: 'CHP-2026-000002', relation: 'repeat', linkedBy: 'hana', linkedAt: NOW }]);
    assert.equal(linked.events.at(-1)!.type, 'case-linked');
    refused(linked, people.handler, { type: 'link-case', reference: 'CHP-2026-000002', relation: 'same-incident' }, 'not-allowed-now', /already linked to CHP-2026-000002/, NOW);
    refused(c, people.handler, { type: 'link-case', reference: 'CHP-2026-000001', relation: 'repeat' }, 'invalid-input', /cannot be linked to itself/, NOW);
    refused(c, people.handler, { type: 'link-case', reference: 'CHP-2026-000002', relation: 'cousin' as 'repeat' }, 'invalid-input', /how the cases are linked/, NOW);
    refused(c, people.manager, { type: 'link-case', reference: 'CHP-2026-000002', relation: 'repeat' }, 'forbidden', /may not link cases/, NOW);
  });

  it('refuses a link to another organisation’s case or one the person cannot see', () => {
    const from = logged();
    const theirs = { ...logged(), reference: 'CHP-2026-000002', orgId: 'another-council' };
    assert.match(checkCaseLink(people.handler, from, theirs, 'CHP-2026-000002')?.message ?? '', /no case CHP-2026-000002 in your organisation/);
    const hidden = { ...logged({}, people.otherHandler), reference: 'CHP-2026-000003' };
    assert.ok(checkCaseLink(people.handler, from, hidden, 'CHP-2026-000003'));
    assert.equal(checkCaseLink(people.handler, from, { ...logged(), reference: 'CHP-2026-000004' }, 'CHP-2026-000004'), null);
  });
});
