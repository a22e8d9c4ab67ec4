/** `chp working-days`: working days in a date range, both ends counted. */
import { UsageError, type Command } from '../command';
import { calendarOption, dateOption, HOLIDAYS_OPTION } from '../options';

export const workingDaysCommand: Command = {
  summary: 'number of working days from one date to another, both dates included',
  help: `Usage: chp working-days --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--holidays <file.json>]

Counts the working days from --from to --to, BOTH ends included (Mon 7 to Fri 11 Dec 2026 is 5).
This is the day number --to would have on a stage clock started on --from when --from is a working
day. --to before --from is refused. Output: {"workingDays":N}`,
  options: { from: { type: 'string' }, to: { type: 'string' }, ...HOLIDAYS_OPTION },
  run(values, io) {
    const from = dateOption(values, 'from');
    const to = dateOption(values, 'to');
    if (to < from) throw new UsageError(`--to (${to}) is before --from (${from})`);
    const calendar = calendarOption(values, io);
    // calendar.workingDaysBetween counts (from, to]; add `from` itself when it is a working day.
    return { workingDays: calendar.workingDaysBetween(from, to) + (calendar.isWorkingDay(from) ? 1 : 0) };
  },
};
