/**
 * The rules that make improvement actions workable from a list (model CHP Part 4, learning from
 * complaints), on top of core/learning's life cycle: who may do what (and, for everyone else, a
 * sentence saying why the list is read-only), who may own an action (a member of staff who can follow
 * it up), and target dates that fall on a working day of the organisation's calendar.
 *
 * Pure: the adapters look up the owner's roles and the organisation's calendar and ask here.
 */
import type { WorkingCalendar } from './calendar';
import type { RuleViolation, Result } from './errors';
import {
  applyImprovementAction,
  createImprovementAction,
  type ImprovementAction,
  type ImprovementCommand,
  type ImprovementContext,
  type ImprovementEvent,
  type ImprovementOwner,
  type NewImprovementInput,
} from './learning';
import { hasPermission } from './permissions';
import { withGrant, type RoleDefinition } from './roles';
import type { Actor, IsoDate, RoleId } from './types';

/** What the actor may do with improvement actions, and why not when they may do nothing. */
export interface ImprovementAbilities {
  propose: boolean;
  authorise: boolean;
  update: boolean;
  /** Set when the person may only read: the sentence the list shows instead of buttons. */
  readOnlyReason?: string;
}

export function improvementAbilities(actor: Actor): ImprovementAbilities {
  const propose = hasPermission(actor, 'improvement.create');
  const authorise = hasPermission(actor, 'improvement.authorise');
  const update = hasPermission(actor, 'improvement.update');
  if (propose || authorise || update) return { propose, authorise, update };
  return {
    propose,
    authorise,
    update,
    readOnlyReason:
      'You can read these actions because your roles include reports, but they do not include proposing, authorising or updating improvement actions. The owner of an action updates it; ask your complaints manager if you need to.',
  };
}

/** Whether a person with these roles may own improvement actions: they must be able to follow one up. */
export const mayOwnImprovements = (roles: readonly RoleId[], definitions?: readonly RoleDefinition[]): boolean =>
  hasPermission(withGrant({ userId: '', displayName: '', roles: [...roles], services: [] }, definitions), 'improvement.update');

/**
 * Undefined when `candidate` may own an improvement action; otherwise a sentence saying why not.
 * `candidate` is undefined for someone the organisation does not know. Teams are named, not looked up.
 */
export function improvementOwnerProblem(owner: ImprovementOwner, candidate: Actor | undefined, orgName: string): string | undefined {
  if (owner.kind === 'team') return undefined;
  if (!candidate || candidate.roles.length === 0) {
    return `"${owner.displayName || owner.id}" is not a member of staff of ${orgName}; choose an owner from its staff.`;
  }
  if (!hasPermission(candidate, 'improvement.update')) {
    return `${candidate.displayName} has no role that follows up improvement actions; choose an investigator, a manager or the complaints manager.`;
  }
  return undefined;
}

type DayCalendar = Pick<WorkingCalendar, 'isWorkingDay' | 'nextWorkingDayOnOrAfter'>;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (date: IsoDate): string => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** A target date is a working day, today or later; undefined when it is. */
export function targetDateProblem(date: IsoDate, today: IsoDate, calendar: DayCalendar): string | undefined {
  if (date < today) return `The target date ${date} is in the past; set a working day from ${calendar.nextWorkingDayOnOrAfter(today)} on.`;
  if (!calendar.isWorkingDay(date)) {
    const day = weekday(date);
    const why = day === 'Saturday' || day === 'Sunday' ? `a ${day}` : 'a holiday in your organisation’s calendar';
    return `The target date ${date} is ${why}; choose a working day, for example ${calendar.nextWorkingDayOnOrAfter(date)}.`;
  }
  return undefined;
}

/** The earliest target date a new action may have: today if it is a working day, else the next one. */
export const earliestTargetDate = (today: IsoDate, calendar: DayCalendar): IsoDate => calendar.nextWorkingDayOnOrAfter(today);

/** A new action is in one of the organisation's current services (they drive per-service reporting). */
export function improvementServiceProblem(service: string, services: readonly string[]): string | undefined {
  if (services.includes(service)) return undefined;
  return `"${service}" is not one of your organisation's services; choose one of: ${services.join(', ')}.`;
}

export interface WorkChecks {
  calendar: DayCalendar;
  /** The organisation's current services: a new action must be in one of them. */
  services?: readonly string[];
  orgName: string;
  /** The proposed (or new) officer owner as the organisation knows them; undefined if unknown or a team. */
  ownerActor?: Actor;
}

const refused = (message: string): { ok: false; error: RuleViolation } => ({ ok: false, error: { code: 'invalid-input', message } });

/** Proposes an action (core/learning's rules first, so a person who may not is told that), then the owner and working-day rules. */
export function proposeImprovement(id: string, orgId: string, input: NewImprovementInput, ctx: ImprovementContext, checks: WorkChecks): Result<ImprovementAction> {
  const created = createImprovementAction(id, orgId, input, ctx);
  if (!created.ok) return created;
  const problem =
    (checks.services ? improvementServiceProblem(input.service, checks.services) : undefined) ??
    targetDateProblem(input.targetDate, ctx.today, checks.calendar) ??
    improvementOwnerProblem(input.owner, checks.ownerActor, checks.orgName);
  return problem ? refused(problem) : created;
}

/** Applies a command (core/learning decides permission and state), then checks a new owner or target date. */
export function workOnImprovement(
  current: ImprovementAction,
  command: ImprovementCommand,
  ctx: ImprovementContext,
  checks: WorkChecks,
): Result<{ action: ImprovementAction; event: ImprovementEvent; replayed: boolean }> {
  const applied = applyImprovementAction(current, command, ctx);
  if (!applied.ok || applied.value.replayed) return applied;
  const problem =
    command.type === 'change-target-date'
      ? targetDateProblem(command.targetDate, ctx.today, checks.calendar)
      : command.type === 'reassign'
        ? improvementOwnerProblem(command.owner, checks.ownerActor, checks.orgName)
        : undefined;
  return problem ? refused(problem) : applied;
}
