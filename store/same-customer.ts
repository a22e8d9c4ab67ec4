/**
 * The same customer's other cases, within what the viewer may see. Cost: a scan of the cases in the
 * viewer's scope, projected to the few fields matching and the list need (customer details are not
 * indexed; see store/subject-access.ts for why). Asked for only when a person opens the case page's
 * "same customer" section, not on every case read.
 */
import type { CaseScope } from '../core/permissions';
import { customerMatches, customerSearch, type SameCustomerCase } from '../core/same-customer';
import type { Case } from '../core/types';
import { listQuery } from './cases';
import type { Store } from './index';

const SCAN_PAGE = 500;
const FIELDS = 'c.reference, c.kind, c.status, c.service, c.receivedOn, c.customer';

/** Newest first, at most `limit` of them (and whether there were more). */
export async function findSameCustomer(store: Store, c: Case, scope: CaseScope, limit: number): Promise<{ items: SameCustomerCase[]; more: boolean }> {
  const search = customerSearch(c);
  const spec = search && listQuery(c.orgId, { scope, sort: 'received', limit: SCAN_PAGE }, FIELDS);
  if (!search || !spec) return { items: [], more: false };
  const items: SameCustomerCase[] = [];
  const pages = store.containers.cases.items.query<Pick<Case, 'reference' | 'kind' | 'status' | 'service' | 'receivedOn' | 'customer'>>(spec, { partitionKey: c.orgId, maxItemCount: SCAN_PAGE });
  while (pages.hasMoreResults()) {
    const { resources } = await pages.fetchNext();
    for (const other of resources) {
      if (other.reference === c.reference) continue;
      const matched = customerMatches(other, search);
      if (matched.length === 0) continue;
      if (items.length === limit) return { items, more: true };
      const { reference, kind, status, service, receivedOn } = other;
      items.push({ reference, kind, status, service, receivedOn, matched });
    }
  }
  return { items, more: false };
}
