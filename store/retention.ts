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

/** `onProgress(done, of)` is called after each case looked at, for a long sweep to show how far it is. */
export async function disposeDueCases(store: Store, orgId: string, today: IsoDate, onProgress?: (done: number, of: number) => void): Promise<DisposedCase[]> {
  return disposeCases(store, orgId, today, await casesDueForDisposal(store, orgId, today), onProgress);
}

/**
 * Disposes of exactly the cases listed (from casesDueForDisposal), each only if still due: a sweep
 * whose count a person confirmed never destroys a case that became due after they counted.
 */
export async function disposeCases(store: Store, orgId: string, today: IsoDate, due: readonly DisposedCase[], onProgress?: (done: number, of: number) => void): Promise<DisposedCase[]> {
  const disposed: DisposedCase[] = [];
  for (const [index, candidate] of due.entries()) {
    // remove() checks the rule again on the copy it deletes, guarded by that copy's ETag, so a legal
    // hold set meanwhile keeps the record (skipped now, or a ConflictError) instead of destroying it.
    // The complaint still happened: its figures stay in the reports, only the record goes.
    if (await store.cases.remove(orgId, candidate.reference, (current) => !isDueForDisposal(current, today), { keepFigures: true })) {
      // The case's notes are part of its record and go with it.
      await store.notes.removeCase(orgId, candidate.reference);
      disposed.push(candidate);
    }
    onProgress?.(index + 1, due.length);
  }
  return disposed;
}
