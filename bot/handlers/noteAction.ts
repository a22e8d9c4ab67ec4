/**
 * "Add note" on the case card: the card's inputs become a core NewNote, recorded with store/notes
 * recordNote (the same checks as the API: whoever may see the case). The note id comes from the card
 * instance, the person and what they typed, so a Teams retry of the same press adds the note once.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_NOTE_LENGTH, NOTE_KINDS, NOTE_KIND_WORDS } from '../../core/notes';
import { safeLine, safeString } from '../../core/text-schema';
import type { Actor, Case } from '../../core/types';
import { recordNote } from '../../store/notes';
import type { Notice } from '../cards/caseCard';
import type { BotRuntime, OrgView } from '../runtime';

export const ADD_NOTE_VERB = 'addNote';

const NoteInputs = z.object({
  note_kind: z.enum(NOTE_KINDS, { message: 'Choose what kind of note it is.' }),
  note_text: safeString({}, { message: 'Write the note.' }).trim().min(1, 'Write the note.').max(MAX_NOTE_LENGTH, `A note is at most ${MAX_NOTE_LENGTH} characters; upload a longer text as a document.`),
  note_with: safeLine({ message: 'Say with whom in one line.' }).trim().max(200, 'With whom is at most 200 characters.').optional().transform((v) => (v ? v : undefined)),
});

const INPUT_LABELS: Record<string, string> = { note_text: 'The note', note_with: 'With whom' };
/** The text rule's messages (custom issues) do not name the input: name it here. */
const issueText = (issue: z.core.$ZodIssue): string =>
  issue.code === 'custom' ? `${INPUT_LABELS[String(issue.path[0])] ?? String(issue.path[0])} ${issue.message}.` : issue.message;

function noteId(reference: string, rev: unknown, userId: string, inputs: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify([reference, String(rev ?? ''), userId, inputs])).digest('hex');
  // A UUID-shaped id (like the API's), so notes from the bot and the tab look alike.
  return `note-${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}

/** The case to show again and what to say on it; undefined when the person cannot see the case. */
export async function addNoteFromCard(rt: BotRuntime, view: OrgView, actor: Actor, reference: string, rev: unknown, data: Record<string, unknown>): Promise<{ case: Case; notice: Notice } | undefined> {
  const c = await rt.store.cases.get(view.orgId, reference);
  if (!c) return undefined;
  const parsed = NoteInputs.safeParse(data);
  if (!parsed.success) return { case: c, notice: { kind: 'refused', text: [...new Set(parsed.error.issues.map(issueText))].join(' ') } };
  const { note_kind: kind, note_text: text, note_with: withWhom } = parsed.data;
  const input = { kind, text, ...(withWhom ? { with: withWhom } : {}) };
  const outcome = await recordNote(rt.store.notes, c, input, { id: noteId(reference, rev, actor.userId, input), now: rt.now().toISOString(), actor });
  if (!outcome.ok) return outcome.error.code === 'forbidden' ? undefined : { case: c, notice: { kind: 'refused', text: outcome.error.message } };
  return { case: c, notice: { kind: 'success', text: `${NOTE_KIND_WORDS[kind]} added to ${reference}; the case page in the Complaints tab shows the case's notes.` } };
}
