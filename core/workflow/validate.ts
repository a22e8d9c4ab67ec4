/** Input checks shared by logging and actions; each returns a violation a person can act on, or null. */
import { violation, type RuleViolation } from '../errors';
import { isIsoDate, isIsoInstant } from '../calendar';
import { textProblem } from '../text';
import {
  CASE_KINDS,
  CHANNELS,
  OUTCOMES,
  SPSO_DECISIONS,
  type Contractor,
  type Customer,
  type IsoDate,
  type OrgSettings,
  type Representative,
} from '../types';

export const invalid = (message: string): RuleViolation => violation('invalid-input', message);

export function firstProblem(...checks: (() => RuleViolation | null)[]): RuleViolation | null {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

/** Text that says something and keeps the text rule (core/text.ts); adapters normalise it before. */
export function checkText(value: unknown, what: string): RuleViolation | null {
  if (typeof value !== 'string' || value.trim() === '') return invalid(`Enter ${what}; it cannot be blank.`);
  const problem = textProblem(value);
  return problem ? invalid(`${capitalise(what)} ${problem}.`) : null;
}

/** Optional text: absent is fine, but if given it must say something. */
export function checkOptionalText(value: unknown, what: string): RuleViolation | null {
  return value === undefined ? null : checkText(value, what);
}

export { isIsoDate };

/** An instant with a UTC offset; a bare local time is refused so no server zone ever leaks in. */
export const isInstant = isIsoInstant;

/**
 * A date given with an action: a real date, not before `earliest` (the stage start or an earlier
 * step) and not after today (Europe/London).
 */
export function checkActionDate(
  on: unknown,
  what: string,
  earliest: { date: IsoDate; label: string } | undefined,
  today: IsoDate,
): RuleViolation | null {
  if (!isIsoDate(on)) return invalid(`Give ${what} as a date (YYYY-MM-DD); "${String(on)}" is not one.`);
  if (on > today) return invalid(`${capitalise(what)} (${on}) cannot be in the future; today is ${today}.`);
  if (earliest && on < earliest.date)
    return invalid(`${capitalise(what)} (${on}) cannot be before ${earliest.label} (${earliest.date}).`);
  return null;
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): RuleViolation | null {
  return allowed.includes(value as T) ? null : invalid(`Choose ${what} from: ${allowed.join(', ')} ("${String(value)}" is not one).`);
}

export const checkOutcome = (value: unknown) => checkOneOf(value, OUTCOMES, 'the outcome');
export const checkSpsoDecision = (value: unknown) => checkOneOf(value, SPSO_DECISIONS, "the SPSO's decision");
export const checkKind = (value: unknown) => checkOneOf(value, CASE_KINDS, 'the kind of case');
export const checkChannel = (value: unknown) => checkOneOf(value, CHANNELS, 'the channel');

export function checkService(service: unknown, settings: OrgSettings): RuleViolation | null {
  const blank = checkText(service, 'the service the complaint is about');
  if (blank) return blank;
  return settings.services.includes(service as string)
    ? null
    : invalid(`"${String(service)}" is not one of this organisation's services; choose from: ${settings.services.join(', ')}.`);
}

export function checkCustomer(customer: Customer | undefined): RuleViolation | null {
  if (!customer || typeof customer !== 'object') return invalid('Record the customer (or mark them anonymous).');
  if (customer.anonymous) {
    const given = (['name', 'email', 'phone', 'address'] as const).filter((k) => customer[k] !== undefined);
    return given.length
      ? invalid(`An anonymous customer has no name or contact details; remove ${given.join(', ')} or untick "anonymous".`)
      : null;
  }
  for (const key of ['name', 'email', 'phone', 'address'] as const) {
    if (customer[key] === undefined) continue;
    if (typeof customer[key] !== 'string' || customer[key].trim() === '') return invalid(`The customer's ${key} is blank; leave it out instead.`);
    const problem = checkText(customer[key], `the customer's ${key}`);
    if (problem) return problem;
  }
  if (!customer.name && !customer.withheldDetails)
    return invalid("Enter the customer's name, or tick that they withheld their details.");
  return null;
}

export function checkRepresentative(rep: Representative | undefined): RuleViolation | null {
  if (rep === undefined) return null;
  return checkText(rep?.name, "the representative's name");
}

export function checkContractor(contractor: Contractor | undefined | null): RuleViolation | null {
  if (contractor === undefined || contractor === null) return null;
  return firstProblem(
    () => checkText(contractor.name, "the contractor's name"),
    () => checkOneOf(contractor.kind, ['contractor', 'aleo'] as const, 'the kind of external provider'),
  );
}
