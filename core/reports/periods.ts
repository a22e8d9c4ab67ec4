/**
 * Reporting periods: quarters and reporting years made of whole months, aligned to the
 * organisation's reporting year (April–March by default: OrgSettings.reportingYearStartMonth).
 * Whole months because the store keeps one aggregate per organisation and month.
 */
import type { IsoDate } from '../types';

export interface ReportPeriod {
  kind: 'quarter' | 'year';
  /** First month, `YYYY-MM`. */
  fromMonth: string;
  /** Last month, `YYYY-MM` (included). */
  toMonth: string;
  /** Canonical id, e.g. `2026/27-Q1` or `2026/27` (`2026-Q1` / `2026` when the year starts in January). */
  id: string;
  /** For people: "April to June 2026 (2026/27 quarter 1)". */
  label: string;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Months since year 0 (`2026-04` → 2026·12 + 3), so month arithmetic is integer arithmetic. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthFromIndex = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
export const monthName = (month: string): string => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Every month of the period, in order. */
export function periodMonths(period: Pick<ReportPeriod, 'fromMonth' | 'toMonth'>): string[] {
  const months: string[] = [];
  for (let i = monthIndex(period.fromMonth); i <= monthIndex(period.toMonth); i += 1) months.push(monthFromIndex(i));
  return months;
}

/** The first and last dates of the period. */
export function periodDateRange(period: Pick<ReportPeriod, 'fromMonth' | 'toMonth'>): { from: IsoDate; to: IsoDate } {
  const next = monthFromIndex(monthIndex(period.toMonth) + 1);
  const last = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0)).getUTCDate();
  return { from: `${period.fromMonth}-01`, to: `${period.toMonth}-${String(last).padStart(2, '0')}` };
}

function checkStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new RangeError(`the reporting year must start in a month 1–12, not ${startMonth}`);
  }
}

/** The reporting year a month falls in, named by the calendar year it starts in. */
export function reportingYearOf(month: string, startMonth: number): number {
  checkStartMonth(startMonth);
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= startMonth ? year : year - 1;
}

const yearLabel = (year: number, startMonth: number): string => (startMonth === 1 ? String(year) : `${year}/${String((year + 1) % 100).padStart(2, '0')}`);

export function reportingYear(year: number, startMonth: number): ReportPeriod {
  checkStartMonth(startMonth);
  const from = year * 12 + startMonth - 1;
  const id = yearLabel(year, startMonth);
  const fromMonth = monthFromIndex(from);
  const toMonth = monthFromIndex(from + 11);
  return { kind: 'year', fromMonth, toMonth, id, label: `${monthName(fromMonth)} to ${monthName(toMonth)} (reporting year ${id})` };
}

/** Quarter `quarter` (1–4) of the reporting year starting in `year`. */
export function reportingQuarter(year: number, quarter: number, startMonth: number): ReportPeriod {
  checkStartMonth(startMonth);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`a quarter is 1–4, not ${quarter}`);
  const from = year * 12 + startMonth - 1 + 3 * (quarter - 1);
  const fromMonth = monthFromIndex(from);
  const toMonth = monthFromIndex(from + 2);
  const yl = yearLabel(year, startMonth);
  return {
    kind: 'quarter',
    fromMonth,
    toMonth,
    id: startMonth === 1 ? `${year}-Q${quarter}` : `${yl}-Q${quarter}`,
    label: `${MONTH_NAMES[Number(fromMonth.slice(5, 7)) - 1]} to ${monthName(toMonth)} (${yl} quarter ${quarter})`,
  };
}

/** The reporting quarter containing a month. */
export function quarterOf(month: string, startMonth: number): ReportPeriod {
  const year = reportingYearOf(month, startMonth);
  const offset = monthIndex(month) - (year * 12 + startMonth - 1);
  return reportingQuarter(year, Math.floor(offset / 3) + 1, startMonth);
}

/** The `count` quarters before `quarter`, oldest first. */
export function previousQuarters(quarter: ReportPeriod, count: number, startMonth: number): ReportPeriod[] {
  const start = monthIndex(quarter.fromMonth);
  return Array.from({ length: count }, (_, i) => quarterOf(monthFromIndex(start - 3 * (count - i)), startMonth));
}

export class PeriodError extends RangeError {}

const YEAR_FORMS = /^(\d{4})(?:[/-](\d{2}))?$/;
const REPORTING_QUARTER = /^(\d{4})(?:[/-](\d{2}))?-?Q([1-4])$/i;
const MONTH_FORM = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A quarter from `2026/27-Q1` (quarter of the reporting year starting in 2026), `2026-Q1` (only
 * when the reporting year starts in January; otherwise ambiguous and refused) or `2026-04` (the
 * reporting quarter containing that month).
 */
export function parseQuarter(text: string, startMonth: number): ReportPeriod {
  const value = text.trim();
  const q = REPORTING_QUARTER.exec(value);
  if (q) {
    const year = Number(q[1]);
    if (!q[2] && startMonth !== 1) {
      // "2026-Q4" could mean October–December 2026 or the 4th quarter of 2026/27: make the person say which.
      const meant = reportingQuarter(year, Number(q[3]), startMonth);
      throw new PeriodError(`"${value}" is ambiguous: the reporting year starts in ${MONTH_NAMES[startMonth - 1]}, so write ${meant.id} (${meant.label.split(' (')[0]}) or give a month in the quarter (2026-10).`);
    }
    if (q[2] && Number(q[2]) !== (year + 1) % 100) throw new PeriodError(`"${value}": ${q[2]} does not follow ${year}; write ${year}/${String((year + 1) % 100).padStart(2, '0')}-Q${q[3]}.`);
    return reportingQuarter(year, Number(q[3]), startMonth);
  }
  if (MONTH_FORM.test(value)) return quarterOf(value, startMonth);
  throw new PeriodError(`"${value}" is not a quarter: write it as 2026/27-Q1 (quarter of the reporting year) or 2026-04 (a month in the quarter).`);
}

/** A reporting year from `2026`, `2026/27` or `2026-27` (the year it starts in). */
export function parseYear(text: string, startMonth: number): ReportPeriod {
  const value = text.trim();
  const y = YEAR_FORMS.exec(value);
  if (!y) throw new PeriodError(`"${value}" is not a reporting year: write it as 2026/27 or 2026 (the year it starts in).`);
  const year = Number(y[1]);
  if (y[2] && Number(y[2]) !== (year + 1) % 100) throw new PeriodError(`"${value}": ${y[2]} does not follow ${year}; write ${yearLabel(year, 4)}.`);
  return reportingYear(year, startMonth);
}

/** The last complete quarter or reporting year on `today` (the usual default when none is given). */
export function lastCompletePeriod(kind: 'quarter' | 'year', today: IsoDate, startMonth: number): ReportPeriod {
  const current = kind === 'quarter' ? quarterOf(today.slice(0, 7), startMonth) : reportingYear(reportingYearOf(today.slice(0, 7), startMonth), startMonth);
  const back = monthFromIndex(monthIndex(current.fromMonth) - 1);
  return kind === 'quarter' ? quarterOf(back, startMonth) : reportingYear(reportingYearOf(back, startMonth), startMonth);
}
