/**
 * "So far": a period still running on the day a report is made is labelled so (the quarter "so far",
 * the reporting year "year to date"), with the date its figures run to. Small and apart from the
 * report builders, so the tab can use it without loading them.
 */
import { formatDate } from '../labels';
import { periodDateRange, type ReportPeriod } from './periods';
import type { IsoDate } from '../types';

/** How far the period has run on `today`: over, still running (figures to today), or not started. */
export function periodProgress(period: Pick<ReportPeriod, 'fromMonth' | 'toMonth'>, today: IsoDate): 'complete' | 'so-far' | 'not-started' {
  const { from, to } = periodDateRange(period);
  if (today > to) return 'complete';
  return today < from ? 'not-started' : 'so-far';
}

/**
 * The period as people should read it on `today`: "… (2026/27 quarter 3), so far (to Mon 30 Nov 2026)"
 * or "… (reporting year 2026/27), year to date (to Mon 30 Nov 2026)"; a finished period as it is.
 */
export function periodLabelOn(period: ReportPeriod, today: IsoDate): string {
  const progress = periodProgress(period, today);
  if (progress === 'complete') return period.label;
  if (progress === 'not-started') return `${period.label}, not started yet`;
  return `${period.label}, ${soFarWords(period, today)}`;
}

/** "so far (to Mon 30 Nov 2026)" for a quarter, "year to date (to Mon 30 Nov 2026)" for a year. */
export function soFarWords(period: Pick<ReportPeriod, 'kind'>, today: IsoDate): string {
  return `${period.kind === 'year' ? 'year to date' : 'so far'} (to ${formatDate(today)})`;
}
