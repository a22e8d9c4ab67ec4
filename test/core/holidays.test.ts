import assert from 'node:assert/strict';
import { WorkingCalendar, easterSunday, londonDate, scottishBankHolidays } from '../../core/calendar';

/** Scotland's bank holidays as published on gov.uk, written out by hand (substitute days included). */
const SCOTLAND: Record<number, string[]> = {
  2025: ['2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-01-04', '2027-03-26', '2027-05-03', '2027-05-31', '2027-08-02', '2027-11-30', '2027-12-27', '2027-12-28'],
  2028: ['2028-01-03', '2028-01-04', '2028-04-14', '2028-05-01', '2028-05-29', '2028-08-07', '2028-11-30', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-01-02', '2029-03-30', '2029-05-07', '2029-05-28', '2029-08-06', '2029-11-30', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-01-02', '2030-04-19', '2030-05-06', '2030-05-27', '2030-08-05', '2030-12-02', '2030-12-25', '2030-12-26'],
};

describe('Scottish bank holidays', () => {
  for (const [year, expected] of Object.entries(SCOTLAND)) {
    it(`match the published list for ${year}`, () => {
      assert.deepEqual(
        scottishBankHolidays(Number(year)).map((h) => h.date),
        expected,
      );
    });
  }

  it('computes Easter Sunday', () => {
    assert.deepEqual(
      [2025, 2026, 2027, 2028, 2029, 2030].map(easterSunday),
      ['2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16', '2029-04-01', '2030-04-21'],
    );
  });

  it('names substitute days', () => {
    const names = Object.fromEntries(scottishBankHolidays(2027).map((h) => [h.date, h.name]));
    assert.equal(names['2027-01-04'], '2nd January (substitute day)');
    assert.equal(names['2027-12-27'], 'Christmas Day (substitute day)');
    assert.equal(names['2027-12-28'], 'Boxing Day (substitute day)');
    assert.equal(names['2027-03-26'], 'Good Friday');
  });

  it('moves St Andrew\'s Day at a weekend to the following Monday', () => {
    const calendar = new WorkingCalendar();
    assert.equal(calendar.isWorkingDay('2025-12-01'), false); // 30 Nov 2025 is a Sunday
    assert.equal(calendar.isWorkingDay('2030-12-02'), false); // 30 Nov 2030 is a Saturday
    assert.equal(calendar.isWorkingDay('2026-11-30'), false); // Monday itself
  });

  it('treats Easter Monday as a working day in Scotland', () => {
    assert.equal(new WorkingCalendar().isWorkingDay('2027-03-29'), true);
  });

  it('rejects years out of range and malformed dates', () => {
    assert.throws(() => scottishBankHolidays(1800), /out of range/);
    assert.throws(() => new WorkingCalendar().isWorkingDay('2026-13-01'), /not a calendar date/);
    assert.throws(() => new WorkingCalendar().isWorkingDay('26-01-01'), /not a calendar date/);
  });
});

describe('local holidays', () => {
  it('adds the organisation\'s closure days', () => {
    const calendar = new WorkingCalendar({ localHolidays: ['2026-09-28', '2027-03-29'] });
    assert.equal(calendar.isWorkingDay('2026-09-28'), false);
    assert.equal(calendar.isWorkingDay('2027-03-29'), false);
    assert.equal(calendar.addWorkingDays('2026-09-25', 1), '2026-09-29');
  });

  it('removes bank holidays the organisation works', () => {
    const calendar = new WorkingCalendar({ workedHolidays: ['2026-08-03'] });
    assert.equal(calendar.isWorkingDay('2026-08-03'), true);
    assert.equal(calendar.addWorkingDays('2026-07-31', 1), '2026-08-03');
    assert.equal(new WorkingCalendar().addWorkingDays('2026-07-31', 1), '2026-08-04');
  });

  it('never makes a weekend a working day', () => {
    assert.equal(new WorkingCalendar({ workedHolidays: ['2026-12-26'] }).isWorkingDay('2026-12-26'), false);
  });

  it('rejects malformed configured dates', () => {
    assert.throws(() => new WorkingCalendar({ localHolidays: ['28/09/2026'] }), /not a calendar date/);
  });
});

describe('londonDate', () => {
  it('takes the next day for 23:30 UTC in British Summer Time', () => {
    assert.equal(londonDate('2026-07-01T23:30:00Z'), '2026-07-02');
    assert.equal(londonDate('2026-07-01T22:59:59Z'), '2026-07-01');
  });
  it('keeps the same day for 23:30 UTC in Greenwich Mean Time', () => {
    assert.equal(londonDate('2026-12-01T23:30:00Z'), '2026-12-01');
  });
  it('follows the clock changes', () => {
    // BST starts 01:00 UTC on 29 March 2026 and ends 01:00 UTC on 25 October 2026.
    assert.equal(londonDate('2026-03-28T23:30:00Z'), '2026-03-28');
    assert.equal(londonDate('2026-03-29T23:30:00Z'), '2026-03-30');
    assert.equal(londonDate('2026-10-24T23:30:00Z'), '2026-10-25');
    assert.equal(londonDate('2026-10-25T23:30:00Z'), '2026-10-25');
  });
  it('honours an explicit offset and reads a bare local time as London time', () => {
    assert.equal(londonDate('2026-07-02T00:30:00+02:00'), '2026-07-01');
    assert.equal(londonDate('2026-07-01T23:30:00'), '2026-07-01');
    assert.equal(londonDate(new Date('2026-07-01T23:30:00Z')), '2026-07-02');
  });
  it('returns a bare date as it is and rejects nonsense', () => {
    assert.equal(londonDate('2026-07-01'), '2026-07-01');
    assert.throws(() => londonDate('yesterday'), /not a date/);
  });
});
