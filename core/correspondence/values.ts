/** The merge values of one case, on one day, for one writer: every date in words, every deadline computed. */
import { outcomeLabel } from '../labels';
import type { Case, IsoDate } from '../types';
import { escalationWindowEnds, spsoReferralWindowEnds } from '../workflow/time-limits';
import { dateInWords } from './dates';
import type { CorrespondenceSettings } from './fields';
import type { MergeValues } from './render';

export interface MergeInput {
  case: Case;
  orgName: string;
  officerName: string;
  /** Today in Europe/London: the date of the letter. */
  today: IsoDate;
  settings: Pick<CorrespondenceSettings, 'spsoContact' | 'stage2HowToAsk'>;
}

const inWords = (date: IsoDate | undefined): string | undefined => (date ? dateInWords(date) : undefined);

export function mergeValues({ case: c, orgName, officerName, today, settings }: MergeInput): MergeValues {
  const extensions = [...(c.stage1?.extensions ?? []), ...(c.stage2?.extensions ?? [])];
  const latest = extensions.at(-1);
  const outcome = c.stage2?.outcome ?? c.stage2?.signOff?.proposedOutcome ?? c.stage1?.outcome;
  return {
    reference: c.reference,
    orgName,
    customerName: c.customer.name?.trim() || 'customer',
    officerName,
    today: dateInWords(today),
    receivedOn: dateInWords(c.receivedOn),
    natureOfComplaint: c.nature,
    stage1DueOn: inWords(c.stage1?.clock.due),
    stage2DueOn: inWords(c.stage2?.clock.due),
    extensionReason: latest?.reason,
    newDueOn: inWords(latest?.newDue),
    outcome: outcome ? outcomeLabel(outcome).toLowerCase() : undefined,
    // The decision is dated today, so the usual escalation window counts from today.
    escalationDeadline: dateInWords(escalationWindowEnds({ receivedOn: c.receivedOn, stage1: { ...c.stage1!, closedOn: c.stage1?.closedOn ?? today } })),
    spsoDeadline: dateInWords(spsoReferralWindowEnds(today)),
    stage2HowToAsk: settings.stage2HowToAsk,
    spsoContact: settings.spsoContact,
    notAComplaintReason: c.notAComplaintReason,
  };
}
