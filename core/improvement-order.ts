/**
 * The working order and filters of the improvement actions list: overdue first, then the open ones by
 * target date, then the finished ones (latest first). Pure and dependency-free (type imports only), so
 * the tab uses the same rule as the API without pulling the rest of core into its bundle.
 */
import type { ImprovementAction, ImprovementStatus } from './learning';
import type { IsoDate } from './types';

type Listed = Pick<ImprovementAction, 'id' | 'status' | 'targetDate' | 'service' | 'owner'> & { completedOn?: IsoDate };

const OPEN: readonly ImprovementStatus[] = ['proposed', 'authorised', 'in-progress'];

/** Still has work to do. */
export const isOpenImprovement = (status: ImprovementStatus | string): boolean => (OPEN as readonly string[]).includes(status);

/** Overdue: still open after its target date (the target date itself is not late). */
export const isOverdueOn = (action: Pick<Listed, 'status' | 'targetDate'>, today: IsoDate): boolean => isOpenImprovement(action.status) && action.targetDate < today;

/** Overdue (most overdue first), then open by target date, then completed or cancelled, latest first. */
export function orderForWork<T extends Listed>(actions: readonly T[], today: IsoDate): T[] {
  const rank = (a: T): number => (isOverdueOn(a, today) ? 0 : isOpenImprovement(a.status) ? 1 : 2);
  return [...actions].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    if (rank(a) === 2) return (b.completedOn ?? b.targetDate).localeCompare(a.completedOn ?? a.targetDate) || a.id.localeCompare(b.id);
    return a.targetDate.localeCompare(b.targetDate) || a.id.localeCompare(b.id);
  });
}

export interface ImprovementFilter {
  /** Any of these statuses; the word "open" stands for every open status. */
  status?: readonly (ImprovementStatus | 'open')[];
  service?: string;
  /** Owner id (an officer's user id or a team's id). */
  owner?: string;
  overdue?: boolean;
}

/** Whether one action passes the filter (every given part must match). */
export function matchesFilter(action: Listed, filter: ImprovementFilter, today: IsoDate): boolean {
  if (filter.status && filter.status.length > 0) {
    const wanted = filter.status.some((s) => (s === 'open' ? isOpenImprovement(action.status) : s === action.status));
    if (!wanted) return false;
  }
  if (filter.service && action.service !== filter.service) return false;
  if (filter.owner && action.owner.id !== filter.owner) return false;
  if (filter.overdue !== undefined && isOverdueOn(action, today) !== filter.overdue) return false;
  return true;
}
