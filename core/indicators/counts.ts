/**
 * Indicator counts: plain JSON `{ [dimension]: { [counter]: number } }`, so the store can keep one
 * per organisation and month and add them up for any run of months. Counts are kept canonical —
 * no zero counters, no empty dimensions — so adding then subtracting a case gives back exactly the
 * counts you started from.
 */
import type { WorkingCalendar } from '../calendar';
import { parseIsoDate } from '../calendar';
import type { Case, IsoDate } from '../types';
import { caseContributions, type Contribution } from './contributions';

export type IndicatorCounts = Record<string, Record<string, number>>;

/** A reporting period, both ends included: dates (`YYYY-MM-DD`) or whole months (`YYYY-MM`). */
export interface Period {
  from: string;
  to: string;
}

const MONTH = /^\d{4}-\d{2}$/;

/** The period as inclusive dates: a month `from` starts on its 1st, a month `to` ends on its last day. */
export function periodDates(period: Period): { from: IsoDate; to: IsoDate } {
  const from = MONTH.test(period.from) ? `${period.from}-01` : period.from;
  const to = MONTH.test(period.to) ? (parseIsoDate(`${period.to}-01`).endOf('month').toISODate() as IsoDate) : period.to;
  parseIsoDate(from);
  parseIsoDate(to);
  if (to < from) throw new RangeError(`the period ends (${to}) before it starts (${from})`);
  return { from, to };
}

/** The months `YYYY-MM` a period touches, in order (the store's aggregate buckets to add up). */
export function monthsOfPeriod(period: Period): string[] {
  const { from, to } = periodDates(period);
  const months: string[] = [];
  for (let month = parseIsoDate(from).startOf('month'); month.toISODate()! <= to; month = month.plus({ months: 1 })) {
    months.push(month.toFormat('yyyy-MM'));
  }
  return months;
}

function combine(a: IndicatorCounts, b: IndicatorCounts, sign: 1 | -1): IndicatorCounts {
  const result: IndicatorCounts = {};
  for (const [dimension, counters] of Object.entries(a)) result[dimension] = { ...counters };
  for (const [dimension, counters] of Object.entries(b)) {
    const target = (result[dimension] ??= {});
    for (const [counter, value] of Object.entries(counters)) {
      const sum = (target[counter] ?? 0) + sign * value;
      if (sum === 0) delete target[counter];
      else target[counter] = sum;
    }
    if (Object.keys(target).length === 0) delete result[dimension];
  }
  return result;
}

/** `a + b`, a new object; neither argument is changed. */
export const addCounts = (a: IndicatorCounts, b: IndicatorCounts): IndicatorCounts => combine(a, b, 1);
/** `a − b`, a new object; neither argument is changed. */
export const subtractCounts = (a: IndicatorCounts, b: IndicatorCounts): IndicatorCounts => combine(a, b, -1);

/** Sums contributions (whatever their dates) into counts. */
export function countsFromContributions(contributions: Contribution[]): IndicatorCounts {
  const counts: IndicatorCounts = {};
  for (const { dimension, counter, value } of contributions) {
    if (value === 0) continue;
    const target = (counts[dimension] ??= {});
    target[counter] = (target[counter] ?? 0) + value;
  }
  return counts;
}

/** Contributions grouped into per-month counts: what the store keeps for each `YYYY-MM`. */
export function countsByMonth(contributions: Contribution[]): Record<string, IndicatorCounts> {
  const byMonth: Record<string, Contribution[]> = {};
  for (const contribution of contributions) (byMonth[contribution.month] ??= []).push(contribution);
  return Object.fromEntries(Object.entries(byMonth).map(([month, list]) => [month, countsFromContributions(list)]));
}

/** The counts of every event falling within the period (both ends included). */
export function countsForPeriod(cases: readonly Case[], period: Period, calendar: WorkingCalendar): IndicatorCounts {
  const { from, to } = periodDates(period);
  const inPeriod = cases.flatMap((c) => caseContributions(c, calendar)).filter((x) => x.on >= from && x.on <= to);
  return countsFromContributions(inPeriod);
}
