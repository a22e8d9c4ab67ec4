/**
 * How a Case is stored: the case itself (events included — a case and its audit trail are one
 * document, so one ETag guards both) plus a few derived properties the queries filter and sort on.
 */
import type { IndicatorCounts } from '../core/indicators';
import { OPEN_STATUSES } from '../core/caseload';
import type { Case, IsoDate } from '../core/types';

/** Sorts after every real date, so cases without a running clock come last when sorting by due date. */
export const NO_DUE_DATE = '9999-12-31';

export interface CaseDocument extends Case {
  id: string;
  type: 'case';
  /** Due date of the clock now running (stage 1 or 2), or NO_DUE_DATE. */
  dueOn: IsoDate;
  /** Lower-case text the list's free-text filter searches. */
  search: string;
  /**
   * A stage clock is running (core/caseload OPEN_STATUSES). The caseload's lists of open cases say
   * `c.open = true`, so they read the open working set from the index, not the archive of closed
   * cases that grows every year (docs/performance.md, "Caseload cost flat in the archive").
   */
  open: boolean;
  /**
   * The report contribution (counts per month) this version of the case adds to the aggregates. A
   * write stores it with the case and records `new − old` as an aggregate delta in the same batch
   * (store/aggregates.ts), so the figures change exactly when, and only if, the case does.
   */
  reported?: Record<string, IndicatorCounts>;
  _etag?: string;
}

export interface SourceClaimDocument {
  id: string;
  orgId: string;
  type: 'source-claim';
  reference: string;
}

/** Claims the previous system's reference for one case (store/ids.ts legacyClaimId); listed by `type` for an import's plan. */
export interface LegacyClaimDocument {
  id: string;
  orgId: string;
  type: 'legacy-claim';
  reference: string;
  legacyReference: string;
}

export function runningDue(c: Case): IsoDate {
  switch (c.status) {
    case 'stage1':
      return c.stage1?.clock.due ?? NO_DUE_DATE;
    case 'stage2':
    case 'stage2-signoff':
    case 'stage2-signed-off':
      return c.stage2?.clock.due ?? NO_DUE_DATE;
    default:
      return NO_DUE_DATE;
  }
}

export function searchText(c: Case): string {
  return [c.reference, c.legacyReference, c.customer.name, c.customer.email, c.nature, c.service, c.contractor?.name]
    .filter((s): s is string => Boolean(s))
    .join(' ')
    .toLowerCase();
}

export const isOpenStatus = (status: Case['status']): boolean => OPEN_STATUSES.includes(status);

export function toDocument(c: Case): CaseDocument {
  return { ...c, id: c.reference, type: 'case', dueOn: runningDue(c), search: searchText(c), open: isOpenStatus(c.status) };
}

const STORAGE_ONLY = new Set(['id', 'type', 'dueOn', 'search', 'open', 'reported', '_etag', '_rid', '_self', '_ts', '_attachments', '_lsn']);

export function toCase(doc: CaseDocument): Case {
  const c: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!STORAGE_ONLY.has(key)) c[key] = value;
  return c as unknown as Case;
}
