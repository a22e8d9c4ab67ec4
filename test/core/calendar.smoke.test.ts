import assert from 'node:assert/strict';
import { WorkingCalendar, londonDate } from '../../core/calendar';

describe('calendar (smoke)', () => {
  it('skips Christmas and the Boxing Day substitute in 2026', () => {
    const calendar = new WorkingCalendar();
    assert.equal(calendar.addWorkingDays('2026-12-23', 2), '2026-12-29');
  });
  it('takes the London date of a late BST evening', () => {
    assert.equal(londonDate('2026-07-01T23:30:00Z'), '2026-07-02');
  });
});
