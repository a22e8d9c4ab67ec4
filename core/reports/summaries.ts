/**
 * The pieces the reports share, all pure and built from monthly counts (store aggregates or a
 * recount) and improvement actions: period counts, trend figures, top root causes, improvement
 * action summaries and services with few or no complaints.
 */
import { addCounts, ALL_DIMENSION, indicatorsFromCounts, type DimensionIndicators, type IndicatorCounts, type Indicators, type NarrativeIndicators } from '../indicators';
import { countsUnderCurrentNames } from '../services';
import { OPEN_IMPROVEMENT_STATUSES, type ImprovementAction } from '../learning';
import type { IsoDate, OrgSettings } from '../types';
import { ROOT_CAUSE_PREFIX } from './contributions';
import { periodDateRange, periodMonths, type ReportPeriod } from './periods';

/** Counts per `YYYY-MM`; months without a document are simply absent. */
export type MonthlyCounts = Readonly<Record<string, IndicatorCounts>>;

export function countsForMonths(monthly: MonthlyCounts, period: Pick<ReportPeriod, 'fromMonth' | 'toMonth'>): IndicatorCounts {
  return periodMonths(period).reduce<IndicatorCounts>((sum, month) => (monthly[month] ? addCounts(sum, monthly[month]) : sum), {});
}

export function indicatorsForPeriod(monthly: MonthlyCounts, period: ReportPeriod, org: OrgSettings, narrative?: NarrativeIndicators): Indicators {
  // A renamed service's cases carry its former name; they are reported under the name it has now.
  return indicatorsFromCounts(countsUnderCurrentNames(countsForMonths(monthly, period), org), org.population, narrative);
}

/** The headline figures compared across periods. */
export interface TrendPoint {
  period: ReportPeriod;
  received: number;
  closed: number;
  stage1WithinTimescalePercent: number | null;
  stage2WithinTimescalePercent: number | null;
  stage1AverageWorkingDays: number | null;
  stage2AverageWorkingDays: number | null;
  /** Upheld or partially upheld, as a percent of all closures in the period. */
  upheldPercent: number | null;
}

const sumPercent = (parts: number[], whole: number): number | null => (whole === 0 ? null : Math.round((1000 * parts.reduce((a, b) => a + b, 0)) / whole) / 10);

/** Stage 2 figures combine direct and escalated closures (weighted by closures). */
export function trendPoint(period: ReportPeriod, d: DimensionIndicators): TrendPoint {
  const s2 = [d.kpi5Closed.stage2Direct.number, d.kpi5Closed.escalated.number];
  const s2Closed = s2[0] + s2[1];
  const s2Days = [d.kpi7AverageWorkingDays.stage2Direct, d.kpi7AverageWorkingDays.escalated].map((avg, i) => (avg ?? 0) * s2[i]);
  const upheld = (['stage1', 'stage2Direct', 'escalated'] as const).flatMap((k) => [d.kpi6Outcomes[k].upheld.number, d.kpi6Outcomes[k].partiallyUpheld.number]);
  return {
    period,
    received: d.kpi4Received.total,
    closed: d.kpi5Closed.total,
    stage1WithinTimescalePercent: d.kpi8WithinTimescale.stage1.percent,
    stage2WithinTimescalePercent: sumPercent([d.kpi8WithinTimescale.stage2Direct.number, d.kpi8WithinTimescale.escalated.number], s2Closed),
    stage1AverageWorkingDays: d.kpi7AverageWorkingDays.stage1,
    stage2AverageWorkingDays: s2Closed === 0 ? null : Math.round((10 * (s2Days[0] + s2Days[1])) / s2Closed) / 10,
    upheldPercent: sumPercent(upheld, d.kpi5Closed.total),
  };
}

export interface RootCauseCount {
  category: string;
  count: number;
  /** Percent of all complaints with a root cause in the period. */
  percent: number | null;
}

/** Root causes counted in the period, most frequent first (ties by name). */
export function topRootCauses(counts: IndicatorCounts, limit = 5, dimension = ALL_DIMENSION): RootCauseCount[] {
  const counters = counts[dimension] ?? {};
  const entries = Object.entries(counters)
    .filter(([counter]) => counter.startsWith(ROOT_CAUSE_PREFIX))
    .map(([counter, count]) => ({ category: counter.slice(ROOT_CAUSE_PREFIX.length), count }));
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  return entries
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
    .slice(0, limit)
    .map((e) => ({ ...e, percent: total === 0 ? null : Math.round((1000 * e.count) / total) / 10 }));
}

export interface ImprovementLine {
  id: string;
  service: string;
  description: string;
  owner: string;
  targetDate: IsoDate;
  status: ImprovementAction['status'];
  completedOn?: IsoDate;
  /** Calendar days past the target date at the end of the period (0 if not overdue). */
  daysOverdue: number;
}

export interface ImprovementSummary {
  opened: number;
  authorised: number;
  completed: number;
  cancelled: number;
  /** Open at the end of the period (or today, if earlier). */
  openAtEnd: number;
  overdueAtEnd: number;
  learningShared: number;
  overdue: ImprovementLine[];
  completedActions: ImprovementLine[];
}

const dateOf = (instant: string): IsoDate => instant.slice(0, 10);
const dayNumber = (date: IsoDate): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

function closedOn(action: ImprovementAction): IsoDate | undefined {
  if (action.status === 'completed') return action.completedOn;
  if (action.status === 'cancelled') return dateOf([...action.events].reverse().find((e) => e.type === 'cancel')?.at ?? action.createdAt);
  return undefined;
}

const line = (a: ImprovementAction, asOf: IsoDate): ImprovementLine => ({
  id: a.id,
  service: a.service,
  description: a.description,
  owner: a.owner.displayName,
  targetDate: a.targetDate,
  status: a.status,
  completedOn: a.completedOn,
  daysOverdue: Math.max(0, dayNumber(asOf) - dayNumber(a.targetDate)),
});

/**
 * What happened to improvement actions during the period, and which were overdue at its end
 * (as they stood then: an action completed later was still open at the end of the period).
 */
export function summariseImprovements(actions: readonly ImprovementAction[], period: ReportPeriod, today: IsoDate): ImprovementSummary {
  const { from, to } = periodDateRange(period);
  const asOf = today < to ? today : to;
  const within = (date: IsoDate | undefined): boolean => !!date && date >= from && date <= to;
  const existing = actions.filter((a) => dateOf(a.createdAt) <= asOf);
  const openThen = existing.filter((a) => {
    const closed = closedOn(a);
    return closed === undefined ? OPEN_IMPROVEMENT_STATUSES.includes(a.status) : closed > asOf;
  });
  const overdue = openThen.filter((a) => a.targetDate < asOf).map((a) => line(a, asOf)).sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
  const completed = actions.filter((a) => a.status === 'completed' && within(a.completedOn));
  return {
    opened: actions.filter((a) => within(dateOf(a.createdAt))).length,
    authorised: actions.filter((a) => within(a.authorisedAt && dateOf(a.authorisedAt))).length,
    completed: completed.length,
    cancelled: actions.filter((a) => a.status === 'cancelled' && within(closedOn(a))).length,
    openAtEnd: openThen.length,
    overdueAtEnd: overdue.length,
    learningShared: actions.reduce((n, a) => n + a.learningShared.filter((l) => within(l.on)).length, 0),
    overdue,
    completedActions: completed.map((a) => line(a, asOf)).sort((a, b) => (a.completedOn ?? '').localeCompare(b.completedOn ?? '')),
  };
}

export interface QuietService {
  service: string;
  received: number;
  flag: 'none' | 'few';
}

/**
 * Services with no complaints in the period, or few: fewer than a quarter of the median of the
 * services that had complaints (and never more than `fewAtMost`). Both may show good practice or a
 * barrier to complaining; the report says so and leaves the judgement to people.
 */
export function quietServices(org: OrgSettings, indicators: Indicators, fewAtMost = 2): QuietService[] {
  const services = [...new Set([...org.services, ...Object.keys(indicators.byService)])].sort((a, b) => a.localeCompare(b));
  const received = services.map((service) => ({ service, received: indicators.byService[service]?.kpi4Received.total ?? 0 }));
  const busy = received.map((r) => r.received).filter((n) => n > 0).sort((a, b) => a - b);
  const median = busy.length === 0 ? 0 : busy.length % 2 ? busy[(busy.length - 1) / 2] : (busy[busy.length / 2 - 1] + busy[busy.length / 2]) / 2;
  const few = Math.min(fewAtMost, Math.floor(median / 4));
  return received
    .filter((r) => r.received === 0 || r.received <= few)
    .map((r) => ({ ...r, flag: r.received === 0 ? ('none' as const) : ('few' as const) }));
}
