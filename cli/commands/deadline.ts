/** `chp deadline`: when a stage response (and a stage 2 acknowledgement) is due. */
import { acknowledgeBy, extendClock, STAGE1_MAX_EXTENSION_DAYS, startClock } from '../../core/clocks';
import { UsageError, type Command } from '../command';
import { calendarOption, HOLIDAYS_OPTION, integerOption, londonDateOption, requiredString } from '../options';

export const deadlineCommand: Command = {
  summary: 'due date of a stage 1 or stage 2 response (and stage 2 acknowledgement)',
  help: `Usage: chp deadline --received <date or date-time> --stage 1|2 [--extension <working days>] [--holidays <file.json>]

  --received   date (YYYY-MM-DD) or date-time of receipt — for stage 2 of an escalated complaint, the
               date of escalation. A date-time is taken as its Europe/London date.
  --stage      1 (frontline response, 5 working days) or 2 (investigation, 20 working days)
  --extension  working days of an authorised extension (stage 1: at most ${STAGE1_MAX_EXTENSION_DAYS})
  --holidays   JSON file {"localHolidays": [...], "workedHolidays": [...]} adjusting Scotland's bank holidays

Day 1 is the date received if it is a working day, otherwise the next working day.
Output: {"received":"YYYY-MM-DD","due":"YYYY-MM-DD","acknowledgeBy":"YYYY-MM-DD"|null}
(acknowledgeBy: the 3rd working day, stage 2 only).`,
  options: { received: { type: 'string' }, stage: { type: 'string' }, extension: { type: 'string' }, ...HOLIDAYS_OPTION },
  run(values, io) {
    const received = londonDateOption(values, 'received');
    const stageText = requiredString(values, 'stage');
    if (stageText !== '1' && stageText !== '2') throw new UsageError(`--stage must be 1 or 2, not "${stageText}"`);
    const stage = stageText === '1' ? 1 : 2;
    const extension = integerOption(values, 'extension', 0) ?? 0;
    if (stage === 1 && extension > STAGE1_MAX_EXTENSION_DAYS) {
      throw new UsageError(`a stage 1 extension is at most ${STAGE1_MAX_EXTENSION_DAYS} working days (10 in all), not ${extension}`);
    }
    const calendar = calendarOption(values, io);
    const standard = startClock(calendar, received, stage);
    const clock = extension > 0 ? extendClock(calendar, standard, extension) : standard;
    return { received, due: clock.due, acknowledgeBy: stage === 2 ? acknowledgeBy(calendar, received) : null };
  },
};
