import assert from 'node:assert/strict';
import { accessIsLogged } from '../../core/access-log';
import { hasPermission } from '../../core/permissions';
import {
  buildSubjectAccessBundle,
  matchCase,
  normaliseName,
  normaliseSearch,
  phoneDigits,
  searchProblems,
  subjectRole,
  SUBJECT_ACCESS_SECTIONS,
  type BundleField,
  type SectionBuilder,
  type SubjectAccessBundle,
} from '../../core/subject-access';
import type { Actor, Case, Role } from '../../core/types';
import { logged, people, run } from './fixtures/workflow';

const as = (roles: Role[]): Actor => ({ userId: 'u', displayName: 'u', roles, services: [] });

describe('subject access: normalising what a person is searched by', () => {
  it('reads UK phone numbers by their national digits', () => {
    for (const written of ['07700 900123', '+44 7700 900123', '+44 (0)7700 900 123', '0044 7700-900123', '(07700) 900123']) assert.equal(phoneDigits(written), '07700900123', written);
    assert.equal(phoneDigits('0131 496 0000'), '01314960000');
    assert.notEqual(phoneDigits('+1 202 555 0100'), phoneDigits('0202 555 0100'), 'another country is not read as UK');
  });

  it('compares names without case, accents, punctuation or extra spaces', () => {
    assert.equal(normaliseName('  SEÁN   O’Neil '), 'sean o neil');
    assert.equal(normaliseName('g. munro'), normaliseName('G Munro'));
  });

  it('refuses a search with nothing usable in it, naming the field', () => {
    assert.deepEqual(searchProblems({}), [{ field: '(body)', message: 'give at least one of name, email or phone' }]);
    assert.deepEqual(searchProblems({ name: '  ' }), [{ field: '(body)', message: 'give at least one of name, email or phone' }]);
    assert.deepEqual(searchProblems({ phone: '123' }).map((p) => p.field), ['phone']);
    assert.deepEqual(searchProblems({ name: '…' }).map((p) => p.field), ['name']);
    assert.deepEqual(searchProblems({ email: 'a@b.org' }), []);
  });
});

describe('subject access: which cases are about the person', () => {
  const own = logged({ customer: { withheldDetails: false, anonymous: false, name: 'Morag Reid', email: 'Morag@Example.org ', phone: '07700 900123' } });
  const forMother = logged({ customer: { withheldDetails: false, anonymous: false, name: 'Jean Reid' }, representative: { name: 'morag  REID', contact: '+44 7700 900123', consentRecorded: true } });
  const mentioned = logged({ customer: { withheldDetails: false, anonymous: false, name: 'Alan Neighbour' }, nature: 'Noise from next door; Morag Reid (07700-900123) also complained.' });
  const namesake = logged({ customer: { withheldDetails: false, anonymous: false, name: 'Morag Reidford', email: 'other@example.org' }, nature: 'Moragreid is not her.' });

  it('finds the person as customer, representative or named in the complaint, by name, email or phone', () => {
    assert.deepEqual(matchCase(own, normaliseSearch({ email: 'morag@example.org' })), ['customer.email']);
    assert.deepEqual(matchCase(own, normaliseSearch({ name: 'MORAG reid', phone: '+447700900123' })), ['customer.name', 'customer.phone']);
    assert.deepEqual(matchCase(forMother, normaliseSearch({ name: 'Morag Reid', phone: '07700900123' })), ['representative.name', 'representative.contact']);
    assert.deepEqual(matchCase(mentioned, normaliseSearch({ phone: '0044 7700 900123' })), ['nature']);
    assert.deepEqual(matchCase(mentioned, normaliseSearch({ name: 'morag reid' })), ['nature']);
  });

  it('does not match part of another name or another email', () => {
    assert.deepEqual(matchCase(namesake, normaliseSearch({ name: 'Morag Reid', email: 'morag@example.org', phone: '07700 900123' })), []);
    assert.deepEqual(matchCase(own, normaliseSearch({ email: 'rag@example.org' })), []);
    const withContact = logged({ representative: { name: 'Advocate', contact: 'Alison@example.org, 0131 496 0000', consentRecorded: true }, nature: 'Copy to alison@example.org.' });
    assert.deepEqual(matchCase(withContact, normaliseSearch({ email: 'son@example.org' })), []);
    assert.deepEqual(matchCase(withContact, normaliseSearch({ email: 'alison@example.org' })), ['representative.contact', 'nature']);
    assert.deepEqual(matchCase(withContact, normaliseSearch({ phone: '496 0000' })), [], 'part of a number is not the number');
  });

  it('says whose case it is from where the person was found', () => {
    assert.equal(subjectRole(['customer.email', 'nature']), 'customer');
    assert.equal(subjectRole(['representative.name']), 'representative');
    assert.equal(subjectRole(['nature']), 'mentioned');
  });
});

describe('subject access: the bundle and its redaction marks', () => {
  const staff = [
    { userId: 'hana', displayName: 'Hana Handler' },
    { userId: 'ian', displayName: 'Ian Investigator' },
  ];
  const withRep: Case = run(
    logged({
      customer: { withheldDetails: false, anonymous: false, name: 'Morag Reid', email: 'morag@example.org' },
      representative: { name: 'Alison Reid', contact: 'alison@example.org', relationship: 'daughter', consentRecorded: true },
      nature: 'Alison Reid was told by Ian Investigator that the repair was booked.',
      source: { kind: 'email', messageId: 'm-1', internetMessageId: '<m-1@example.org>', receivedAt: '2026-11-23T09:30:00Z', attachments: [{ name: 'photo.jpg', size: 2048, fetched: true }] },
    }),
    people.head,
    { type: 'assign', owner: 'ian' },
  );
  const build = (matched: Parameters<typeof matchCase>[1], c: Case = withRep, sections?: readonly SectionBuilder[]): SubjectAccessBundle =>
    buildSubjectAccessBundle(
      {
        organisation: { id: 'org-1', name: 'Glenburn Council' },
        search: { email: 'morag@example.org' },
        cases: [{ case: c, matched: matchCase(c, matched) }],
        staff,
        generatedAt: '2026-12-01T10:00:00Z',
        generatedBy: { userId: 'colin', displayName: 'Colin Manager' },
      },
      sections,
    );
  const field = (bundle: SubjectAccessBundle, section: string, label: string, item = 0): BundleField | undefined =>
    bundle.sections.find((s) => s.id === section)?.items[item]?.fields.find((f) => f.label === label);

  it('marks staff, the representative and free text naming them; leaves the subject’s own data clear', () => {
    const bundle = build(normaliseSearch({ email: 'morag@example.org' }));
    assert.deepEqual(bundle.cases, [{ reference: withRep.reference, matchedOn: ['customer.email'], subjectRole: 'customer' }]);
    assert.equal(field(bundle, 'cases', 'Customer email')?.redact, false);
    assert.equal(field(bundle, 'cases', 'Customer name')?.redact, false);
    for (const label of ['Representative name', 'Representative contact', 'Representative relationship', 'Owner', 'Logged by', 'What the complaint is about']) {
      assert.equal(field(bundle, 'cases', label)?.redact, true, label);
      assert.ok(field(bundle, 'cases', label)?.reason, `${label} says why`);
    }
    assert.equal(field(bundle, 'cases', 'Owner')?.value, 'Ian Investigator (ian)');
    assert.equal(field(bundle, 'cases', 'Service')?.redact, false);
    assert.equal(bundle.markedForRedaction, bundle.sections.flatMap((s) => s.items.flatMap((i) => i.fields)).filter((f) => f.redact).length);
  });

  it('marks the customer’s data when the subject is the representative', () => {
    const bundle = build(normaliseSearch({ name: 'Alison Reid' }));
    assert.equal(bundle.cases[0].subjectRole, 'representative');
    assert.equal(field(bundle, 'cases', 'Customer name')?.redact, true);
    assert.equal(field(bundle, 'cases', 'Customer email')?.redact, true);
    assert.equal(field(bundle, 'cases', 'Representative name')?.redact, false);
  });

  it('has a timeline with the staff who acted marked, and the message and attachment metadata', () => {
    const bundle = build(normaliseSearch({ email: 'morag@example.org' }));
    const timeline = bundle.sections.find((s) => s.id === 'timeline');
    assert.equal(timeline?.items.length, withRep.events.length);
    const assigned = timeline?.items.find((i) => i.title.endsWith('assigned'));
    assert.equal(assigned?.fields.find((f) => f.label === 'By')?.redact, true);
    assert.equal(assigned?.fields.find((f) => f.label === 'What happened')?.redact, true, 'the summary names the new owner');
    assert.equal(field(bundle, 'correspondence', 'Message id')?.value, '<m-1@example.org>');
    assert.equal(field(bundle, 'documents', 'File name')?.value, 'photo.jpg');
  });

  it('takes its sections from a list of builders, so new records plug in', () => {
    const notes: SectionBuilder = (input) => ({ id: 'notes', title: 'Notes', description: 'Case notes.', items: input.cases.map(({ case: c }) => ({ title: c.reference, reference: c.reference, fields: [{ label: 'Note', value: 'Called back.', redact: false }] })) });
    const bundle = build(normaliseSearch({ email: 'morag@example.org' }), withRep, [...SUBJECT_ACCESS_SECTIONS, notes]);
    assert.deepEqual(bundle.sections.map((s) => s.id), ['cases', 'timeline', 'correspondence', 'documents', 'notes', 'letters', 'case-documents', 'notes']);
  });
});

describe('privacy permissions and the access log rule', () => {
  it('lets only the complaints manager answer subject access; the manager and the CSWO read access logs', () => {
    const roles: Role[] = ['complaint-handler', 'investigator', 'head-of-service', 'director', 'chief-executive', 'complaints-manager', 'training-officer', 'cswo', 'management-committee', 'administrator'];
    assert.deepEqual(roles.filter((r) => hasPermission(as([r]), 'privacy.subject-access')), ['complaints-manager']);
    assert.deepEqual(roles.filter((r) => hasPermission(as([r]), 'privacy.access-log.read')), ['complaints-manager', 'cswo']);
  });

  it('logs openings of social-work cases and of cases under legal hold only', () => {
    const c = logged();
    assert.equal(accessIsLogged(c), false);
    assert.equal(accessIsLogged({ ...c, socialWork: true }), true);
    assert.equal(accessIsLogged({ ...c, legalHold: { reason: 'Litigation', setBy: 'colin', setAt: '2026-12-01T10:00:00Z' } }), true);
  });
});
