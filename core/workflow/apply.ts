/** Logging a case and applying actions to it: pure functions that return a new case and its audit event. */
import { isDeepStrictEqual } from 'node:util';
import { londonDate } from '../calendar';
import { acknowledgeBy, startClock } from '../clocks';
import { ok, refuse, type Result, type RuleViolation } from '../errors';
import { hasPermission } from '../permissions';
import { computeDisposalOn } from '../retention';
import type { Case, CaseEvent } from '../types';
import { HANDLERS, type Change } from './actions';
import { checkAllowed } from './guards';
import type { ActionContext, CaseAction, NewCaseInput } from './types';
import {
  checkChannel,
  checkContractor,
  checkCustomer,
  checkKind,
  checkRepresentative,
  checkService,
  checkText,
  firstProblem,
  invalid,
  isInstant,
} from './validate';

function checkContext(ctx: ActionContext): RuleViolation | null {
  return firstProblem(
    () => checkText(ctx.actionId, 'an action id'),
    () => (isInstant(ctx.now) ? null : invalid(`The current time "${String(ctx.now)}" is not an ISO date-time with a time zone.`)),
  );
}

/** Top-level fields that differ (events excluded), as before/after snapshots. */
function diff(before: Case, after: Case): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'events') continue;
    const was = (before as unknown as Record<string, unknown>)[key];
    const now = (after as unknown as Record<string, unknown>)[key];
    if (isDeepStrictEqual(was, now)) continue;
    if (was !== undefined) changed.before[key] = structuredClone(was);
    if (now !== undefined) changed.after[key] = structuredClone(now);
  }
  return changed;
}

/** Sets (or clears) the retention date for the case as it now stands. */
function applyRetention(c: Case, retentionYears: number): void {
  const disposalOn = computeDisposalOn(c, retentionYears);
  if (disposalOn) c.disposalOn = disposalOn;
  else delete c.disposalOn;
}

function makeEvent(ctx: ActionContext, change: Change, before?: Record<string, unknown>, after?: Record<string, unknown>): CaseEvent {
  return {
    id: ctx.actionId,
    at: ctx.now,
    by: ctx.actor.userId,
    type: change.type,
    summary: change.summary,
    ...(before && Object.keys(before).length ? { before } : {}),
    ...(after && Object.keys(after).length ? { after } : {}),
  };
}

function checkNewCase(input: NewCaseInput, ctx: ActionContext, reference: string): RuleViolation | null {
  return firstProblem(
    () => checkText(reference, 'the case reference'),
    () => checkKind(input.kind),
    () => checkChannel(input.channel),
    () => (isInstant(input.receivedAt) ? null : invalid(`Give the time received as an ISO date-time with a time zone (e.g. 2026-03-02T09:15:00Z); "${String(input.receivedAt)}" is not one.`)),
    () =>
      Date.parse(input.receivedAt) > Date.parse(ctx.now)
        ? invalid(`The time received (${input.receivedAt}) cannot be in the future.`)
        : null,
    () => checkText(input.nature, 'the nature of the complaint'),
    () => checkService(input.service, ctx.settings),
    () => checkCustomer(input.customer),
    () => checkRepresentative(input.representative),
    () => checkContractor(input.contractor),
    () => (typeof input.socialWork === 'boolean' ? null : invalid('Say yes or no to "social work complaint".')),
    () => (input.owner === undefined ? null : checkText(input.owner, 'the handler')),
    () => (input.startAtStage === undefined || input.startAtStage === 1 || input.startAtStage === 2 ? null : invalid('A complaint starts at stage 1 or stage 2.')),
    () =>
      input.startAtStage !== undefined && input.kind !== 'complaint'
        ? invalid(`A ${input.kind} has no stages; leave "start at stage" empty.`)
        : null,
  );
}

/** Records a new complaint, compliment or comment; a complaint's clock starts on the date of receipt. */
export function logCase(reference: string, input: NewCaseInput, ctx: ActionContext): Result<Case> {
  if (!hasPermission(ctx.actor, 'case.create')) return refuse('forbidden', 'You may not log cases; ask a complaint handler.');
  // Choosing someone else to handle a new case is assigning it (core/ownership says who may own it).
  if (typeof input.owner === 'string' && input.owner.trim() !== ctx.actor.userId && !hasPermission(ctx.actor, 'case.assign')) {
    return refuse('forbidden', 'You may not choose who handles a new case; leave the handler empty (you will handle it) and ask a manager to assign it.');
  }
  const problem = checkContext(ctx) ?? checkNewCase(input, ctx, reference);
  if (problem) return { ok: false, error: problem };

  const receivedOn = londonDate(input.receivedAt);
  const isComplaint = input.kind === 'complaint';
  const owner = input.owner?.trim() ?? (isComplaint ? ctx.actor.userId : undefined);
  const c: Case = {
    reference: reference.trim(),
    orgId: ctx.settings.orgId,
    kind: input.kind,
    status: isComplaint ? (input.startAtStage === 2 ? 'stage2' : 'stage1') : 'recorded',
    channel: input.channel,
    ...(input.source ? { source: structuredClone(input.source) } : {}),
    receivedAt: input.receivedAt,
    receivedOn,
    customer: structuredClone(input.customer),
    ...(input.representative ? { representative: structuredClone(input.representative) } : {}),
    nature: input.nature.trim(),
    service: input.service,
    ...(input.contractor ? { contractor: structuredClone(input.contractor) } : {}),
    socialWork: input.socialWork,
    ...(owner ? { owner } : {}),
    loggedBy: ctx.actor.userId,
    events: [],
  };
  if (c.status === 'stage1') c.stage1 = { clock: startClock(ctx.calendar, receivedOn, 1), extensions: [] };
  if (c.status === 'stage2')
    c.stage2 = {
      initiatedOn: receivedOn,
      route: 'direct',
      clock: startClock(ctx.calendar, receivedOn, 2),
      extensions: [],
      acknowledgeBy: acknowledgeBy(ctx.calendar, receivedOn),
    };
  applyRetention(c, ctx.settings.retentionYears);
  const due = c.stage2?.clock.due ?? c.stage1?.clock.due;
  const summary = isComplaint
    ? `Complaint logged at stage ${c.stage2 ? 2 : 1}; response due ${due}.`
    : `${input.kind === 'compliment' ? 'Compliment' : 'Comment'} recorded.`;
  c.events.push(makeEvent(ctx, { type: 'logged', summary }));
  return ok(c);
}

/**
 * Applies one action. Pure: `current` is never changed. A refusal says why and changes nothing.
 * An action whose id is already in the case's events is a replay: the case comes back unchanged
 * with the original event and `replayed: true`, so retries are safe.
 */
export function applyAction(
  current: Case,
  action: CaseAction,
  ctx: ActionContext,
): Result<{ case: Case; event: CaseEvent; replayed: boolean }> {
  const contextProblem = checkContext(ctx);
  if (contextProblem) return { ok: false, error: contextProblem };
  if (current.orgId !== ctx.settings.orgId)
    return refuse('forbidden', `${current.reference} belongs to another organisation; open it from that organisation.`);
  const earlier = current.events.find((e) => e.id === ctx.actionId);
  if (earlier) return ok({ case: current, event: earlier, replayed: true });

  const notAllowed = checkAllowed(current, action?.type, ctx.actor);
  if (notAllowed) return { ok: false, error: notAllowed };

  const draft = structuredClone(current);
  const handler = HANDLERS[action.type] as (d: Case, a: CaseAction, env: { ctx: ActionContext; today: string }) => RuleViolation | Change;
  const outcome = handler(draft, action, { ctx, today: londonDate(ctx.now) });
  if ('code' in outcome) return { ok: false, error: outcome };

  // Retention depends on the event being recorded (e.g. the date a case was marked not a complaint).
  const withRetention = { ...draft, events: [...draft.events, makeEvent(ctx, outcome)] };
  applyRetention(withRetention, ctx.settings.retentionYears);
  if (withRetention.disposalOn) draft.disposalOn = withRetention.disposalOn;
  else delete draft.disposalOn;

  const changed = diff(current, draft);
  // An event about something kept outside the case record (a document in document storage) changes no field.
  if (Object.keys(changed.after).length === 0 && Object.keys(changed.before).length === 0 && !outcome.audit)
    return refuse('invalid-input', `That would change nothing on ${current.reference}.`);
  const event = makeEvent(ctx, outcome, changed.before, { ...changed.after, ...outcome.audit });
  draft.events.push(event);
  return ok({ case: draft, event, replayed: false });
}
