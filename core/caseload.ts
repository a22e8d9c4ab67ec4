/**
 * The caseload as a person sees it (Teams tab, cards): which views of the caseload they have (my
 * cases / my team / all), the scope each view reads, the running clock of a case with its working
 * days left and RAG, and who may be made a case's owner. Pure rules; adapters only display them.
 */
import type { WorkingCalendar } from './calendar';
import { ragStatus, workingDaysLeft, type Rag } from './clocks';
import { caseScope, hasPermission, type CaseScope } from './permissions';
import { withGrant, type RoleDefinition } from './roles';
import type { Actor, Case, CaseStatus, IsoDate, RoleId, StageClock } from './types';

export const CASELOAD_VIEWS = ['mine', 'team', 'all'] as const;
export type CaseloadView = (typeof CASELOAD_VIEWS)[number];

/** Statuses whose stage clock is running. */
const RUNNING: Record<string, 1 | 2> = { stage1: 1, stage2: 2, 'stage2-signoff': 2, 'stage2-signed-off': 2 };

/** Open cases: a stage clock is running. Everything else (closed, withdrawn, not a complaint, a recorded compliment) is closed work. */
export const OPEN_STATUSES: readonly CaseStatus[] = Object.keys(RUNNING) as CaseStatus[];

/** Orders of a list. "due" is also the order of working days left (fewer left first). */
export const CASE_SORTS = ['due', 'received', 'reference', 'owner', 'service'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/**
 * The managers' queue: stage 2 final positions waiting for sign-off, for those who may approve them.
 * Not one of the views (mine / team / all) but listed and counted like one.
 */
export const SIGNOFF_QUEUE = 'signoff';
export type CaseloadList = CaseloadView | typeof SIGNOFF_QUEUE;

/** People who can handle (own) cases: they may update them. */
export const canOwnCases = (roles: readonly RoleId[], definitions?: readonly RoleDefinition[]): boolean =>
  hasPermission(withGrant({ userId: '', displayName: '', roles: [...roles], services: [] }, definitions), 'case.update');

/**
 * The views offered, in order: "mine" to those who can own cases, "team" to those who see whole
 * services they work in (or everything and work in some service), "all" to anyone who may read cases.
 */
export function caseloadViews(actor: Actor): CaseloadView[] {
  const scope = caseScope(actor);
  if (!scope) return [];
  const views: CaseloadView[] = [];
  if (hasPermission(actor, 'case.update')) views.push('mine');
  if (teamServices(actor, scope).length > 0) views.push('team');
  views.push('all');
  return views;
}

function teamServices(actor: Actor, scope: CaseScope): string[] {
  return scope.all ? [...actor.services] : scope.services.filter((s) => actor.services.includes(s));
}

/**
 * What one view reads: always inside the actor's own scope, narrowed further. Null when the view is
 * not offered to this actor. "mine" also needs the owner filter (returned as `owner`).
 */
export function scopeForView(actor: Actor, view: CaseloadView): { scope: CaseScope; owner?: string } | null {
  const scope = caseScope(actor);
  if (!scope || !caseloadViews(actor).includes(view)) return null;
  if (view === 'mine') return { scope, owner: actor.userId };
  if (view === 'team') return { scope: { all: false, services: teamServices(actor, scope), userId: '', socialWork: false } };
  return { scope };
}

/** What a list reads: a scope, narrowed by owner, statuses or (the sign-off queue) whose drafts are left out. */
export interface ListScope {
  scope: CaseScope;
  owner?: string;
  statuses?: CaseStatus[];
  /** Leave out the drafts this person wrote: nobody signs off their own final position. */
  notDraftedBy?: string;
}

/** Whether the person has a sign-off queue: they may approve final positions and can read cases. */
export function hasSignOffQueue(actor: Actor): boolean {
  return caseScope(actor) !== null && hasPermission(actor, 'case.signoff');
}

/** The scope of a view or of the sign-off queue; null when the person does not have it. */
export function scopeForList(actor: Actor, list: CaseloadList): ListScope | null {
  if (list !== SIGNOFF_QUEUE) return scopeForView(actor, list);
  const scope = caseScope(actor);
  if (!scope || !hasSignOffQueue(actor)) return null;
  return { scope, statuses: ['stage2-signoff'], notDraftedBy: actor.userId };
}

/**
 * Due dates that make an open case "due soon" (amber) when seen on `today`: from today up to, not
 * including, the second working day after it — the same rule as ragStatus, as a date range a
 * query can count.
 */
export function dueSoonRange(calendar: WorkingCalendar, today: IsoDate): { from: IsoDate; before: IsoDate } {
  return { from: today, before: calendar.addWorkingDays(today, 2) };
}

export interface ClockStatus {
  stage: 1 | 2;
  due: IsoDate;
  /** 0 on the due date, negative once overdue. */
  workingDaysLeft: number;
  /** Red when overdue, amber when due within 1 working day. */
  rag: Rag;
  overdue: boolean;
}

/** The clock running now (open stage 1 or stage 2), if any. */
export function runningClock(c: Pick<Case, 'status' | 'stage1' | 'stage2'>): { stage: 1 | 2; clock: StageClock } | undefined {
  const stage = RUNNING[c.status];
  const clock = stage === 1 ? c.stage1?.clock : stage === 2 ? c.stage2?.clock : undefined;
  return stage && clock ? { stage, clock } : undefined;
}

/** Working days left and RAG of the running clock seen on `today`; undefined for a closed case. */
export function clockStatus(c: Pick<Case, 'status' | 'stage1' | 'stage2'>, calendar: WorkingCalendar, today: IsoDate): ClockStatus | undefined {
  const running = runningClock(c);
  if (!running) return undefined;
  const { stage, clock } = running;
  return {
    stage,
    due: clock.due,
    workingDaysLeft: workingDaysLeft(calendar, clock, today),
    rag: ragStatus(calendar, clock, today),
    overdue: today > clock.due,
  };
}
