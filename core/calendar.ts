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
const ISO_INSTANT_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses a `YYYY-MM-DD` date strictly; throws a readable error on anything else. */
export function parseIsoDate(date: IsoDate): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : null;
  if (!parsed || !parsed.isValid) throw new RangeError(`"${date}" is not a calendar date (expected YYYY-MM-DD)`);
  return parsed;
}

function toIso(date: DateTime): IsoDate {
  return date.toISODate() as IsoDate;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is IsoDate {
  try {
    dayNumber(value as IsoDate);
    return true;
  } catch {
    return false;
  }
}

/** True for an ISO 8601 instant with a UTC offset or `Z` (`2026-03-02T09:15:00Z`), with a real date and time. */
export function isIsoInstant(value: unknown): value is IsoDateTime {
  const match = typeof value === 'string' ? ISO_INSTANT_WITH_OFFSET.exec(value) : null;
  if (!match || !isIsoDate(match[1])) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  return hour < 24 && minute < 60 && second < 60 && !Number.isNaN(Date.parse(value as string));
}

/** Formats an instant as its Europe/London `YYYY-MM-DD` (the en-CA locale writes dates that way). */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The Europe/London calendar date of an instant. A complaint received at 23:30 UTC in British
 * Summer Time was received on the next day. A bare date is returned as it is.
 */
export function londonDate(instant: IsoDateTime | IsoDate | Date): IsoDate {
  if (typeof instant === 'string' && ISO_DATE.test(instant)) return toIso(parseIsoDate(instant));
  // Intl is much faster than luxon's zone conversion, and this runs for every case in a report.
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError('an invalid Date is not a date or date-time');
    return LONDON_DAY.format(instant);
  }
  if (isIsoInstant(instant)) return LONDON_DAY.format(Date.parse(instant));
  // A date-time without an offset is read as London time, never as the server's own zone.
  const parsed = DateTime.fromISO(instant, { zone: ZONE });
  if (!parsed.isValid) throw new RangeError(`"${String(instant)}" is not a date or date-time`);
  return LONDON_DAY.format(parsed.toJSDate());
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

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date: cheap integer arithmetic for day loops (this sits
 * under every clock and report, so it avoids luxon). Throws like parseIsoDate on anything else.
 */
function dayNumber(date: IsoDate): number {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return ms / MS_PER_DAY;
  }
  throw new RangeError(`"${String(date)}" is not a calendar date (expected YYYY-MM-DD)`);
}

const isoOfDayNumber = (day: number): IsoDate => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
/** 1970-01-01 was a Thursday: day 0 → weekday 4 (Monday = 1 … Sunday = 7, as in luxon). */
const weekdayOfDayNumber = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
const yearOfDayNumber = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();

/**
 * Scotland's bank holidays of a year as day numbers, worked out once per year for the whole
 * process: a calendar is made per request, and computing the year afresh each time (with luxon)
 * was a sixth of the API's CPU time under load.
 */
const bankHolidayDaysByYear = new Map<number, ReadonlySet<number>>();

function bankHolidayDays(year: number): ReadonlySet<number> {
  let days = bankHolidayDaysByYear.get(year);
  if (!days) {
    days = new Set(scottishBankHolidays(year).map((h) => dayNumber(h.date)));
    bankHolidayDaysByYear.set(year, days);
  }
  return days;
}

/** Working days for one organisation: its closures added, the bank holidays it works removed. */
export class WorkingCalendar {
  private readonly local: Set<number>;
  private readonly worked: Set<number>;

  constructor(config: HolidayConfig = {}) {
    this.local = new Set((config.localHolidays ?? []).map(dayNumber));
    this.worked = new Set((config.workedHolidays ?? []).map(dayNumber));
  }

  private isBankHoliday(day: number): boolean {
    return bankHolidayDays(yearOfDayNumber(day)).has(day);
  }

  private isWorking(day: number): boolean {
    if (weekdayOfDayNumber(day) >= 6) return false;
    if (this.local.has(day)) return false;
    if (this.worked.has(day)) return true;
    return !this.isBankHoliday(day);
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorking(dayNumber(date));
  }

  /** The date itself if it is a working day, otherwise the next working day. */
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    let day = dayNumber(date);
    while (!this.isWorking(day)) day += 1;
    return isoOfDayNumber(day);
  }

  /** The date `n` working days after `date` (the date itself not counted); `n = 0` gives `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days to add must be a whole number ≥ 0, not ${n}`);
    let day = dayNumber(date);
    let left = n;
    while (left > 0) {
      day += 1;
      if (this.isWorking(day)) left -= 1;
    }
    return isoOfDayNumber(day);
  }

  /**
   * Working days in the half-open range (from, to]: so `workingDaysBetween(d, addWorkingDays(d, n))`
   * is `n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const start = dayNumber(from);
    const end = dayNumber(to);
    // `0 - n` rather than `-n`: never return -0 (it deep-equals nothing and prints oddly).
    if (end < start) return 0 - this.workingDaysBetween(to, from);
    return this.workingDaysIn(start + 1, end);
  }

  /**
   * Working days in [first, last], counted rather than walked: the weekdays, less the closures and
   * the bank holidays (not worked) that fall on a weekday. The caseload works out the days left of
   * every row it shows, and an open case overdue for years made a day-by-day walk of thousands of
   * days per row (a tenth of the API's CPU in the open-loop bench at 30,000 cases).
   */
  private workingDaysIn(first: number, last: number): number {
    if (last < first) return 0;
    let count = weekdaysIn(first, last);
    for (const day of this.local) if (day >= first && day <= last && weekdayOfDayNumber(day) < 6) count -= 1;
    for (let year = yearOfDayNumber(first); year <= yearOfDayNumber(last); year += 1) {
      for (const day of bankHolidayDays(year)) {
        if (day >= first && day <= last && weekdayOfDayNumber(day) < 6 && !this.local.has(day) && !this.worked.has(day)) count -= 1;
      }
    }
    return count;
  }
}

/** Monday to Friday days in [first, last] (day numbers): five in every whole week, then the rest one by one. */
function weekdaysIn(first: number, last: number): number {
  const days = last - first + 1;
  let count = Math.floor(days / 7) * 5;
  for (let day = first + Math.floor(days / 7) * 7; day <= last; day += 1) if (weekdayOfDayNumber(day) < 6) count += 1;
  return count;
}
