/**
 * What one case adds to the report aggregates: the indicator contributions (core/indicators) plus
 * its root cause, so "top root causes" also come from the monthly aggregates and never from loading
 * cases. The root cause counts as `rootCause.<category>` in the month of the case's latest closure
 * (stage 2, else stage 1), or the month received while the case is open — so a root cause belongs
 * to the quarter in which the complaint's outcome was reported.
 */
import type { WorkingCalendar } from '../calendar';
import { caseContributions, dimensionsOf, type Contribution } from '../indicators';
import type { Case } from '../types';
import { spsoContributions } from './spso';

export const ROOT_CAUSE_PREFIX = 'rootCause.';

export function rootCauseContributions(c: Case): Contribution[] {
  if (c.kind !== 'complaint' || c.status === 'not-a-complaint' || !c.rootCause?.category) return [];
  const on = c.stage2?.closedOn ?? c.stage1?.closedOn ?? c.receivedOn;
  const counter = `${ROOT_CAUSE_PREFIX}${c.rootCause.category}`;
  return dimensionsOf(c).map((dimension) => ({ month: on.slice(0, 7), on, dimension, counter, value: 1 }));
}

/**
 * Everything the report aggregates hold for one case: indicators, root cause and the SPSO journey
 * (core/reports/spso.ts). Pure and deterministic.
 */
export function reportContributions(c: Case, calendar: WorkingCalendar): Contribution[] {
  return [...caseContributions(c, calendar), ...rootCauseContributions(c), ...spsoContributions(c)];
}
