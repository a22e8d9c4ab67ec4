/**
 * Subject access requests (UK GDPR art. 15): which cases are about a person, and the bundle of what
 * the organisation holds about them, with other people's personal data marked for redaction review.
 * Pure: the store finds the candidate cases, the adapters render the bundle (JSON, HTML, PDF).
 *
 * Matching is deliberately forgiving (a person writes their name and number differently from one
 * contact to the next): emails compare trimmed and lower-cased, phone numbers by their digits (a UK
 * +44 or 0044 prefix read as the leading 0), names case-, accent-, punctuation- and space-insensitively.
 * A false match costs the complaints manager a look at the result list; a missed case breaks the law.
 */
import { DOCUMENT_VIA_WORDS, sizeInWords, VIA_WORDS, type CaseRecords } from './case-records';
import { LETTER_KIND_LABELS } from './correspondence/fields';
import { CHANNEL_LABELS, outcomeLabel, STATUS_LABELS } from './labels';
import { isContact, NOTE_KIND_WORDS } from './notes';
import type { Case, CaseEvent, SourceLink } from './types';

export interface SubjectSearch {
  name?: string;
  email?: string;
  phone?: string;
}

/** Where on a case the person was found, and so whose data the case's people fields are. */
export type MatchedField =
  | 'customer.name'
  | 'customer.email'
  | 'customer.phone'
  | 'representative.name'
  | 'representative.contact'
  | 'nature';

export const MATCHED_FIELD_WORDS: Record<MatchedField, string> = {
  'customer.name': 'customer’s name',
  'customer.email': 'customer’s email',
  'customer.phone': 'customer’s phone',
  'representative.name': 'representative’s name',
  'representative.contact': 'representative’s contact details',
  nature: 'mentioned in the complaint',
};

/** Fewer digits than this are too short to be a phone number: they would match dates and amounts. */
export const MIN_PHONE_DIGITS = 6;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The national digits of a phone number: `+44 (0)7700 900123`, `0044 7700 900123` and `07700-900123` agree. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const trimmed = phone.trim();
  let national = digits;
  if (digits.startsWith('0044')) national = digits.slice(4);
  else if (trimmed.startsWith('+44')) national = digits.slice(2);
  else return digits;
  return national.startsWith('0') ? national : `0${national}`;
}

/** Lower case, accents and punctuation dropped, single spaces: `  SEÁN  o’Neil ` → `sean o neil`. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The search in its compared form; empty parts are dropped. */
export interface NormalisedSearch {
  name?: string;
  email?: string;
  phone?: string;
}

export function normaliseSearch(search: SubjectSearch): NormalisedSearch {
  const name = search.name ? normaliseName(search.name) : '';
  const email = search.email ? normaliseEmail(search.email) : '';
  const phone = search.phone ? phoneDigits(search.phone) : '';
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone.length >= MIN_PHONE_DIGITS ? { phone } : {}) };
}

/** What is wrong with a search, in words, or undefined when it can be run. */
export function searchProblems(search: SubjectSearch): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (search.name !== undefined && search.name.trim() !== '' && normaliseName(search.name) === '') problems.push({ field: 'name', message: 'must contain letters or digits' });
  if (search.phone !== undefined && search.phone.trim() !== '' && phoneDigits(search.phone).length < MIN_PHONE_DIGITS) {
    problems.push({ field: 'phone', message: `must have at least ${MIN_PHONE_DIGITS} digits` });
  }
  const usable = normaliseSearch(search);
  if (problems.length === 0 && !usable.name && !usable.email && !usable.phone) problems.push({ field: '(body)', message: 'give at least one of name, email or phone' });
  return problems;
}

/** Phone-like runs of digits in free text (`0131 496 0000`, `+44 7700-900123`). */
function phonesIn(text: string): string[] {
  return [...text.matchAll(/\+?\d[\d\s().-]{4,}\d/g)].map((m) => phoneDigits(m[0])).filter((d) => d.length >= MIN_PHONE_DIGITS);
}

/** Email addresses in free text, compared whole (`son@example.org` is not in `alison@example.org`). */
function emailsIn(text: string): string[] {
  return [...text.matchAll(/[^\s<>()[\],;:"']+@[^\s<>()[\],;:"']+/g)].map((m) => normaliseEmail(m[0]).replace(/\.+$/, ''));
}

/** Whether `name` (normalised) appears as whole words in `text`. */
const mentionsName = (text: string, name: string): boolean => ` ${normaliseName(text)} `.includes(` ${name} `);

/** The parts of a case the store reads to decide whether it is about the person (a cheap projection). */
export type MatchableCase = Pick<Case, 'customer' | 'representative' | 'nature'>;

/** Where the person appears on the case; empty when the case is not about them. */
export function matchCase(c: MatchableCase, search: NormalisedSearch): MatchedField[] {
  const found: MatchedField[] = [];
  const { name, email, phone } = search;
  if (name && c.customer.name && normaliseName(c.customer.name) === name) found.push('customer.name');
  if (email && c.customer.email && normaliseEmail(c.customer.email) === email) found.push('customer.email');
  if (phone && c.customer.phone && phoneDigits(c.customer.phone) === phone) found.push('customer.phone');
  const rep = c.representative;
  if (rep) {
    if (name && normaliseName(rep.name) === name) found.push('representative.name');
    const contact = rep.contact ?? '';
    if ((email && emailsIn(contact).includes(email)) || (phone && phonesIn(contact).includes(phone))) found.push('representative.contact');
  }
  const nature = c.nature ?? '';
  if ((email && emailsIn(nature).includes(email)) || (phone && phonesIn(nature).includes(phone)) || (name && mentionsName(nature, name))) found.push('nature');
  return found;
}

/** The subject's place on a case: their own complaint, one they made for someone, or one that mentions them. */
export type SubjectRole = 'customer' | 'representative' | 'mentioned';

export function subjectRole(matched: readonly MatchedField[]): SubjectRole {
  if (matched.some((m) => m.startsWith('customer.'))) return 'customer';
  if (matched.some((m) => m.startsWith('representative.'))) return 'representative';
  return 'mentioned';
}

// ---------------------------------------------------------------------------------------------------
// The bundle

/** One recorded value. `redact: true` marks another person's data for the manager to review before release. */
export interface BundleField {
  label: string;
  value: string;
  redact: boolean;
  /** Why it is marked (whose data it is), when it is. */
  reason?: string;
}

export interface BundleItem {
  title: string;
  /** The case it comes from. */
  reference: string;
  fields: BundleField[];
}

export interface BundleSection {
  id: string;
  title: string;
  /** What the section holds, for the person reading the bundle. */
  description: string;
  items: BundleItem[];
}

export interface MatchedCase {
  case: Case;
  matched: MatchedField[];
}

/** A member of staff, known by user id and display name. */
export interface StaffMember {
  userId: string;
  displayName: string;
}

export interface BundleInput {
  organisation: { id: string; name: string };
  search: SubjectSearch;
  cases: MatchedCase[];
  /** The organisation's staff: their names and ids are not the subject's data. */
  staff: StaffMember[];
  generatedAt: string;
  generatedBy: StaffMember;
  /** Notes, letters and documents of each case by reference (store/case-records.ts); without them those sections are empty. */
  records?: ReadonlyMap<string, CaseRecords>;
}

export interface SubjectAccessBundle {
  organisation: { id: string; name: string };
  search: SubjectSearch;
  generatedAt: string;
  generatedBy: StaffMember;
  cases: { reference: string; matchedOn: MatchedField[]; subjectRole: SubjectRole }[];
  sections: BundleSection[];
  /** How many fields are marked for redaction review. */
  markedForRedaction: number;
}

/**
 * Builds one section of the bundle from the matched cases. New kinds of record (notes, documents,
 * correspondence kept by another module) are one more builder in SUBJECT_ACCESS_SECTIONS; what they
 * need beyond the cases is a new field of BundleInput filled by the adapter.
 */
export type SectionBuilder = (input: BundleInput, marker: RedactionMarker) => BundleSection;

export const REDACTION_REASONS = {
  staff: 'a member of staff',
  representative: 'the customer’s representative',
  customer: 'another person (the customer)',
  otherPeople: 'may name other people: review the text',
  contact: 'the person staff were in contact with, if not the requester',
} as const;

/**
 * Decides which values are other people's. Staff ids and names, and on each case the person on the
 * other side of the subject (their representative, or the customer they represent, or both when the
 * subject is only mentioned); free text is marked when it names any of them.
 */
export class RedactionMarker {
  private readonly staffNames: string[];
  private readonly staffById: Map<string, string>;

  constructor(staff: readonly StaffMember[]) {
    this.staffById = new Map(staff.map((s) => [s.userId, s.displayName]));
    this.staffNames = staff.map((s) => normaliseName(s.displayName)).filter((n) => n.length > 0);
  }

  /** A staff member's id as a field: always another person's data. */
  staff(label: string, userId: string | undefined): BundleField | undefined {
    if (!userId) return undefined;
    const name = this.staffById.get(userId);
    return { label, value: name ? `${name} (${userId})` : userId, redact: true, reason: REDACTION_REASONS.staff };
  }

  /** The names of the people on the case who are not the subject. */
  othersOn(c: Case, role: SubjectRole): string[] {
    const names: string[] = [];
    if (role !== 'representative' && c.representative?.name) names.push(c.representative.name);
    if (role !== 'customer' && c.customer.name) names.push(c.customer.name);
    return names.map(normaliseName).filter((n) => n.length > 0);
  }

  /** Free text: marked when it names a member of staff (by name or id) or another person on the case. */
  text(label: string, value: string | undefined, others: readonly string[]): BundleField | undefined {
    if (value === undefined || value === '') return undefined;
    const words = ` ${normaliseName(value)} `;
    const namesSomeone = [...this.staffNames, ...others].some((n) => words.includes(` ${n} `)) || [...this.staffById.keys()].some((id) => value.includes(id));
    return namesSomeone ? { label, value, redact: true, reason: REDACTION_REASONS.otherPeople } : { label, value, redact: false };
  }
}

const plain = (label: string, value: string | number | boolean | undefined): BundleField | undefined =>
  value === undefined || value === '' ? undefined : { label, value: typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value), redact: false };

const theirs = (label: string, value: string | undefined, mark: boolean, reason: string): BundleField | undefined =>
  value === undefined || value === '' ? undefined : mark ? { label, value, redact: true, reason } : { label, value, redact: false };

const present = (fields: (BundleField | undefined)[]): BundleField[] => fields.filter((f): f is BundleField => f !== undefined);

/** The case record: what was complained about, by whom, how it was handled and decided. */
export const caseRecordsSection: SectionBuilder = (input, marker) => ({
  id: 'cases',
  title: 'Case records',
  description: 'Each complaint, compliment or comment about you: what was recorded, how it was handled and what was decided.',
  items: input.cases.map(({ case: c, matched }) => {
    const role = subjectRole(matched);
    const others = marker.othersOn(c, role);
    const customerIsOther = role !== 'customer';
    const repIsOther = role !== 'representative';
    const rep = c.representative;
    const s1 = c.stage1;
    const s2 = c.stage2;
    const signOff = s2?.signOff;
    return {
      title: `Case ${c.reference}`,
      reference: c.reference,
      fields: present([
        plain('Reference', c.reference),
        plain('Kind', c.kind.charAt(0).toUpperCase() + c.kind.slice(1)),
        plain('Status', STATUS_LABELS[c.status] ?? c.status),
        plain('Received', c.receivedAt),
        plain('Channel', CHANNEL_LABELS[c.channel] ?? c.channel),
        plain('Service', c.service),
        plain('Social work complaint', c.socialWork),
        theirs('Customer name', c.customer.name, customerIsOther, REDACTION_REASONS.customer),
        theirs('Customer email', c.customer.email, customerIsOther, REDACTION_REASONS.customer),
        theirs('Customer phone', c.customer.phone, customerIsOther, REDACTION_REASONS.customer),
        theirs('Customer address', c.customer.address, customerIsOther, REDACTION_REASONS.customer),
        plain('Customer anonymous', c.customer.anonymous || undefined),
        theirs('Representative name', rep?.name, repIsOther, REDACTION_REASONS.representative),
        theirs('Representative contact', rep?.contact, repIsOther, REDACTION_REASONS.representative),
        theirs('Representative relationship', rep?.relationship, repIsOther, REDACTION_REASONS.representative),
        rep ? plain('Consent for the representative recorded', rep.consentRecorded) : undefined,
        marker.text('What the complaint is about', c.nature, others),
        plain('Contractor or arm’s-length organisation', c.contractor?.name),
        marker.staff('Owner', c.owner),
        marker.staff('Logged by', c.loggedBy),
        plain('Stage 1 due', s1?.clock.due),
        ...(s1?.extensions ?? []).map((x) => marker.text(`Stage 1 extension (${x.workingDays} working days)`, x.reason, others)),
        marker.text('Stage 1 action taken', s1?.actionTaken, others),
        plain('Stage 1 outcome', s1?.outcome && outcomeLabel(s1.outcome)),
        plain('Stage 1 closed', s1?.closedOn),
        plain('Stage 2 started', s2?.initiatedOn),
        marker.text('Why the customer escalated', s2?.escalationReason, others),
        plain('Stage 2 due', s2?.clock.due),
        ...(s2?.extensions ?? []).map((x) => marker.text(`Stage 2 extension (${x.workingDays} working days)`, x.reason, others)),
        marker.staff('Final position drafted by', signOff?.author),
        marker.text('Draft final position', signOff?.draftSummary, others),
        marker.staff('Final position decided by', signOff?.decidedBy),
        marker.text('Sign-off comments', signOff?.comments, others),
        marker.text('Stage 2 action taken', s2?.actionTaken, others),
        plain('Stage 2 outcome', s2?.outcome && outcomeLabel(s2.outcome)),
        plain('Stage 2 closed', s2?.closedOn),
        plain('Withdrawn', c.withdrawnOn),
        marker.text('Not a complaint because', c.notAComplaintReason, others),
        plain('Root cause', c.rootCause?.category),
        marker.text('Root cause details', c.rootCause?.text, others),
        marker.text('Remedial action', c.remedialAction, others),
        plain('Referred to the SPSO', c.spso?.referredOn),
        plain('SPSO decision', c.spso?.decision && outcomeLabel(c.spso.decision)),
        ...(c.spso?.recommendations ?? []).map((r, i) => marker.text(`SPSO recommendation ${i + 1}`, r.text, others)),
        marker.text('Legal hold', c.legalHold?.reason, others),
        plain('May be disposed of from', c.disposalOn),
      ]),
    };
  }),
});

const eventItem = (c: Case, e: CaseEvent, marker: RedactionMarker, others: string[]): BundleItem => ({
  title: `${c.reference}: ${e.type}`,
  reference: c.reference,
  fields: present([plain('When', e.at), marker.staff('By', e.by), marker.text('What happened', e.summary, others)]),
});

/** The audit trail of every case: each change, when and by whom. */
export const timelineSection: SectionBuilder = (input, marker) => ({
  id: 'timeline',
  title: 'Case history',
  description: 'Every recorded change to each case, oldest first.',
  items: input.cases.flatMap(({ case: c, matched }) => c.events.map((e) => eventItem(c, e, marker, marker.othersOn(c, subjectRole(matched))))),
});

const messageFields = (m: SourceLink): BundleField[] =>
  present([
    plain('Kind', m.kind === 'email' ? 'Email' : 'Teams chat message'),
    plain('Received', m.receivedAt),
    plain('Message id', m.internetMessageId ?? m.messageId),
    plain('Conversation', m.conversationId),
    plain('Link', m.webLink),
  ]);

/** The messages each case was logged from and those linked to it later (their metadata; the text is in the mailbox). */
export const correspondenceSection: SectionBuilder = (input) => ({
  id: 'correspondence',
  title: 'Correspondence',
  description: 'The emails and chat messages each case was logged from or linked to. The messages themselves are in the organisation’s mailboxes and chats.',
  items: input.cases.flatMap(({ case: c }) =>
    [...(c.source ? [{ m: c.source, title: 'Message the case was logged from' }] : []), ...(c.linkedMessages ?? []).map((m) => ({ m, title: 'Later message linked to the case' }))].map(({ m, title }) => ({
      title: `${c.reference}: ${title}`,
      reference: c.reference,
      fields: messageFields(m),
    })),
  ),
});

/** Attachments copied from those messages into the case file. */
export const documentsSection: SectionBuilder = (input) => ({
  id: 'documents',
  title: 'Documents',
  description: 'Files attached to the messages of each case.',
  items: input.cases.flatMap(({ case: c }) =>
    [c.source, ...(c.linkedMessages ?? [])].flatMap((m) =>
      (m?.attachments ?? []).map((a) => ({
        title: `${c.reference}: ${a.name}`,
        reference: c.reference,
        fields: present([plain('File name', a.name), plain('Size (bytes)', a.size), plain('Copied into the case file', a.fetched)]),
      })),
    ),
  ),
});

/**
 * Notes and contact records. Staff wrote them about the case, so they often hold other people's data:
 * the person contacted is marked unless they are the requester by name, and the text is marked when
 * it names staff, the other people on the case, or the person contacted.
 */
export const notesSection: SectionBuilder = (input, marker) => ({
  id: 'notes',
  title: 'Notes and contact records',
  description: 'Notes staff kept on each case, and their records of phone calls, meetings and visits. A note is never changed; a correction is a later note.',
  items: input.cases.flatMap(({ case: c, matched }) => {
    const notes = input.records?.get(c.reference)?.notes ?? [];
    const recordedAt = new Map(notes.map((n) => [n.id, n.at]));
    const others = marker.othersOn(c, subjectRole(matched));
    const requester = input.search.name ? normaliseName(input.search.name) : '';
    return notes.map((n) => {
      const contact = n.with && isContact(n.kind) ? n.with : undefined;
      const contactIsOther = contact !== undefined && normaliseName(contact) !== requester;
      const namesToCheck = contactIsOther && normaliseName(contact) ? [...others, normaliseName(contact)] : others;
      return {
        title: `${c.reference}: ${NOTE_KIND_WORDS[n.kind] ?? n.kind}, ${n.at}`,
        reference: c.reference,
        fields: present([
          plain('Recorded', n.at),
          plain('Kind', NOTE_KIND_WORDS[n.kind] ?? n.kind),
          marker.staff('Recorded by', n.by),
          theirs('With', contact, contactIsOther, REDACTION_REASONS.contact),
          plain('Contact took place', n.contactAt),
          marker.text('Note', n.text, namesToCheck),
          plain('Corrects the note recorded', n.corrects ? (recordedAt.get(n.corrects) ?? n.corrects) : undefined),
        ]),
      };
    });
  }),
});

/** Letters written to the customer, with their text: sent as they went, drafts as they stand. */
export const lettersSection: SectionBuilder = (input, marker) => ({
  id: 'letters',
  title: 'Letters',
  description: 'Letters and emails written to the customer from each case, with their text; drafts that were never sent are included.',
  items: input.cases.flatMap(({ case: c, matched }) => {
    const role = subjectRole(matched);
    const others = marker.othersOn(c, role);
    return (input.records?.get(c.reference)?.letters ?? []).map((l) => ({
      title: `${c.reference}: ${l.subject}`,
      reference: c.reference,
      fields: present([
        plain('Kind', LETTER_KIND_LABELS[l.kind] ?? l.kind),
        plain('Status', l.sent ? 'Sent' : 'Draft, not sent'),
        marker.text('Subject', l.subject, others),
        marker.staff('Written by', l.createdBy),
        plain('Written', l.createdAt),
        plain('Sent', l.sent?.at),
        marker.staff('Sent by', l.sent?.by),
        plain('How it was sent', l.sent && (VIA_WORDS[l.sent.via] ?? l.sent.via)),
        // Letters go to the customer: their address is the requester's own only when the requester is the customer.
        theirs('Sent to', l.sent?.to, role !== 'customer', REDACTION_REASONS.customer),
        marker.text('Text', l.text, others),
      ]),
    }));
  }),
});

/** The documents kept with each case: their facts (the files are released separately, after review). */
export const caseDocumentsSection: SectionBuilder = (input, marker) => ({
  id: 'case-documents',
  title: 'Documents kept with the cases',
  description:
    'Files uploaded to each case or copied from emails, listed by name. The files themselves are reviewed and released separately.' +
    (input.cases.some(({ case: c }) => input.records?.get(c.reference) && !input.records.get(c.reference)!.documents)
      ? ' Document storage could not be reached when this bundle was produced, so this list is incomplete: produce the bundle again later.'
      : ''),
  items: input.cases.flatMap(({ case: c }) =>
    (input.records?.get(c.reference)?.documents ?? []).map((d) => ({
      title: `${c.reference}: ${d.name}`,
      reference: c.reference,
      fields: present([
        plain('File name', d.name),
        plain('Type', d.contentType),
        plain('Size', sizeInWords(d.size)),
        plain('Added', d.addedAt),
        marker.staff('Added by', d.addedBy),
        plain('How', d.via && DOCUMENT_VIA_WORDS[d.via]),
      ]),
    })),
  ),
});

/** The bundle's sections, in order. Records kept by other modules plug in here. */
export const SUBJECT_ACCESS_SECTIONS: readonly SectionBuilder[] = [caseRecordsSection, timelineSection, correspondenceSection, documentsSection, notesSection, lettersSection, caseDocumentsSection];

export function buildSubjectAccessBundle(input: BundleInput, sections: readonly SectionBuilder[] = SUBJECT_ACCESS_SECTIONS): SubjectAccessBundle {
  const marker = new RedactionMarker(input.staff);
  const cases = [...input.cases].sort((a, b) => a.case.receivedAt.localeCompare(b.case.receivedAt));
  const built = sections.map((section) => section({ ...input, cases }, marker));
  const markedForRedaction = built.reduce((n, s) => n + s.items.reduce((m, item) => m + item.fields.filter((f) => f.redact).length, 0), 0);
  return {
    organisation: input.organisation,
    search: input.search,
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    cases: cases.map(({ case: c, matched }) => ({ reference: c.reference, matchedOn: matched, subjectRole: subjectRole(matched) })),
    sections: built,
    markedForRedaction,
  };
}
