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
        text: `${signOff.decision === 'approved' ? 'Approved' : 'Returned with comments'} by ${displayNameOf(input.staff, signOff.decidedBy)}${
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
    due: dueClock ? (({ date, daysLeftText }) => `${date} (${daysLeftText})`)(dueView(input.calendar, dueClock, input.today)) : undefined,
    decision: decided,
    notice: noticeData(input.notice),
    canDecide: !signOff.decision && (input.actions.includes('approve-signoff') || input.actions.includes('return-signoff')),
    action: { reference: c.reference, rev: caseRevision(c) },
    refreshUserIds: [...new Set(input.refreshUserIds)].slice(0, MAX_REFRESH_USERS),
  };
}

export function approvalCard(input: ApprovalCardInput): AdaptiveCardJson {
  return expandCard(template, approvalCardData(input));
}
