/**
 * Retention: a record may be disposed of `retentionYears` after the case reached a final state,
 * long enough to answer an SPSO investigation. A referral to the SPSO keeps the record until the
 * SPSO decides; a legal hold blocks disposal whatever the date.
 *
 * Kept simple on purpose: a stage 1 closure starts the retention period (an escalation later
 * clears it again), rather than waiting for the escalation window to pass.
 */
import { londonDate, parseIsoDate } from './calendar';
import type { Case, IsoDate } from './types';

/** `date` plus whole years (29 February becomes 28 February in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`retention must be a whole number of years ≥ 0, not ${years}`);
  return parseIsoDate(date).plus({ years }).toISODate() as IsoDate;
}

const latest = (dates: (IsoDate | undefined)[]): IsoDate | undefined =>
  dates.filter((d): d is IsoDate => Boolean(d)).sort().at(-1);

function lastEventDate(c: Case, type: Case['events'][number]['type']): IsoDate | undefined {
  const event = [...c.events].reverse().find((e) => e.type === type);
  return event ? londonDate(event.at) : undefined;
}

/** The date the case reached its current final state; undefined while it is open (or with the SPSO). */
export function retentionStartsOn(c: Case): IsoDate | undefined {
  switch (c.status) {
    case 'stage1-closed':
      return c.stage1?.closedOn;
    case 'stage2-closed':
      if (!c.spso) return c.stage2?.closedOn;
      if (!c.spso.decision) return undefined;
      return latest([c.spso.decidedOn, ...c.spso.recommendations.map((r) => r.implementedOn)]);
    case 'withdrawn':
      return c.withdrawnOn;
    case 'not-a-complaint':
      return lastEventDate(c, 'marked-not-a-complaint') ?? c.receivedOn;
    case 'recorded':
      return c.receivedOn;
    default:
      return undefined;
  }
}

/** The disposal date for the case as it stands now. */
export function computeDisposalOn(c: Case, retentionYears: number): IsoDate | undefined {
  const start = retentionStartsOn(c);
  return start ? addYears(start, retentionYears) : undefined;
}

/** True when the record may be disposed of on `today` (a Europe/London date): past its date and not on legal hold. */
export function isDueForDisposal(c: Case, today: IsoDate): boolean {
  parseIsoDate(today);
  if (c.legalHold || !c.disposalOn) return false;
  return today >= c.disposalOn;
}

/** Why a retention sweep may not run as asked (adapters put it in their own words). */
export type SweepRefusal =
  | { reason: 'today-in-future'; today: IsoDate; realToday: IsoDate }
  | { reason: 'not-confirmed'; due: number }
  | { reason: 'count-changed'; due: number; confirmed: number };

/**
 * A sweep destroys records for good, so a real one (not a dry run) judges by a day no later than
 * today and must be confirmed with the number of cases it will destroy — the count a dry run gave,
 * still equal to the number due now. A dry run may look ahead to any day.
 */
export function checkSweep(sweep: { dryRun: boolean; today: IsoDate; realToday: IsoDate; due: number; confirmCount?: number }): SweepRefusal | undefined {
  if (sweep.dryRun) return undefined;
  if (sweep.today > sweep.realToday) return { reason: 'today-in-future', today: sweep.today, realToday: sweep.realToday };
  if (sweep.confirmCount === undefined) return { reason: 'not-confirmed', due: sweep.due };
  if (sweep.confirmCount !== sweep.due) return { reason: 'count-changed', due: sweep.due, confirmed: sweep.confirmCount };
  return undefined;
}

/** "3 cases are" / "1 case is". */
export const casesAre = (n: number): string => `${n} case${n === 1 ? ' is' : 's are'}`;
