/** Words shown on cards: status, stage, outcome and due-date phrases. Presentation only. */
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../core/calendar';
import { ragStatus, workingDaysLeft, type Rag } from '../../core/clocks';
import type { Case, CaseStatus, IsoDate, Outcome, StageClock } from '../../core/types';
import { OUTCOMES } from '../../core/types';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  stage1: 'Stage 1 – frontline response',
  'stage1-closed': 'Stage 1 closed',
  stage2: 'Stage 2 – investigation',
  'stage2-signoff': 'Stage 2 – awaiting sign-off',
  'stage2-signed-off': 'Stage 2 – signed off, ready to issue',
  'stage2-closed': 'Stage 2 closed',
  withdrawn: 'Withdrawn',
  'not-a-complaint': 'Not a complaint',
  recorded: 'Recorded',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  upheld: 'Upheld',
  'partially-upheld': 'Partially upheld',
  'not-upheld': 'Not upheld',
  resolved: 'Resolved',
};

export const OUTCOME_CHOICES = OUTCOMES.map((value) => ({ title: OUTCOME_LABELS[value], value }));

/** Adaptive Card colours for the RAG status. */
export const RAG_COLOURS: Record<Rag, 'attention' | 'warning' | 'good'> = { red: 'attention', amber: 'warning', green: 'good' };
const RAG_WORDS: Record<Rag, string> = { red: 'Red – overdue', amber: 'Amber – due within 1 working day', green: 'Green – on track' };

/** "Mon 9 Mar 2026" */
export function displayDate(date: IsoDate): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat('ccc d LLL yyyy');
}

/** "Mon 9 Mar 2026 14:05" in Europe/London. */
export function displayDateTime(instant: string): string {
  return DateTime.fromISO(instant, { setZone: true }).setZone('Europe/London').toFormat('ccc d LLL yyyy HH:mm');
}

/** The running clock of an open case, or undefined when no clock runs (closed, withdrawn, recorded). */
export function runningClock(c: Case): { stage: 1 | 2; clock: StageClock } | undefined {
  if (c.status === 'stage1' && c.stage1) return { stage: 1, clock: c.stage1.clock };
  if ((c.status === 'stage2' || c.status === 'stage2-signoff' || c.status === 'stage2-signed-off') && c.stage2) {
    return { stage: 2, clock: c.stage2.clock };
  }
  return undefined;
}

export interface DueView {
  date: string;
  isoDate: IsoDate;
  daysLeft: number;
  /** "3 working days left", "due today", "2 working days overdue" */
  daysLeftText: string;
  rag: Rag;
  ragText: string;
  ragColour: 'attention' | 'warning' | 'good';
}

export function daysLeftPhrase(daysLeft: number, overdue: boolean): string {
  if (overdue) {
    const late = Math.max(1, -daysLeft);
    return `${late} working day${late === 1 ? '' : 's'} overdue`;
  }
  if (daysLeft === 0) return 'due today';
  return `${daysLeft} working day${daysLeft === 1 ? '' : 's'} left`;
}

export function dueView(calendar: WorkingCalendar, clock: Pick<StageClock, 'due'>, today: IsoDate): DueView {
  const rag = ragStatus(calendar, clock, today);
  const daysLeft = workingDaysLeft(calendar, clock, today);
  return {
    date: displayDate(clock.due),
    isoDate: clock.due,
    daysLeft,
    daysLeftText: daysLeftPhrase(daysLeft, today > clock.due),
    rag,
    ragText: RAG_WORDS[rag],
    ragColour: RAG_COLOURS[rag],
  };
}

/** The customer as a card may show them: their name, or "withheld". */
export function customerLabel(c: Pick<Case, 'customer'>): string {
  if (c.customer.anonymous) return 'withheld (anonymous)';
  if (c.customer.name) return c.customer.name;
  return 'withheld';
}
