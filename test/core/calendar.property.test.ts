import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { WorkingCalendar } from '../../core/calendar';
import { startClock, extendClock, workingDaysLeft, type Stage } from '../../core/clocks';

const calendars = [new WorkingCalendar(), new WorkingCalendar({ localHolidays: ['2027-03-29', '2026-09-28'], workedHolidays: ['2026-08-03'] })];
const dates = fc
  .integer({ min: 0, max: 365 * 6 })
  .map((offset) => DateTime.utc(2025, 1, 1).plus({ days: offset }).toISODate() as string);
const calendarArb = fc.constantFrom(...calendars);
const params = { numRuns: 300 };

describe('working-day calendar (properties)', () => {
  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 0, max: 60 }), (calendar, d, n) => {
        assert.equal(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n)), n);
      }),
      params,
    );
  });

  it('addWorkingDays(n ≥ 1) lands on a working day', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 1, max: 60 }), (calendar, d, n) => {
        assert.ok(calendar.isWorkingDay(calendar.addWorkingDays(d, n)));
      }),
      params,
    );
  });

  it('every due date is a working day, on or after the start', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.constantFrom<Stage>(1, 2), fc.integer({ min: 0, max: 10 }), (calendar, d, stage, extra) => {
        let clock = startClock(calendar, d, stage);
        if (extra > 0) clock = extendClock(calendar, clock, extra);
        for (const day of [clock.startedOn, clock.standardDue, clock.due]) assert.ok(calendar.isWorkingDay(day), day);
        assert.ok(clock.startedOn >= d && clock.standardDue >= clock.startedOn && clock.due >= clock.standardDue);
        assert.equal(calendar.workingDaysBetween(clock.standardDue, clock.due), extra);
      }),
      params,
    );
  });

  it('is monotonic: a later start or more days never gives an earlier date', () => {
    fc.assert(
      fc.property(calendarArb, dates, dates, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (calendar, a, b, m, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [few, many] = m <= n ? [m, n] : [n, m];
        assert.ok(calendar.addWorkingDays(early, few) <= calendar.addWorkingDays(late, few));
        assert.ok(calendar.addWorkingDays(early, few) <= calendar.addWorkingDays(early, many));
        assert.ok(calendar.workingDaysBetween(early, late) >= 0);
      }),
      params,
    );
  });

  it('is antisymmetric and never returns -0', () => {
    fc.assert(
      fc.property(calendarArb, dates, dates, (calendar, a, b) => {
        const forward = calendar.workingDaysBetween(a, b);
        const backward = calendar.workingDaysBetween(b, a);
        assert.equal(forward + backward, 0);
        assert.ok(!Object.is(forward, -0) && !Object.is(backward, -0));
        assert.ok(!Object.is(workingDaysLeft(calendar, { due: a }, b), -0));
      }),
      params,
    );
  });

  it('counts working days between two dates exactly as walking them day by day would, over years', () => {
    const walked = (calendar: WorkingCalendar, from: string, to: string) => {
      let count = 0;
      for (let day = DateTime.fromISO(from, { zone: 'utc' }).plus({ days: 1 }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
        if (calendar.isWorkingDay(day.toISODate()!)) count += 1;
      }
      return count;
    };
    // Ranges from a day to ten years, closures and worked holidays on weekdays, weekends and bank holidays.
    const closures = fc.uniqueArray(fc.integer({ min: 0, max: 365 * 10 }).map((offset) => DateTime.utc(2019, 1, 1).plus({ days: offset }).toISODate() as string), { maxLength: 12 });
    const wide = fc.integer({ min: 0, max: 365 * 10 }).map((offset) => DateTime.utc(2019, 1, 1).plus({ days: offset }).toISODate() as string);
    fc.assert(
      fc.property(closures, closures, wide, wide, (localHolidays, workedHolidays, a, b) => {
        const calendar = new WorkingCalendar({ localHolidays, workedHolidays: [...workedHolidays, '2025-12-25', '2026-01-02'] });
        const [from, to] = a <= b ? [a, b] : [b, a];
        assert.equal(calendar.workingDaysBetween(from, to), walked(calendar, from, to));
        assert.equal(calendar.workingDaysBetween(to, from), 0 - walked(calendar, from, to));
      }),
      { numRuns: 150 },
    );
  });
});
