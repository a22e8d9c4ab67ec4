/**
 * How the actions on a case are laid out for a person: the next procedural step (the one primary
 * button), the everyday actions beside it, the rare or irreversible ones kept under "More" (each asking
 * for confirmation in the words below), and — for the steps the case's stage needs that this person is
 * not offered — why not, in plain words: from their role definitions ("Your role, Complaints manager,
 * does not let you close stage 1 …") or from the workflow rule. Pure: the API computes it, the tab and
 * cards only render it.
 */
import { hasPermission } from './permissions';
import { definitionsInForce, type RoleDefinition } from './roles';
import { roleLabel } from './labels';
import type { Actor, Case, CaseStatus } from './types';
import { actionNeeds, checkAllowed } from './workflow/guards';
import type { CaseActionType } from './workflow/types';

/**
 * The procedure's next step in each state, most pressing first: the first of these the person is
 * offered is their primary action. A stage 2 complaint is acknowledged before anything else; a closed
 * complaint still owes its root cause (the learning), an SPSO referral its decision and recommendations.
 */
export function nextStepCandidates(c: Case): CaseActionType[] {
  const rootCauseOwed = c.kind === 'complaint' && !c.rootCause ? (['record-root-cause'] as const) : [];
  switch (c.status) {
    case 'stage1':
      return ['close-stage1'];
    case 'stage2':
      return c.stage2?.acknowledgedOn ? ['request-signoff'] : ['acknowledge'];
    case 'stage2-signoff':
      return ['approve-signoff'];
    case 'stage2-signed-off':
      return ['close-stage2'];
    case 'stage1-closed':
      return [...rootCauseOwed];
    case 'stage2-closed':
      if (c.spso && !c.spso.decision) return ['record-spso-decision'];
      if (c.spso?.recommendations.some((r) => !r.implementedOn)) return ['record-spso-recommendation-implemented'];
      return [...rootCauseOwed];
    default:
      return [];
  }
}

/** The next procedural step this person can take, if any: the primary button. */
export function nextStep(c: Case, offered: readonly CaseActionType[]): CaseActionType | undefined {
  return nextStepCandidates(c).find((type) => offered.includes(type));
}

/**
 * Actions that are rare or cannot be undone: kept under "More", and confirmed in these words before
 * anything is sent. (Returning a draft is not here: it is the everyday other half of sign-off.)
 */
export const CONFIRMED_ACTIONS: Partial<Record<CaseActionType, (c: Case) => string>> = {
  withdraw: (c) => `Record that the customer withdrew ${c.reference}? The complaint is closed for good: it cannot be reopened, and its clock stops.`,
  'mark-not-a-complaint': (c) =>
    `Record ${c.reference} as not a complaint? It leaves the complaints procedure for good and no longer counts in the complaints figures.`,
  'set-legal-hold': (c) => `Place ${c.reference} on legal hold? It will be kept past its disposal date, and its documents cannot be removed, until the hold is released.`,
  'release-legal-hold': (c) => `Release the legal hold on ${c.reference}? It will then be disposed of on its normal date.`,
  'refer-to-spso': (c) => `Record that ${c.reference} was referred to the SPSO? The referral is kept on the record and in the SPSO figures.`,
  'record-quote-consent': (c) => `Change what may be quoted from ${c.reference}? Reports quote only the words recorded here, and only with the customer’s consent.`,
};

export const isConfirmedAction = (type: CaseActionType): boolean => CONFIRMED_ACTIONS[type] !== undefined;

/**
 * The steps a case's stage needs, whoever takes them: when one of these is not offered to a person,
 * the page says why. (Rare actions are not listed: not being offered a withdrawal needs no explanation.)
 */
const STEPS_THE_STAGE_NEEDS: Partial<Record<CaseStatus, CaseActionType[]>> = {
  stage1: ['close-stage1', 'escalate', 'extend'],
  stage2: ['acknowledge', 'request-signoff', 'extend'],
  'stage2-signoff': ['approve-signoff'],
  'stage2-signed-off': ['close-stage2'],
};

export interface NotOffered {
  action: CaseActionType;
  /** A sentence a person can act on. */
  reason: string;
}

export interface CaseActionPlan {
  /** The one primary button. */
  next?: CaseActionType;
  /** Everyday actions beside it (secondary buttons), in the workflow's order. */
  everyday: CaseActionType[];
  /** Rare or irreversible actions, under "More", each confirmed in `confirm` words before sending. */
  more: { action: CaseActionType; confirm: string }[];
  /** Steps the stage needs that this person is not offered, and why. */
  notOffered: NotOffered[];
}

/** "Complaints manager" / "Head of service and Investigator": the names of the person's roles in their organisation. */
function roleNames(actor: Actor, definitions: readonly RoleDefinition[]): { names: string; plural: boolean } {
  const byId = new Map(definitions.map((d) => [d.id, d.name]));
  const names = actor.roles.map((r) => byId.get(r) ?? roleLabel(r));
  if (names.length === 0) return { names: 'none', plural: false };
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return { names: listed, plural: names.length > 1 };
}

/** Why this person is not offered this action on this case, or undefined when they are. */
export function whyNotOffered(c: Case, type: CaseActionType, actor: Actor, definitions: readonly RoleDefinition[] | undefined): string | undefined {
  const refused = checkAllowed(c, type, actor);
  if (!refused) return undefined;
  const { permission, doing } = actionNeeds(c, type);
  if (refused.code === 'forbidden' && !hasPermission(actor, permission)) {
    const { names, plural } = roleNames(actor, definitionsInForce(definitions));
    return `Your ${plural ? 'roles' : 'role'}, ${names}, ${plural ? 'do' : 'does'} not let you ${doing}; an administrator can change this under Roles.`;
  }
  return refused.message;
}

/**
 * The layout of the actions offered (`offered`: core availableActions for this person) and the
 * explanations for the stage's steps they are not offered.
 */
export function planCaseActions(c: Case, actor: Actor, offered: readonly CaseActionType[], definitions?: readonly RoleDefinition[]): CaseActionPlan {
  const next = nextStep(c, offered);
  const everyday = offered.filter((type) => type !== next && !isConfirmedAction(type));
  const more = offered.filter(isConfirmedAction).map((action) => ({ action, confirm: (CONFIRMED_ACTIONS[action] as (c: Case) => string)(c) }));
  const notOffered: NotOffered[] = [];
  for (const action of STEPS_THE_STAGE_NEEDS[c.status] ?? []) {
    if (offered.includes(action)) continue;
    const reason = whyNotOffered(c, action, actor, definitions);
    if (reason) notOffered.push({ action, reason });
  }
  return { ...(next ? { next } : {}), everyday, more, notOffered };
}
