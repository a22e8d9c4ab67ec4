/**
 * Case notes: file notes and records of contact (a phone call, a meeting, a visit). Append-only: a
 * note is never edited or deleted; a mistake is put right by a new note that says which note it
 * corrects, and the corrected note is then shown as corrected. Pure: the store keeps the notes
 * (store/notes.ts), the adapters show them.
 *
 * Who may add a note: whoever may see the case (core/permissions canSeeCase). A note records what
 * happened or was said; it changes nothing on the case, so the oversight roles who only read cases
 * (complaints manager, Chief Social Work Officer) may record their own contact and file notes too.
 * Who may read a case's notes: exactly whoever may see the case — notes inherit its visibility.
 */
import { violation, type RuleViolation } from './errors';
import { canSeeCase } from './permissions';
import type { Actor, Case, IsoDateTime } from './types';

export const NOTE_KINDS = ['file-note', 'phone-call', 'meeting', 'visit'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const NOTE_KIND_WORDS: Record<NoteKind, string> = {
  'file-note': 'File note',
  'phone-call': 'Phone call',
  meeting: 'Meeting',
  visit: 'Visit',
};

/** A contact record says with whom; a file note need not. */
export const isContact = (kind: NoteKind): boolean => kind !== 'file-note';

/** Longest note text: a long phone call written up in full, not a pasted document (upload those). */
export const MAX_NOTE_LENGTH = 10_000;

export interface CaseNote {
  id: string;
  orgId: string;
  /** The case the note is on. */
  reference: string;
  kind: NoteKind;
  /** When the note was recorded (server time). */
  at: IsoDateTime;
  /** Who recorded it (user id) and their name then. */
  by: string;
  byName: string;
  /** Contact records: with whom (the customer, their MSP, a social worker…). */
  with?: string;
  /** Contact records: when the call, meeting or visit took place (may be before `at`). */
  contactAt?: IsoDateTime;
  text: string;
  /** The id of the note this one corrects (same case). */
  corrects?: string;
}

/** What a person gives when adding a note. */
export interface NewNote {
  kind: NoteKind;
  text: string;
  with?: string;
  contactAt?: IsoDateTime;
  corrects?: string;
}

/** A note as the timeline shows it: with the ids of the notes that correct it. */
export interface TimelineNote extends CaseNote {
  correctedBy: string[];
}

/** Why this person may not add a note to this case, or null when they may. */
export function noteRefusal(actor: Actor, c: Case): RuleViolation | null {
  return canSeeCase(actor, c) ? null : violation('forbidden', `You do not have access to ${c.reference}.`);
}

/**
 * Checks a new note against the case and, for a correction, the note it corrects (undefined when no
 * such note is on this case). The text rule and lengths are the adapters' schemas' job.
 */
export function checkNewNote(c: Case, input: NewNote, now: IsoDateTime, corrected: CaseNote | undefined): RuleViolation | null {
  if (isContact(input.kind) && !input.with?.trim()) return violation('invalid-input', `Say with whom the ${NOTE_KIND_WORDS[input.kind].toLowerCase()} was.`);
  if (input.contactAt !== undefined) {
    if (!isContact(input.kind)) return violation('invalid-input', 'A file note has no contact time; choose phone call, meeting or visit, or leave the time out.');
    if (Date.parse(input.contactAt) > Date.parse(now)) return violation('invalid-input', `The ${NOTE_KIND_WORDS[input.kind].toLowerCase()} cannot be in the future (${input.contactAt}).`);
  }
  if (input.corrects !== undefined) {
    if (!corrected || corrected.reference !== c.reference || corrected.orgId !== c.orgId)
      return violation('invalid-input', `There is no note ${input.corrects} on ${c.reference} to correct; correct a note shown on this case's timeline.`);
  }
  return null;
}

/** Builds the note to store (trimmed, only the fields a note has). */
export function makeNote(c: Case, input: NewNote, ctx: { id: string; now: IsoDateTime; actor: Actor }): CaseNote {
  const contact = isContact(input.kind);
  return {
    id: ctx.id,
    orgId: c.orgId,
    reference: c.reference,
    kind: input.kind,
    at: ctx.now,
    by: ctx.actor.userId,
    byName: ctx.actor.displayName,
    ...(contact && input.with ? { with: input.with.trim() } : {}),
    ...(contact && input.contactAt ? { contactAt: input.contactAt } : {}),
    text: input.text.trim(),
    ...(input.corrects ? { corrects: input.corrects } : {}),
  };
}

/** Whether a stored note and a retried request are the same note (a retry is answered, not refused). */
export function sameNote(stored: CaseNote, input: NewNote, actor: Actor, reference: string): boolean {
  return (
    stored.reference === reference &&
    stored.by === actor.userId &&
    stored.kind === input.kind &&
    stored.text === input.text.trim() &&
    (stored.corrects ?? '') === (input.corrects ?? '')
  );
}

/** Marks each note of a page with the notes that correct it (`corrections`: any notes of the case). */
export function timelineOf(notes: readonly CaseNote[], corrections: readonly Pick<CaseNote, 'id' | 'corrects'>[]): TimelineNote[] {
  const by = new Map<string, string[]>();
  for (const c of corrections) if (c.corrects) by.set(c.corrects, [...(by.get(c.corrects) ?? []), c.id]);
  return notes.map((n) => ({ ...n, correctedBy: by.get(n.id) ?? [] }));
}
