/**
 * The case file's sections for what is kept beside the case document (core/case-records.ts): notes
 * and contact records, letters to the customer (with their text, as sent), and the list of documents
 * (their facts only; the files themselves are downloaded from the case). Each is left out when the
 * file was produced without the records.
 */
import { DOCUMENT_VIA_WORDS, paragraphsOf, sizeInWords, VIA_WORDS } from '../core/case-records';
import { LETTER_KIND_LABELS } from '../core/correspondence';
import { formatDateTime } from '../core/labels';
import { NOTE_KIND_WORDS } from '../core/notes';
import type { Section } from '../core/reports/document';
import type { CaseFileInput, CaseFileSection } from './case-file';

const who = (input: CaseFileInput, userId: string, recordedName?: string): string => {
  const name = input.nameOf?.(userId) ?? recordedName;
  return name ? `${name} (${userId})` : userId;
};

export const notesSection: CaseFileSection = (input) => {
  const notes = input.records?.notes;
  if (!notes) return undefined;
  const at = new Map(notes.map((n) => [n.id, n.at]));
  const correctedBy = new Map(notes.filter((n) => n.corrects).map((n) => [n.corrects!, n.at]));
  return {
    id: 'notes',
    heading: 'Notes and contact records',
    blocks:
      notes.length === 0
        ? [{ kind: 'paragraph', text: 'No notes or contact records are kept for this case.' }]
        : [
            {
              kind: 'table',
              id: 'notes-table',
              caption: `Notes and records of contact on ${input.case.reference}, oldest first; a note is never changed, a correction is a new note`,
              rowHeader: 'Recorded',
              columns: [
                { label: 'Kind', unit: 'text' },
                { label: 'By', unit: 'text' },
                { label: 'With', unit: 'text' },
                { label: 'Contact took place', unit: 'text' },
                { label: 'Note', unit: 'text' },
                { label: 'Correction', unit: 'text' },
              ],
              rows: notes.map((n) => {
                const corrects = n.corrects ? `Corrects the note recorded ${at.has(n.corrects) ? formatDateTime(at.get(n.corrects)!) : n.corrects}` : '';
                const corrected = correctedBy.has(n.id) ? `Corrected by the note recorded ${formatDateTime(correctedBy.get(n.id)!)}` : '';
                return {
                  header: formatDateTime(n.at),
                  cells: [NOTE_KIND_WORDS[n.kind] ?? n.kind, who(input, n.by, n.byName), n.with ?? null, n.contactAt ? formatDateTime(n.contactAt) : null, n.text, [corrects, corrected].filter(Boolean).join('. ') || null],
                };
              }),
            },
          ],
  };
};

export const lettersSection: CaseFileSection = (input) => {
  const letters = input.records?.letters;
  if (!letters) return undefined;
  const subsections: Section[] = letters.map((l, i) => ({
    id: `letter-${i + 1}`,
    heading: `Letter ${i + 1}: ${l.subject}`,
    blocks: [
      {
        kind: 'paragraph',
        text: l.sent
          ? `${LETTER_KIND_LABELS[l.kind] ?? l.kind}. ${VIA_WORDS[l.sent.via] ?? l.sent.via}${l.sent.to ? ` to ${l.sent.to}` : ''} by ${who(input, l.sent.by)} on ${formatDateTime(l.sent.at)}. The text as sent:`
          : `${LETTER_KIND_LABELS[l.kind] ?? l.kind}. A draft, not sent, written by ${who(input, l.createdBy)} on ${formatDateTime(l.createdAt)}. The draft text:`,
      },
      ...paragraphsOf(l.text).map((text) => ({ kind: 'paragraph' as const, text })),
    ],
  }));
  return {
    id: 'letters',
    heading: 'Letters to the customer',
    blocks:
      letters.length === 0
        ? [{ kind: 'paragraph', text: 'No letters to the customer were written from this case.' }]
        : [
            {
              kind: 'table',
              id: 'letters-table',
              caption: `Letters written to the customer on ${input.case.reference}, each given in full below`,
              rowHeader: 'Letter',
              columns: [
                { label: 'Kind', unit: 'text' },
                { label: 'Status', unit: 'text' },
                { label: 'Written by', unit: 'text' },
                { label: 'Sent', unit: 'text' },
                { label: 'Sent by', unit: 'text' },
                { label: 'How', unit: 'text' },
                { label: 'To', unit: 'text' },
              ],
              rows: letters.map((l, i) => ({
                header: `${i + 1}. ${l.subject}`,
                cells: [
                  LETTER_KIND_LABELS[l.kind] ?? l.kind,
                  l.sent ? 'Sent' : 'Draft, not sent',
                  who(input, l.createdBy),
                  l.sent ? formatDateTime(l.sent.at) : null,
                  l.sent ? who(input, l.sent.by) : null,
                  l.sent ? (VIA_WORDS[l.sent.via] ?? l.sent.via) : null,
                  l.sent?.to ?? null,
                ],
              })),
            },
          ],
    subsections,
  };
};

export const documentsSection: CaseFileSection = (input) => {
  if (!input.records) return undefined;
  const docs = input.records.documents;
  return {
    id: 'documents',
    heading: 'Documents',
    blocks:
      docs === undefined
        ? [{ kind: 'notice', tone: 'warning', text: 'Document storage could not be reached when this file was produced, so the list of documents is missing; produce the file again later.' }]
        : docs.length === 0
          ? [{ kind: 'paragraph', text: 'No documents are kept with this case.' }]
          : [
              { kind: 'paragraph', text: 'The documents kept with the case (the files themselves are downloaded from the case).' },
              {
                kind: 'table',
                id: 'documents-table',
                caption: `Documents kept with ${input.case.reference}`,
                rowHeader: 'Name',
                columns: [
                  { label: 'Type', unit: 'text' },
                  { label: 'Size', unit: 'text' },
                  { label: 'Added by', unit: 'text' },
                  { label: 'Added', unit: 'text' },
                  { label: 'How', unit: 'text' },
                ],
                rows: docs.map((d) => ({
                  header: d.name,
                  cells: [d.contentType, sizeInWords(d.size), d.addedBy ? who(input, d.addedBy) : 'Not recorded', d.addedAt ? formatDateTime(d.addedAt) : null, d.via ? DOCUMENT_VIA_WORDS[d.via] : null],
                })),
              },
            ],
  };
};

export const CASE_RECORD_SECTIONS: CaseFileSection[] = [notesSection, lettersSection, documentsSection];
