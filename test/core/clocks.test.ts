import assert from 'node:assert/strict';
import { WorkingCalendar, londonDate } from '../../core/calendar';
import {
  acknowledgeBy,
  extendClock,
  ragStatus,
  startClock,
  workingDayNumber,
  workingDaysLeft,
  workingDaysTaken,
} from '../../core/clocks';

const scotland = new WorkingCalendar();
const easterMondayClosed = new WorkingCalendar({ localHolidays: ['2027-03-29'] });

describe('stage clocks', () => {
  describe('stage 1: 5 working days, extendable to 10', () => {
    const cases: { name: string; received: string; calendar?: WorkingCalendar; day1: string; due: string; extendedDue: string }[] = [
      { name: 'over Christmas 2026', received: '2026-12-23', day1: '2026-12-23', due: '2026-12-31', extendedDue: '2027-01-11' },
      { name: 'over New Year 2027 (2 Jan substitute on Mon 4th)', received: '2026-12-31', day1: '2026-12-31', due: '2027-01-08', extendedDue: '2027-01-15' },
      { name: 'received on Christmas Day', received: '2026-12-25', day1: '2026-12-29', due: '2027-01-06', extendedDue: '2027-01-13' },
      { name: 'received on a Saturday', received: '2026-12-26', day1: '2026-12-29', due: '2027-01-06', extendedDue: '2027-01-13' },
      { name: 'over Easter 2027 (Easter Monday worked)', received: '2027-03-24', day1: '2027-03-24', due: '2027-03-31', extendedDue: '2027-04-07' },
      { name: 'over Easter 2027 with Easter Monday closed', received: '2027-03-24', calendar: easterMondayClosed, day1: '2027-03-24', due: '2027-04-01', extendedDue: '2027-04-08' },
      { name: 'received on Good Friday', received: '2027-03-26', day1: '2027-03-29', due: '2027-04-02', extendedDue: '2027-04-09' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const calendar = c.calendar ?? scotland;
        const clock = startClock(calendar, c.received, 1);
        assert.deepEqual(clock, { startedOn: c.day1, standardDue: c.due, extensionDays: 0, due: c.due });
        const extended = extendClock(calendar, clock, 5);
        assert.deepEqual(extended, { startedOn: c.day1, standardDue: c.due, extensionDays: 5, due: c.extendedDue });
        assert.equal(workingDayNumber(calendar, c.received, 10), c.extendedDue);
      });
    }

    it('adds extensions cumulatively', () => {
      const clock = startClock(scotland, '2026-12-23', 1);
      const twice = extendClock(scotland, extendClock(scotland, clock, 2), 3);
      assert.deepEqual(twice, extendClock(scotland, clock, 5));
    });

    it('refuses an extension that is not a whole number of days', () => {
      const clock = startClock(scotland, '2026-12-23', 1);
      assert.throws(() => extendClock(scotland, clock, 0), /whole number/);
      assert.throws(() => extendClock(scotland, clock, 1.5), /whole number/);
    });
  });

  describe('stage 2: acknowledge in 3, respond in 20 working days', () => {
    const cases: { name: string; start: string; calendar?: WorkingCalendar; ack: string; due: string }[] = [
      { name: 'direct, over Christmas and New Year 2026-27', start: '2026-12-23', ack: '2026-12-29', due: '2027-01-25' },
      { name: 'escalated the day before Good Friday 2027', start: '2027-03-25', ack: '2027-03-30', due: '2027-04-22' },
      { name: 'escalated before Good Friday, Easter Monday closed', start: '2027-03-25', calendar: easterMondayClosed, ack: '2027-03-31', due: '2027-04-23' },
      { name: 'escalated on Boxing Day substitute (Mon 28 Dec 2026)', start: '2026-12-28', ack: '2026-12-31', due: '2027-01-27' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const calendar = c.calendar ?? scotland;
        assert.equal(acknowledgeBy(calendar, c.start), c.ack);
        const clock = startClock(calendar, c.start, 2);
        assert.equal(clock.standardDue, c.due);
        assert.equal(clock.due, c.due);
      });
    }

    it('starts an escalated clock on the escalation date, not the date of receipt', () => {
      const received = startClock(scotland, '2026-12-01', 2);
      const escalated = startClock(scotland, '2026-12-23', 2);
      assert.notEqual(received.due, escalated.due);
      assert.equal(escalated.startedOn, '2026-12-23');
    });
  });

  it('counts a complaint received at 23:30 UTC in BST from the next (London) day', () => {
    const receivedOn = londonDate('2026-07-02T23:30:00Z');
    assert.equal(receivedOn, '2026-07-03');
    assert.equal(startClock(scotland, receivedOn, 1).due, '2026-07-09');
    assert.equal(startClock(scotland, '2026-07-02', 1).due, '2026-07-08');
  });

  describe('time taken and time left', () => {
    const clock = startClock(scotland, '2026-12-23', 1); // due 2026-12-31

    it('counts the working days a stage took (closing on day 1 took 1 day)', () => {
      assert.equal(workingDaysTaken(scotland, clock, '2026-12-23'), 1);
      assert.equal(workingDaysTaken(scotland, clock, '2026-12-31'), 5);
      assert.equal(workingDaysTaken(scotland, clock, '2026-12-26'), 3); // a Saturday counts as the next working day
      assert.equal(workingDaysTaken(scotland, clock, '2027-01-05'), 6);
    });

    it('gives days left, 0 on the due date, negative once overdue, never -0', () => {
      assert.equal(workingDaysLeft(scotland, clock, '2026-12-23'), 4);
      assert.equal(workingDaysLeft(scotland, clock, '2026-12-31'), 0);
      assert.equal(workingDaysLeft(scotland, clock, '2027-01-05'), -1);
      const left = workingDaysLeft(scotland, clock, '2027-01-02'); // Saturday after the due date
      assert.equal(left, 0);
      assert.ok(!Object.is(left, -0));
    });

    it('rates red when overdue, amber within a working day, green otherwise', () => {
      assert.equal(ragStatus(scotland, clock, '2026-12-23'), 'green');
      assert.equal(ragStatus(scotland, clock, '2026-12-30'), 'amber');
      assert.equal(ragStatus(scotland, clock, '2026-12-31'), 'amber');
      assert.equal(ragStatus(scotland, clock, '2027-01-01'), 'red');
    });
  });
});
