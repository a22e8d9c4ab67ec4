/**
 * What is kept about a case beside the case document: its notes and contact records, the letters
 * written to the customer, and the list of documents kept with it. The case file (reports/case-file.ts)
 * and the subject access bundle (core/subject-access.ts) both print them; the store gathers them
 * (store/case-records.ts). Pure types and words, no I/O.
 */
import type { LetterKind } from './correspondence/fields';
import type { CaseNote } from './notes';
import type { IsoDateTime } from './types';
import type { CorrespondenceVia } from './workflow/types';

/** A letter as the case file shows it (store/correspondence.ts keeps more). */
export interface LetterRecord {
  id: string;
  kind: LetterKind;
  subject: string;
  text: string;
  createdBy: string;
  createdAt: IsoDateTime;
  sent?: { at: IsoDateTime; by: string; via: CorrespondenceVia; to?: string };
}

/** A document kept with the case: its facts, never its content. */
export interface DocumentListing {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Who added it and when (absent for documents kept before this was recorded). */
  addedBy?: string;
  addedAt?: IsoDateTime;
  via?: 'upload' | 'email';
}

export interface CaseRecords {
  /** Every note of the case, oldest first. */
  notes: CaseNote[];
  letters: LetterRecord[];
  /** Undefined when this process runs without document storage: the list could not be read. */
  documents?: DocumentListing[];
}

export const VIA_WORDS: Record<CorrespondenceVia, string> = {
  email: 'Emailed',
  'email-reply': 'Emailed as a reply',
  'outlook-reply': 'Sent as a reply from Outlook',
  letter: 'Printed as a letter',
  'large-print-letter': 'Printed as a large-print letter',
};

export const DOCUMENT_VIA_WORDS: Record<NonNullable<DocumentListing['via']>, string> = {
  upload: 'Uploaded',
  email: 'Copied from an email',
};

/** `2048` → `2 KB`: sizes as people read them. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** A letter's text as paragraphs (blank lines part them; single line breaks stay in the paragraph). */
export const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
