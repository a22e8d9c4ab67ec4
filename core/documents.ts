/**
 * A case's documents as its timeline records them: who added each (an upload, or attachments copied
 * from an email) and when, and whether it was removed since. Documents are identified by the SHA-256 of
 * their content, as document storage keeps them. Who may remove one: the person who added it, or a
 * manager holding `case.document.remove`, never while the case is on legal hold.
 */
import { violation, type RuleViolation } from './errors';
import { canSeeCase, hasPermission } from './permissions';
import type { Actor, Case, CaseEvent, IsoDateTime } from './types';

/** What the timeline says about one document. */
export interface DocumentRecord {
  addedBy: string;
  addedAt: IsoDateTime;
  via: 'upload' | 'email';
  /** Set when the latest thing recorded about it is its removal. */
  removed?: { by: string; at: IsoDateTime; reason: string };
}

/** The facts about a document an event keeps (added to the event's `after`). */
export interface DocumentFacts {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

const idsIn = (event: CaseEvent): string[] => {
  const after = event.after ?? {};
  if (event.type === 'attachments-copied') return ((after.attachmentsCopied as { sha256?: string }[] | undefined) ?? []).map((a) => a.sha256 ?? '');
  if (event.type === 'document-added' || event.type === 'document-removed') return [(after.document as DocumentFacts | undefined)?.id ?? ''];
  return [];
};

/** Each document the timeline mentions, by id, as it now stands (later events win). */
export function documentRecords(c: Pick<Case, 'events'>): Map<string, DocumentRecord> {
  const records = new Map<string, DocumentRecord>();
  for (const event of c.events) {
    for (const id of idsIn(event)) {
      if (!id) continue;
      if (event.type === 'document-removed') {
        const earlier = records.get(id);
        if (earlier) records.set(id, { ...earlier, removed: { by: event.by, at: event.at, reason: String(event.after?.reason ?? '') } });
      } else {
        records.set(id, { addedBy: event.by, addedAt: event.at, via: event.type === 'document-added' ? 'upload' : 'email' });
      }
    }
  }
  return records;
}

/**
 * Why this person may not remove this document from this case now, or null when they may. A document
 * the timeline does not record as added (kept before documents were recorded) has no uploader, so
 * only a manager may remove it.
 */
export function documentRemovalProblem(c: Case, documentId: string, actor: Actor): RuleViolation | null {
  if (!canSeeCase(actor, c)) return violation('forbidden', `You do not have access to ${c.reference}.`);
  if (!hasPermission(actor, 'case.update')) return violation('forbidden', 'You may not remove documents from cases; ask the person who added it or a manager.');
  if (c.legalHold) return violation('not-allowed-now', `${c.reference} is on legal hold (${c.legalHold.reason}), so none of its documents can be removed until the hold is released.`);
  const record = documentRecords(c).get(documentId);
  if (record?.removed) return violation('not-allowed-now', `That document was already removed from ${c.reference}.`);
  if (record?.addedBy === actor.userId || hasPermission(actor, 'case.document.remove')) return null;
  return violation('forbidden', 'Only the person who added a document, or a manager (head of service or senior manager), may remove it; ask one of them.');
}
