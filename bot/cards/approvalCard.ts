/** The sign-off approval card sent to approvers; after a decision every copy refreshes to the decided card. */
import type { WorkingCalendar } from '../../core/calendar';
import type { Case, IsoDate } from '../../core/types';
import type { CaseActionType } from '../../core/workflow/types';
import template from './approvalCard.json';
import { caseRevision, MAX_REFRESH_USERS, noticeData, type CardActionData, type Notice } from './caseCard';
import { customerLabel, displayDateTime, dueView, OUTCOME_LABELS } from './labels';
import { displayNameOf, type Person } from './people';
import { expandCard, type AdaptiveCardJson } from './render';

export interface ApprovalCardData {
  reference: string;
  customer: string;
  service: string;
  author: string;
  requestedAt: string;
  proposedOutcome: string;
  draftSummary: string;
  /** The response text being signed off, when the request carried it (cut short on very long letters). */
  letter?: { subject: string; text: string; cut: boolean };
  due?: string;
  decision?: { text: string; colour: string; style: string; comments?: string };
  notice?: { text: string; colour: string; style: string };
  canDecide: boolean;
  action: CardActionData;
  refreshUserIds: string[];
}

export interface ApprovalCardInput {
  case: Case;
  /** What this viewer may do now: core availableActions(case, viewer). */
  actions: readonly CaseActionType[];
  calendar: WorkingCalendar;
  today: IsoDate;
  staff: readonly Person[];
  refreshUserIds: readonly string[];
  notice?: Notice;
}

export function approvalCardData(input: ApprovalCardInput): ApprovalCardData {
  const c = input.case;
  const signOff = c.stage2?.signOff;
  if (!signOff) throw new Error(`${c.reference} has no sign-off request to show`);
  const decided = signOff.decision
    ? {
        text: `${{ approved: 'Approved', returned: 'Returned with comments', voided: 'Withdrawn (the text changed)' }[signOff.decision]} by ${displayNameOf(input.staff, signOff.decidedBy)}${
          signOff.decidedAt ? ` on ${displayDateTime(signOff.decidedAt)}` : ''
        }`,
        colour: signOff.decision === 'approved' ? 'good' : 'warning',
        style: signOff.decision === 'approved' ? 'good' : 'warning',
        comments: signOff.comments || undefined,
      }
    : undefined;
  const dueClock = c.stage2?.clock;
  return {
    reference: c.reference,
    customer: customerLabel(c),
    service: c.service,
    author: displayNameOf(input.staff, signOff.author),
    requestedAt: displayDateTime(signOff.requestedAt),
    proposedOutcome: OUTCOME_LABELS[signOff.proposedOutcome],
    draftSummary: signOff.draftSummary,
    letter: signOff.letter ? letterView(signOff.letter) : undefined,
    due: dueClock ? (({ date, daysLeftText }) => `${date} (${daysLeftText})`)(dueView(input.calendar, dueClock, input.today)) : undefined,
    decision: decided,
    notice: noticeData(input.notice),
    canDecide: !signOff.decision && (input.actions.includes('approve-signoff') || input.actions.includes('return-signoff')),
    action: { reference: c.reference, rev: caseRevision(c) },
    refreshUserIds: [...new Set(input.refreshUserIds)].slice(0, MAX_REFRESH_USERS),
  };
}

/** Teams cards carry at most about 28 KB; a longer letter is shown in part and read in full on the case in the tab. */
const LETTER_SHOWN_CHARS = 6000;
function letterView(letter: { subject: string; text: string }): ApprovalCardData['letter'] {
  const cut = letter.text.length > LETTER_SHOWN_CHARS;
  return { subject: letter.subject, text: cut ? `${letter.text.slice(0, LETTER_SHOWN_CHARS)}…` : letter.text, cut };
}

export function approvalCard(input: ApprovalCardInput): AdaptiveCardJson {
  return expandCard(template, approvalCardData(input));
}
