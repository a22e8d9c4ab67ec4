/** The CHP's "normally within" time limits: recorded when missed, never enforced (staff have discretion). */
import { parseIsoDate } from '../calendar';
import type { Case, IsoDate } from '../types';

/** Escalation to stage 2: normally within 6 months of the event or 2 months of the stage 1 response, whichever is later. */
export const ESCALATION_MONTHS_AFTER_EVENT = 6;
export const ESCALATION_MONTHS_AFTER_STAGE1_RESPONSE = 2;
/** Referral to the SPSO: normally within 12 months. */
export const SPSO_REFERRAL_MONTHS = 12;

const plusMonths = (date: IsoDate, months: number): IsoDate => parseIsoDate(date).plus({ months }).toISODate() as IsoDate;

/**
 * Last day of the usual escalation window. The event date is not recorded, so the date of receipt
 * stands in for it (the event cannot be later), which never flags a request that was in time.
 */
export function escalationWindowEnds(c: Pick<Case, 'receivedOn' | 'stage1'>): IsoDate {
  const afterEvent = plusMonths(c.receivedOn, ESCALATION_MONTHS_AFTER_EVENT);
  const closedOn = c.stage1?.closedOn;
  const afterResponse = closedOn ? plusMonths(closedOn, ESCALATION_MONTHS_AFTER_STAGE1_RESPONSE) : afterEvent;
  return afterEvent > afterResponse ? afterEvent : afterResponse;
}

/** Last day of the usual window for going to the SPSO after the stage 2 response. */
export function spsoReferralWindowEnds(stage2ClosedOn: IsoDate): IsoDate {
  return plusMonths(stage2ClosedOn, SPSO_REFERRAL_MONTHS);
}
