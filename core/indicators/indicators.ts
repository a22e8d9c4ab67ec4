/**
 * The SPSO complaints performance indicators computed from counts (see contributions.ts for what is
 * counted and when). Percentages and averages are rounded to 1 decimal place; a zero denominator
 * gives null, never NaN.
 */
import type { WorkingCalendar } from '../calendar';
import type { Case, Outcome } from '../types';
import { OUTCOMES } from '../types';
import { ALL_DIMENSION, CONTRACTORS_DIMENSION, STAGE_KEYS, type StageKey } from './contributions';
import { countsForPeriod, type IndicatorCounts, type Period } from './counts';

export interface CountAndPercent {
  number: number;
  /** Percent of the denominator stated for the figure, 1 decimal; null when the denominator is 0. */
  percent: number | null;
}

export interface ReceivedIndicator {
  /** KPI 4: complaints received at stage 1 plus those received directly at stage 2. */
  total: number;
  stage1: number;
  stage2Direct: number;
  /** `total` per 1,000 population, 1 decimal; null without a population (and for service/contractor splits). */
  per1000Population: number | null;
  /** Counted apart: withdrawn before any response (not in `total`). */
  withdrawn: number;
  /** Counted apart as well: withdrawn during stage 2 after a stage 1 response (these are in `total`). */
  withdrawnAfterStage1: number;
  /** Counted apart: recorded but found not to be a complaint. */
  notAComplaint: number;
  compliments: number;
  comments: number;
}

export type OutcomeKey = 'upheld' | 'partiallyUpheld' | 'notUpheld' | 'resolved' | 'unrecorded';
export type OutcomeIndicator = { closed: number } & Record<OutcomeKey, CountAndPercent>;
export type PerStage<T> = Record<StageKey, T>;

/** KPIs 4–9 for one dimension (the whole organisation, one service, one contractor…). */
export interface DimensionIndicators {
  kpi4Received: ReceivedIndicator;
  /** KPI 5: closures at each stage; percent of all closures in the period. */
  kpi5Closed: { total: number } & PerStage<CountAndPercent>;
  /** KPI 6: outcomes at each stage; percent of closures at that stage. */
  kpi6Outcomes: PerStage<OutcomeIndicator>;
  /** KPI 7: average working days to a full response at each stage, 1 decimal; null when none closed. */
  kpi7AverageWorkingDays: PerStage<number | null>;
  /** KPI 8: closed within the standard timescale (5 / 20 working days, extensions not included); percent of closures at that stage. */
  kpi8WithinTimescale: PerStage<CountAndPercent>;
  /** KPI 9: closures at each stage where an extension was authorised; percent of closures at that stage. */
  kpi9Extended: PerStage<CountAndPercent>;
}

/** KPIs 1–3 are narrative: reports fill them from improvement actions, surveys and training records. */
export interface NarrativeIndicators {
  kpi1LearningFromComplaints?: string | null;
  kpi2ProcessExperience?: string | null;
  kpi3StaffAwarenessAndTraining?: string | null;
}

export interface Indicators {
  population: number | null;
  kpi1LearningFromComplaints: string | null;
  kpi2ProcessExperience: string | null;
  kpi3StaffAwarenessAndTraining: string | null;
  all: DimensionIndicators;
  /** Every complaint about a contractor or ALEO. */
  contractors: DimensionIndicators;
  byService: Record<string, DimensionIndicators>;
  byContractor: Record<string, DimensionIndicators>;
}

const OUTCOME_KEYS: Record<Outcome | 'unrecorded', OutcomeKey> = {
  upheld: 'upheld',
  'partially-upheld': 'partiallyUpheld',
  'not-upheld': 'notUpheld',
  resolved: 'resolved',
  unrecorded: 'unrecorded',
};

/** `100 × part / whole` to 1 decimal (half up); computed as round(1000·part/whole)/10 to avoid float drift. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

/** `total / count` to 1 decimal (half up); null when count is 0. */
export function average(total: number, count: number): number | null {
  return count === 0 ? null : Math.round((10 * total) / count) / 10;
}

const perStage = <T>(make: (key: StageKey) => T): PerStage<T> =>
  Object.fromEntries(STAGE_KEYS.map((key) => [key, make(key)])) as PerStage<T>;

export function dimensionIndicators(counters: Record<string, number>, population: number | null): DimensionIndicators {
  const n = (counter: string): number => counters[counter] ?? 0;
  const received = n('received.stage1') + n('received.stage2Direct');
  const closed = (key: StageKey): number => n(`closed.${key}`);
  const totalClosed = STAGE_KEYS.reduce((sum, key) => sum + closed(key), 0);
  const ofClosed = (key: StageKey, counter: string): CountAndPercent => ({ number: n(counter), percent: percent(n(counter), closed(key)) });
  return {
    kpi4Received: {
      total: received,
      stage1: n('received.stage1'),
      stage2Direct: n('received.stage2Direct'),
      per1000Population: population ? Math.round((10 * 1000 * received) / population) / 10 : null,
      withdrawn: n('withdrawn'),
      withdrawnAfterStage1: n('withdrawnAfterStage1'),
      notAComplaint: n('notAComplaint'),
      compliments: n('received.compliment'),
      comments: n('received.comment'),
    },
    kpi5Closed: { total: totalClosed, ...perStage((key) => ({ number: closed(key), percent: percent(closed(key), totalClosed) })) },
    kpi6Outcomes: perStage((key) => {
      const outcomes = Object.fromEntries(
        [...OUTCOMES, 'unrecorded' as const].map((o) => [OUTCOME_KEYS[o], ofClosed(key, `outcome.${key}.${o}`)]),
      ) as Record<OutcomeKey, CountAndPercent>;
      return { closed: closed(key), ...outcomes };
    }),
    kpi7AverageWorkingDays: perStage((key) => average(n(`workingDays.${key}`), closed(key))),
    kpi8WithinTimescale: perStage((key) => ofClosed(key, `withinTimescale.${key}`)),
    kpi9Extended: perStage((key) => ofClosed(key, `extended.${key}`)),
  };
}

function byPrefix(counts: IndicatorCounts, prefix: string): Record<string, DimensionIndicators> {
  const entries = Object.entries(counts)
    .filter(([dimension]) => dimension.startsWith(prefix))
    .map(([dimension, counters]) => [dimension.slice(prefix.length), dimensionIndicators(counters, null)] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries);
}

/** Every indicator from counts (a recount or the sum of stored monthly aggregates). */
export function indicatorsFromCounts(
  counts: IndicatorCounts,
  population?: number | null,
  narrative: NarrativeIndicators = {},
): Indicators {
  const people = population && population > 0 ? population : null;
  return {
    population: people,
    kpi1LearningFromComplaints: narrative.kpi1LearningFromComplaints ?? null,
    kpi2ProcessExperience: narrative.kpi2ProcessExperience ?? null,
    kpi3StaffAwarenessAndTraining: narrative.kpi3StaffAwarenessAndTraining ?? null,
    all: dimensionIndicators(counts[ALL_DIMENSION] ?? {}, people),
    contractors: dimensionIndicators(counts[CONTRACTORS_DIMENSION] ?? {}, null),
    byService: byPrefix(counts, 'service:'),
    byContractor: byPrefix(counts, 'contractor:'),
  };
}

export interface ComputeOptions {
  population?: number | null;
  calendar: WorkingCalendar;
  narrative?: NarrativeIndicators;
}

/** The pure function from cases + period + organisation to every indicator. */
export function computeIndicators(cases: readonly Case[], period: Period, options: ComputeOptions): Indicators {
  return indicatorsFromCounts(countsForPeriod(cases, period, options.calendar), options.population, options.narrative);
}
