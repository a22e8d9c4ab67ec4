/**
 * Stage clocks of the model CHP, in working days.
 *
 * Day counting: the start date (receipt, or escalation for an escalated complaint) is day 1 when it
 * is a working day; otherwise day 1 is the next working day. A timescale of N working days ends on
 * the Nth working day counted that way.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate, StageClock } from './types';

/** Stage 1 (frontline response): decision within 5 working days. */
export const STAGE1_WORKING_DAYS = 5;
/** Stage 1 may be extended, exceptionally, by up to 5 further working days (10 in all). */
export const STAGE1_MAX_EXTENSION_DAYS = 5;
/** Stage 2 (investigation): acknowledge within 3 working days. */
export const STAGE2_ACKNOWLEDGE_WORKING_DAYS = 3;
/** Stage 2: full response within 20 working days. */
export const STAGE2_WORKING_DAYS = 20;

export type Stage = 1 | 2;

export const standardWorkingDays = (stage: Stage): number =>
  stage === 1 ? STAGE1_WORKING_DAYS : STAGE2_WORKING_DAYS;

/** The date that is working day `dayNumber` of a clock starting on `startDate` (day 1 = first working day). */
export function workingDayNumber(calendar: WorkingCalendar, startDate: IsoDate, dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber) || dayNumber < 1) throw new RangeError(`day number must be ≥ 1, not ${dayNumber}`);
  return calendar.addWorkingDays(calendar.nextWorkingDayOnOrAfter(startDate), dayNumber - 1);
}

/** Starts a stage clock on the date of receipt (stage 1 or direct stage 2) or of escalation. */
export function startClock(calendar: WorkingCalendar, startDate: IsoDate, stage: Stage): StageClock {
  const startedOn = calendar.nextWorkingDayOnOrAfter(startDate);
  const standardDue = workingDayNumber(calendar, startedOn, standardWorkingDays(stage));
  return { startedOn, standardDue, extensionDays: 0, due: standardDue };
}

/** Stage 2 acknowledgement date: the 3rd working day of the stage 2 clock. */
export function acknowledgeBy(calendar: WorkingCalendar, stage2StartDate: IsoDate): IsoDate {
  return workingDayNumber(calendar, stage2StartDate, STAGE2_ACKNOWLEDGE_WORKING_DAYS);
}

/** The clock with `extraDays` more working days authorised (on top of any earlier extension). */
export function extendClock(calendar: WorkingCalendar, clock: StageClock, extraDays: number): StageClock {
  if (!Number.isInteger(extraDays) || extraDays < 1) throw new RangeError(`an extension must be a whole number of working days ≥ 1, not ${extraDays}`);
  const extensionDays = clock.extensionDays + extraDays;
  return { ...clock, extensionDays, due: calendar.addWorkingDays(clock.standardDue, extensionDays) };
}

/**
 * How many working days a stage took: the day number of `closedOn` on the clock (closing on day 1
 * took 1 working day). A close on a non-working day counts as the next working day's number.
 */
export function workingDaysTaken(calendar: WorkingCalendar, clock: Pick<StageClock, 'startedOn'>, closedOn: IsoDate): number {
  if (closedOn < clock.startedOn) return 1;
  return calendar.workingDaysBetween(clock.startedOn, calendar.nextWorkingDayOnOrAfter(closedOn)) + 1;
}

/**
 * Working days left until the due date, seen on `today`: 0 on the due date itself, negative once
 * overdue (−1 on the first working day after it).
 */
export function workingDaysLeft(calendar: WorkingCalendar, clock: Pick<StageClock, 'due'>, today: IsoDate): number {
  return calendar.workingDaysBetween(today, clock.due);
}

export type Rag = 'red' | 'amber' | 'green';

/** Red when overdue, amber when due within 1 working day, green otherwise. */
export function ragStatus(calendar: WorkingCalendar, clock: Pick<StageClock, 'due'>, today: IsoDate): Rag {
  if (today > clock.due) return 'red';
  return workingDaysLeft(calendar, clock, today) <= 1 ? 'amber' : 'green';
}
