/** Reading option values and the files they name, with errors a person can act on. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { londonDate, parseIsoDate, WorkingCalendar } from '../core/calendar';
import type { IsoDate } from '../core/types';
import { InputError, UsageError, type CommandIo, type OptionValues } from './command';

export function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A `YYYY-MM-DD` date. */
export function dateOption(values: OptionValues, name: string): IsoDate {
  const value = requiredString(values, name);
  try {
    parseIsoDate(value);
  } catch {
    throw new UsageError(`--${name} "${value}" is not a date: write it YYYY-MM-DD`);
  }
  return value;
}

/** A date or date-time; a date-time gives its Europe/London date. */
export function londonDateOption(values: OptionValues, name: string): IsoDate {
  const value = requiredString(values, name);
  try {
    return londonDate(value);
  } catch {
    throw new UsageError(`--${name} "${value}" is not a date or date-time: write YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`);
  }
}

/** A whole number within [min, max]. */
export function integerOption(values: OptionValues, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}, not "${value}"`);
  }
  return Number(value);
}

export function readTextFile(file: string, io: CommandIo, what: string): string {
  try {
    return readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${what} "${file}" does not exist` : `cannot read ${what} "${file}": ${(error as Error).message}`);
  }
}

const isoDate = z.string().refine((v) => {
  try {
    parseIsoDate(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a date written YYYY-MM-DD');

/** The holidays file: `{ "localHolidays": ["2026-09-28"], "workedHolidays": ["2026-11-30"] }`, both optional. */
export const holidaysFileSchema = z.strictObject({
  localHolidays: z.array(isoDate).optional(),
  workedHolidays: z.array(isoDate).optional(),
});

/** The organisation's working calendar: Scotland's bank holidays, adjusted by the `--holidays` file if given. */
export function calendarOption(values: OptionValues, io: CommandIo): WorkingCalendar {
  const file = optionalString(values, 'holidays');
  if (!file) return new WorkingCalendar();
  const textValue = readTextFile(file, io, 'holidays file');
  let data: unknown;
  try {
    data = JSON.parse(textValue);
  } catch (error) {
    throw new InputError(`holidays file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = holidaysFileSchema.safeParse(data);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new InputError(`holidays file "${file}" is not usable — ${reasons}. Expected {"localHolidays": ["YYYY-MM-DD", …], "workedHolidays": [...]}`);
  }
  return new WorkingCalendar(parsed.data);
}

export const HOLIDAYS_OPTION = { holidays: { type: 'string' } } as const;
