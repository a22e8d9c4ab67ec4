/**
 * Retention sweep: deletes the organisation's closed cases whose disposal date has come, unless on
 * legal hold. The query narrows to cases with a disposal date on or before today (indexed); the rule
 * itself is core/retention isDueForDisposal, applied to each candidate, so the store never decides
 * on its own what may be destroyed.
 */
import { isDueForDisposal } from '../core/retention';
import type { IsoDate } from '../core/types';
import { toCase, type CaseDocument } from './case-document';
import type { Store } from './index';

export interface DisposedCase { reference: string; disposalOn: IsoDate; status: string }

export async function disposeDueCases(store: Store, orgId: string, today: IsoDate): Promise<DisposedCase[]> {
  const query = {
    query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'case' AND c.disposalOn <= @today",
    parameters: [
      { name: '@orgId', value: orgId },
      { name: '@today', value: today },
    ],
  };
  const candidates = await store.containers.cases.items.query<CaseDocument>(query, { partitionKey: orgId, maxItemCount: 200 }).fetchAll();
  const disposed: DisposedCase[] = [];
  for (const doc of candidates.resources) {
    const c = toCase(doc);
    if (!isDueForDisposal(c, today)) continue;
    // remove() checks the rule again on the copy it deletes, guarded by that copy's ETag, so a legal
    // hold set meanwhile keeps the record (skipped now, or a ConflictError) instead of destroying it.
    if (await store.cases.remove(orgId, c.reference, (current) => !isDueForDisposal(current, today))) {
      disposed.push({ reference: c.reference, disposalOn: c.disposalOn as IsoDate, status: c.status });
    }
  }
  return disposed;
}
