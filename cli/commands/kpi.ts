/** `chp kpi`: the SPSO complaints performance indicators of a case file over a period. */
import path from 'node:path';
import { formatRowErrors, parseCasesCsv, parseCasesJson } from '../../core/case-format';
import { computeIndicators, periodDates } from '../../core/indicators';
import { InputError, UsageError, type Command } from '../command';
import { calendarOption, HOLIDAYS_OPTION, integerOption, optionalString, readTextFile, requiredString } from '../options';

const PERIOD_BOUND = /^\d{4}-\d{2}(-\d{2})?$/;

export const kpiCommand: Command = {
  summary: 'complaints performance indicators (KPIs 4–9) of a CSV or JSON case file over a period',
  help: `Usage: chp kpi --input <cases.csv|cases.json> --from <date> --to <date> [--population N] [--holidays <file.json>] [--org <id>]

  --input       case file in the interchange format (README, "Case files"); .csv or .json
  --from, --to  the period, both ends included: YYYY-MM-DD, or YYYY-MM for whole months
  --population  the organisation's population, for complaints per 1,000 population
  --holidays    JSON file {"localHolidays": [...], "workedHolidays": [...]}
  --org         organisation id given to the cases read (default "cli")

Output: {"period":{"from","to"}, "population", "kpi1…kpi3" (null: narrative), "all", "contractors",
"byService", "byContractor"} — keys explained in the README. A file with bad rows is refused whole:
every bad row is listed on stderr with its row number.`,
  options: { input: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, population: { type: 'string' }, org: { type: 'string' }, ...HOLIDAYS_OPTION },
  run(values, io) {
    const input = requiredString(values, 'input');
    const from = requiredString(values, 'from');
    const to = requiredString(values, 'to');
    for (const [name, value] of [['from', from], ['to', to]]) {
      if (!PERIOD_BOUND.test(value)) throw new UsageError(`--${name} "${value}" is not a date: write YYYY-MM-DD or YYYY-MM`);
    }
    let period: { from: string; to: string };
    try {
      period = periodDates({ from, to });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const population = integerOption(values, 'population', 1);
    const format = path.extname(input).toLowerCase();
    if (format !== '.csv' && format !== '.json') throw new UsageError(`--input "${input}" must be a .csv or .json file`);
    const calendar = calendarOption(values, io);
    const text = readTextFile(input, io, 'case file');
    const options = { orgId: optionalString(values, 'org') ?? 'cli', calendar };
    const result = format === '.csv' ? parseCasesCsv(text, options) : parseCasesJson(text, options);
    if (!result.ok) {
      const count = result.errors.length;
      throw new InputError(`${input}: ${count} problem${count === 1 ? '' : 's'}, nothing was read\n${formatRowErrors(result.errors, format === '.csv' ? 'row' : 'item')}`);
    }
    return { period, ...computeIndicators(result.cases, period, { population, calendar }) };
  },
};
