/**
 * Retention sweep: deletes the organisation's closed cases whose disposal date has come, unless on
 * legal hold. The query narrows to cases with a disposal date on or before today (indexed); the rule
 * itself is core/retention isDueForDisposal, applied to each candidate, so the store never decides
 * on its own what may be destroyed. A disposed case's figures (counts by month, no personal data)
 * are kept, so reports on past periods do not change when their records are destroyed.
 */
import { isDueForDisposal } from '../core/retention';
import type { IsoDate } from '../core/types';
import { toCase, type CaseDocument } from './case-document';
import type { Container } from '@azure/cosmos';
import { CorrespondenceStore } from './correspondence';
import type { DocumentStore } from './documents';
import { isNotFound } from './errors';
import type { Store } from './index';

export interface DisposedCase { reference: string; disposalOn: IsoDate; status: string }

/** The organisation's cases that may be disposed of on `today` (past their date, not on legal hold). */
export async function casesDueForDisposal(store: Store, orgId: string, today: IsoDate): Promise<DisposedCase[]> {
  const query = {
    query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'case' AND c.disposalOn <= @today",
    parameters: [
      { name: '@orgId', value: orgId },
      { name: '@today', value: today },
    ],
  };
  const candidates = await store.containers.cases.items.query<CaseDocument>(query, { partitionKey: orgId, maxItemCount: 200 }).fetchAll();
  return candidates.resources
    .map(toCase)
    .filter((c) => isDueForDisposal(c, today))
    .map((c) => ({ reference: c.reference, disposalOn: c.disposalOn as IsoDate, status: c.status }))
    .sort((a, b) => a.reference.localeCompare(b.reference));
}

/** Where a disposed case's documents are kept; absent where no document storage is configured (none can exist). */
export interface DisposalOptions {
  documents?: Pick<DocumentStore, 'list' | 'remove'>;
  /** Called after each case looked at, for a long sweep to show how far it is. */
  onProgress?: (done: number, of: number) => void;
}

export async function disposeDueCases(store: Store, orgId: string, today: IsoDate, options: DisposalOptions = {}): Promise<DisposedCase[]> {
  return disposeCases(store, orgId, today, await casesDueForDisposal(store, orgId, today), options);
}

/**
 * Disposes of exactly the cases listed (from casesDueForDisposal), each only if still due: a sweep
 * whose count a person confirmed never destroys a case that became due after they counted. The whole
 * record goes: the case, its notes, its letters, its documents and the log of who opened it.
 */
export async function disposeCases(store: Store, orgId: string, today: IsoDate, due: readonly DisposedCase[], options: DisposalOptions = {}): Promise<DisposedCase[]> {
  // A sweep interrupted after deleting a case but before its parts leaves a marker; finish those first.
  await finishInterruptedDisposals(store, orgId, options.documents);
  const disposed: DisposedCase[] = [];
  for (const [index, candidate] of due.entries()) {
    const marker = pendingDisposal(orgId, candidate.reference);
    await store.containers.cases.items.upsert(marker);
    // remove() checks the rule again on the copy it deletes, guarded by that copy's ETag, so a legal
    // hold set meanwhile keeps the record (skipped now, or a ConflictError) instead of destroying it.
    // The complaint still happened: its figures stay in the reports, only the record goes.
    let removed = false;
    try {
      removed = await store.cases.remove(orgId, candidate.reference, (current) => !isDueForDisposal(current, today), { keepFigures: true });
    } finally {
      // Parts are destroyed only once the case itself is gone; a kept case keeps everything.
      if (removed) await removeCaseParts(store, orgId, candidate.reference, options.documents);
      await deleteIfPresent(store.containers.cases, marker.id, orgId);
    }
    if (removed) disposed.push(candidate);
    options.onProgress?.(index + 1, due.length);
  }
  return disposed;
}

const PENDING_TYPE = 'disposal-pending';
interface PendingDisposal { id: string; orgId: string; type: typeof PENDING_TYPE; reference: string }
const pendingDisposal = (orgId: string, reference: string): PendingDisposal => ({ id: `disposal-pending:${reference}`, orgId, type: PENDING_TYPE, reference });

/** Markers left by a sweep that stopped part-way: parts of a case already gone are removed now. */
async function finishInterruptedDisposals(store: Store, orgId: string, documents: DisposalOptions['documents']): Promise<void> {
  const spec = { query: 'SELECT c.id, c.reference FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: PENDING_TYPE }] };
  const { resources } = await store.containers.cases.items.query<PendingDisposal>(spec, { partitionKey: orgId }).fetchAll();
  for (const marker of resources) {
    if (!(await store.cases.get(orgId, marker.reference))) await removeCaseParts(store, orgId, marker.reference, documents);
    await deleteIfPresent(store.containers.cases, marker.id, orgId);
  }
}

/** Everything kept about a case beside the case document itself. Each step may be repeated safely. */
async function removeCaseParts(store: Store, orgId: string, reference: string, documents: DisposalOptions['documents']): Promise<void> {
  await store.notes.removeCase(orgId, reference);
  await new CorrespondenceStore(store.containers.cases).removeCase(orgId, reference);
  if (documents) for (const document of await documents.list(orgId, reference)) await documents.remove(orgId, reference, document.id);
  await store.audit.removeCaseAccess(orgId, reference);
}

async function deleteIfPresent(container: Container, id: string, orgId: string): Promise<void> {
  try {
    await container.item(id, orgId).delete();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
