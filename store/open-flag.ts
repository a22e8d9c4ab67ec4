/**
 * Case documents written before the `open` flag existed (store/case-document.ts) get it once, when
 * the store opens: the caseload's open lists filter on `c.open = true` and would miss them. Each is
 * replaced as it is, plus the flag, guarded by its ETag: a case changed meanwhile was written with
 * the flag by that change, so a lost race needs nothing more. Figures (`reported`) are untouched.
 * Afterwards the query finds nothing (Azure answers it from the index on /open: a few RU a start).
 */
import type { Container } from '@azure/cosmos';
import { isOpenStatus, type CaseDocument } from './case-document';
import { isNotFound, isPreconditionFailed } from './errors';

const UNFLAGGED = "SELECT c.id, c.orgId FROM c WHERE c.type = 'case' AND NOT IS_DEFINED(c.open)";

/** How many case documents were given the flag. */
export async function flagOpenCases(cases: Container): Promise<number> {
  const { resources } = await cases.items.query<{ id: string; orgId: string }>({ query: UNFLAGGED }).fetchAll();
  let flagged = 0;
  for (const { id, orgId } of resources) {
    try {
      const { resource } = await cases.item(id, orgId).read<CaseDocument>();
      if (!resource || resource.open !== undefined) continue;
      await cases.item(id, orgId).replace({ ...resource, open: isOpenStatus(resource.status) }, { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } });
      flagged += 1;
    } catch (err) {
      if (!isNotFound(err) && !isPreconditionFailed(err)) throw err;
    }
  }
  return flagged;
}
