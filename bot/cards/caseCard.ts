/** The case card: one template (caseCard.json), typed data, buttons from core availableActions(). */
import type { WorkingCalendar } from '../../core/calendar';
import { NOTE_KIND_WORDS, NOTE_KINDS } from '../../core/notes';
import type { Case, IsoDate } from '../../core/types';
import type { CaseActionType } from '../../core/workflow/types';
import template from './caseCard.json';
import { customerLabel, displayDate, displayDateTime, dueView, OUTCOME_CHOICES, OUTCOME_LABELS, runningClock, STATUS_LABELS } from './labels';
import { displayNameOf, staffChoices, type Person } from './people';
import { expandCard, type AdaptiveCardJson } from './render';

/** A banner at the top of a card: the result of the last button press, or why it was refused. */
export interface Notice {
  text: string;
  kind: 'success' | 'refused' | 'info' | 'warning';
}

/** Identifies the card instance a button was pressed on; part of the idempotency key. */
export interface CardActionData {
  reference: string;
  rev: number;
}

export interface CaseCardData {
  reference: string;
  kind: string;
  customer: string;
  service: string;
  status: string;
  owner: string;
  receivedOn: string;
  nature: string;
  due?: { date: string; daysLeftText: string; ragText: string; ragColour: string };
  acknowledgeBy?: string;
  signOff?: string;
  closed?: string;
  link?: string;
  notice?: { text: string; colour: string; style: string };
  can: {
    assign: boolean;
    acknowledge: boolean;
    extend: boolean;
    closeStage1: boolean;
    escalate: boolean;
    requestSignoff: boolean;
    review: boolean;
    closeStage2: boolean;
    withdraw: boolean;
    notAComplaint: boolean;
    addNote: boolean;
  };
  noteKinds: { title: string; value: string }[];
  staff: { title: string; value: string }[];
  outcomes: { title: string; value: string }[];
  action: CardActionData;
  refreshUserIds: string[];
}

export interface CaseCardInput {
  case: Case;
  /** What this viewer may do now: core availableActions(case, viewer). */
  actions: readonly CaseActionType[];
  calendar: WorkingCalendar;
  today: IsoDate;
  staff: readonly Person[];
  /** The local choices of the assign picker: the staff who may own this case (default: all staff). */
  ownerChoices?: readonly Person[];
  /** Whether this viewer may add a note (core/notes noteRefusal); the press is checked again. */
  canAddNote?: boolean;
  /** Who gets a personal refresh (their own buttons); Teams allows at most 60. */
  refreshUserIds: readonly string[];
  notice?: Notice;
}

const NOTICE_STYLES: Record<Notice['kind'], { colour: string; style: string }> = {
  success: { colour: 'good', style: 'good' },
  refused: { colour: 'attention', style: 'attention' },
  info: { colour: 'default', style: 'emphasis' },
  warning: { colour: 'warning', style: 'warning' },
};

export const MAX_REFRESH_USERS = 60;

/** The revision of a case a card was drawn from; a new event gives a new card instance. */
export const caseRevision = (c: Case): number => c.events.length;

export function noticeData(notice: Notice | undefined): CaseCardData['notice'] {
  return notice ? { text: notice.text, ...NOTICE_STYLES[notice.kind] } : undefined;
}

function signOffLine(c: Case, staff: readonly Person[]): string | undefined {
  const s = c.stage2?.signOff;
  if (!s) return undefined;
  const author = displayNameOf(staff, s.author);
  if (!s.decision) return `Requested by ${author} on ${displayDateTime(s.requestedAt)} (proposed: ${OUTCOME_LABELS[s.proposedOutcome]})`;
  const verb = s.decision === 'approved' ? 'Approved' : 'Returned';
  return `${verb} by ${displayNameOf(staff, s.decidedBy)} on ${s.decidedAt ? displayDateTime(s.decidedAt) : 'an unknown date'}`;
}

function closedLine(c: Case): string | undefined {
  if (c.status === 'stage1-closed' && c.stage1?.closedOn) {
    return `${displayDate(c.stage1.closedOn)}${c.stage1.outcome ? ` – ${OUTCOME_LABELS[c.stage1.outcome]}` : ''}`;
  }
  if (c.status === 'stage2-closed' && c.stage2?.closedOn) {
    return `${displayDate(c.stage2.closedOn)}${c.stage2.outcome ? ` – ${OUTCOME_LABELS[c.stage2.outcome]}` : ''}`;
  }
  if (c.status === 'withdrawn' && c.withdrawnOn) return `Withdrawn on ${displayDate(c.withdrawnOn)}`;
  if (c.status === 'not-a-complaint') return `Not a complaint: ${c.notAComplaintReason ?? ''}`;
  return undefined;
}

export function caseCardData(input: CaseCardInput): CaseCardData {
  const c = input.case;
  const can = new Set(input.actions);
  const running = runningClock(c);
  const due = running ? dueView(input.calendar, running.clock, input.today) : undefined;
  const awaitingAck = c.status === 'stage2' && c.stage2 && !c.stage2.acknowledgedOn;
  return {
    reference: c.reference,
    kind: c.kind.charAt(0).toUpperCase() + c.kind.slice(1),
    customer: customerLabel(c),
    service: c.service,
    status: STATUS_LABELS[c.status],
    owner: displayNameOf(input.staff, c.owner),
    receivedOn: displayDate(c.receivedOn),
    nature: c.nature,
    due: due && { date: due.date, daysLeftText: due.daysLeftText, ragText: due.ragText, ragColour: due.ragColour },
    acknowledgeBy: awaitingAck ? displayDate(c.stage2!.acknowledgeBy) : undefined,
    signOff: signOffLine(c, input.staff),
    closed: closedLine(c),
    link: c.source?.webLink,
    notice: noticeData(input.notice),
    can: {
      assign: can.has('assign'),
      acknowledge: can.has('acknowledge'),
      extend: can.has('extend'),
      closeStage1: can.has('close-stage1'),
      escalate: can.has('escalate'),
      requestSignoff: can.has('request-signoff'),
      review: can.has('approve-signoff') || can.has('return-signoff'),
      closeStage2: can.has('close-stage2'),
      withdraw: can.has('withdraw'),
      notAComplaint: can.has('mark-not-a-complaint'),
      addNote: input.canAddNote ?? false,
    },
    noteKinds: NOTE_KINDS.map((kind) => ({ title: NOTE_KIND_WORDS[kind], value: kind })),
    staff: staffChoices(input.ownerChoices ?? input.staff),
    outcomes: OUTCOME_CHOICES,
    action: { reference: c.reference, rev: caseRevision(c) },
    refreshUserIds: [...new Set(input.refreshUserIds)].slice(0, MAX_REFRESH_USERS),
  };
}

export function caseCard(input: CaseCardInput): AdaptiveCardJson {
  return expandCard(template, caseCardData(input));
}
