/**
 * The working-day calendar: Monday to Friday, less Scotland's bank holidays and the organisation's
 * own closure days. All dates are Europe/London calendar dates (`YYYY-MM-DD`).
 */
import { DateTime } from 'luxon';
import type { IsoDate, IsoDateTime } from './types';

export const ZONE = 'Europe/London';

export interface Holiday {
  date: IsoDate;
  name: string;
}

export interface HolidayConfig {
  /** Extra closure days (local holidays, e.g. a September weekend Monday, Easter Monday). */
  localHolidays?: IsoDate[];
  /** Bank holidays on which the organisation works (removed from the calendar). */
  workedHolidays?: IsoDate[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a `YYYY-MM-DD` date strictly; throws a readable error on anything else. */
export function parseIsoDate(date: IsoDate): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : null;
  if (!parsed || !parsed.isValid) throw new RangeError(`"${date}" is not a calendar date (expected YYYY-MM-DD)`);
  return parsed;
}

function toIso(date: DateTime): IsoDate {
  return date.toISODate() as IsoDate;
}

/**
 * The Europe/London calendar date of an instant. A complaint received at 23:30 UTC in British
 * Summer Time was received on the next day. A bare date is returned as it is.
 */
export function londonDate(instant: IsoDateTime | IsoDate | Date): IsoDate {
  if (typeof instant === 'string' && ISO_DATE.test(instant)) return toIso(parseIsoDate(instant));
  const parsed =
    instant instanceof Date ? DateTime.fromJSDate(instant) : DateTime.fromISO(instant, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`"${String(instant)}" is not a date or date-time`);
  return toIso(parsed.setZone(ZONE));
}

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIso(DateTime.utc(year, month, day));
}

const isWeekend = (date: DateTime): boolean => date.weekday >= 6;

function firstMonday(year: number, month: number): DateTime {
  const first = DateTime.utc(year, month, 1);
  return first.plus({ days: (8 - first.weekday) % 7 });
}

function lastMonday(year: number, month: number): DateTime {
  const last = DateTime.utc(year, month, 1).endOf('month').startOf('day');
  return last.minus({ days: (last.weekday + 6) % 7 });
}

/**
 * Scotland's bank holidays for a year. Fixed-date holidays that fall at a weekend are replaced by a
 * substitute weekday: the next weekday not already a holiday (so Christmas on a Saturday gives
 * Monday 27th and Boxing Day Tuesday 28th).
 */
export function scottishBankHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new RangeError(`year ${year} is out of range`);
  const easter = parseIsoDate(easterSunday(year));
  const movable: Holiday[] = [
    { date: toIso(easter.minus({ days: 2 })), name: 'Good Friday' },
    { date: toIso(firstMonday(year, 5)), name: 'Early May bank holiday' },
    { date: toIso(lastMonday(year, 5)), name: 'Spring bank holiday' },
    { date: toIso(firstMonday(year, 8)), name: 'Summer bank holiday' },
  ];
  const fixed: { month: number; day: number; name: string }[] = [
    { month: 1, day: 1, name: "New Year's Day" },
    { month: 1, day: 2, name: '2nd January' },
    { month: 11, day: 30, name: "St Andrew's Day" },
    { month: 12, day: 25, name: 'Christmas Day' },
    { month: 12, day: 26, name: 'Boxing Day' },
  ];
  const taken = new Set(movable.map((h) => h.date));
  const holidays = [...movable];
  for (const { month, day, name } of fixed) {
    const actual = DateTime.utc(year, month, day);
    let date = actual;
    while (isWeekend(date) || taken.has(toIso(date))) date = date.plus({ days: 1 });
    taken.add(toIso(date));
    holidays.push({ date: toIso(date), name: date.equals(actual) ? name : `${name} (substitute day)` });
  }
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

/** Working days for one organisation: its closures added, the bank holidays it works removed. */
export class WorkingCalendar {
  private readonly local: Set<IsoDate>;
  private readonly worked: Set<IsoDate>;
  private readonly holidaysByYear = new Map<number, Set<IsoDate>>();

  constructor(config: HolidayConfig = {}) {
    this.local = new Set((config.localHolidays ?? []).map((d) => toIso(parseIsoDate(d))));
    this.worked = new Set((config.workedHolidays ?? []).map((d) => toIso(parseIsoDate(d))));
  }

  private holidaySet(year: number): Set<IsoDate> {
    let set = this.holidaysByYear.get(year);
    if (!set) {
      set = new Set(scottishBankHolidays(year).map((h) => h.date));
      this.holidaysByYear.set(year, set);
    }
    return set;
  }

  private isWorking(date: DateTime): boolean {
    if (isWeekend(date)) return false;
    const iso = toIso(date);
    if (this.local.has(iso)) return false;
    if (this.worked.has(iso)) return true;
    return !this.holidaySet(date.year).has(iso);
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorking(parseIsoDate(date));
  }

  /** The date itself if it is a working day, otherwise the next working day. */
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    let day = parseIsoDate(date);
    while (!this.isWorking(day)) day = day.plus({ days: 1 });
    return toIso(day);
  }

  /** The date `n` working days after `date` (the date itself not counted); `n = 0` gives `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days to add must be a whole number ≥ 0, not ${n}`);
    let day = parseIsoDate(date);
    let left = n;
    while (left > 0) {
      day = day.plus({ days: 1 });
      if (this.isWorking(day)) left -= 1;
    }
    return toIso(day);
  }

  /**
   * Working days in the half-open range (from, to]: so `workingDaysBetween(d, addWorkingDays(d, n))`
   * is `n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const start = parseIsoDate(from);
    const end = parseIsoDate(to);
    if (end < start) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = start.plus({ days: 1 }); day <= end; day = day.plus({ days: 1 })) {
      if (this.isWorking(day)) count += 1;
    }
    return count;
  }
}
