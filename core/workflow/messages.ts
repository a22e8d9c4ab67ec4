/**
 * The messages of a case: the one it was logged from and replies linked to it later. Linking a reply and
 * recording which attachments were copied are actions (link-message, record-attachments-copied); these
 * are their input checks, shared with adapters that must check before doing I/O (copying attachments).
 */
import { violation, type RuleViolation } from '../errors';
import type { Case, SourceLink } from '../types';
import { checkText, firstProblem, invalid, isInstant } from './validate';

/** What copying an attachment produced: its name and size as copied, and the SHA-256 of its content. */
export interface CopiedAttachment {
  name: string;
  size: number;
  sha256: string;
}

export interface MessageIds {
  messageId: string;
  internetMessageId?: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
const MAX_ATTACHMENTS = 100;

const matches = (m: SourceLink, ids: MessageIds): boolean =>
  m.messageId === ids.messageId || (ids.internetMessageId !== undefined && m.internetMessageId === ids.internetMessageId);

/** The case's own message with these ids (the source, or a linked reply), if any. */
export function findCaseMessage(c: Pick<Case, 'source' | 'linkedMessages'>, ids: MessageIds): SourceLink | undefined {
  return [c.source, ...(c.linkedMessages ?? [])].find((m): m is SourceLink => m !== undefined && matches(m, ids));
}

export const isMessageOf = (c: Pick<Case, 'source' | 'linkedMessages'>, ids: MessageIds): boolean => findCaseMessage(c, ids) !== undefined;

/** Why a message may not be linked to this case (another conversation, or already one of its messages), or null. */
export function checkLinkableMessage(c: Case, link: SourceLink): RuleViolation | null {
  const shape = firstProblem(
    () => (link && typeof link === 'object' ? null : invalid('Give the message to link.')),
    () => (link.kind === 'email' || link.kind === 'chat' ? null : invalid(`A linked message is an email or a chat message, not "${String(link.kind)}".`)),
    () => checkText(link.messageId, 'the id of the message to link'),
    () => (link.receivedAt === undefined || isInstant(link.receivedAt) ? null : invalid(`Give the time the message was received as an ISO date-time with a time zone; "${String(link.receivedAt)}" is not one.`)),
    () => checkAttachmentNotes(link.attachments),
  );
  if (shape) return shape;
  const conversation = c.source?.conversationId;
  if (!conversation || link.conversationId !== conversation || link.kind !== c.source?.kind)
    return invalid(`This ${link.kind === 'chat' ? 'message' : 'email'} is not in the conversation ${c.reference} was logged from; log it as its own case instead.`);
  if (c.source && matches(c.source, link)) return violation('not-allowed-now', `This is the message ${c.reference} was logged from; it is already part of the case.`);
  if (isMessageOf({ linkedMessages: c.linkedMessages }, link)) return violation('not-allowed-now', `This message is already linked to ${c.reference}.`);
  return null;
}

/** Attachment notes on a message being linked: names and sizes only; they are marked copied by record-attachments-copied. */
function checkAttachmentNotes(notes: SourceLink['attachments']): RuleViolation | null {
  if (notes === undefined) return null;
  if (!Array.isArray(notes) || notes.length > MAX_ATTACHMENTS) return invalid(`List the message's attachments (at most ${MAX_ATTACHMENTS}).`);
  for (const [i, note] of notes.entries()) {
    const problem = firstProblem(
      () => checkText(note?.name, `the name of attachment ${i + 1}`),
      () => (Number.isInteger(note.size) && note.size >= 0 ? null : invalid(`The size of attachment ${i + 1} (${note.name}) must be a whole number of bytes.`)),
      () => (note.fetched === false ? null : invalid(`Attachment ${i + 1} (${note.name}) cannot be linked as already copied; copy it after linking the message.`)),
    );
    if (problem) return problem;
  }
  return null;
}

/** Why attachments of this message cannot be recorded as copied to this case (it is not one of its messages), or null. */
export function checkAttachmentSource(c: Case, messageId: string): RuleViolation | null {
  return isMessageOf(c, { messageId })
    ? null
    : invalid(`This email is not linked to ${c.reference}; copy attachments from the email the case was logged from or a reply linked to it.`);
}

export function checkCopiedAttachments(copied: CopiedAttachment[]): RuleViolation | null {
  if (!Array.isArray(copied) || copied.length === 0) return invalid('Say which attachments were copied; none were given.');
  if (copied.length > MAX_ATTACHMENTS) return invalid(`At most ${MAX_ATTACHMENTS} attachments can be recorded at once.`);
  for (const [i, a] of copied.entries()) {
    const problem = firstProblem(
      () => checkText(a?.name, `the name of copied attachment ${i + 1}`),
      () => (Number.isInteger(a.size) && a.size >= 0 ? null : invalid(`The size of copied attachment ${i + 1} (${a.name}) must be a whole number of bytes.`)),
      () => (typeof a.sha256 === 'string' && SHA256.test(a.sha256) ? null : invalid(`The SHA-256 of copied attachment ${i + 1} (${a.name}) must be 64 lower-case hex digits.`)),
    );
    if (problem) return problem;
  }
  return null;
}
