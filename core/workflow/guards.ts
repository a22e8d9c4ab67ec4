/**
 * Who may take which action in which state. One rule set serves both applyAction (which refuses)
 * and availableActions (which offers), so a UI never offers what would be refused.
 */
import { violation, type RuleViolation } from '../errors';
import { canSeeCase, hasPermission, type Permission } from '../permissions';
import { STAGE1_MAX_EXTENSION_DAYS } from '../clocks';
import type { Actor, Case, CaseStatus } from '../types';
import { CASE_ACTION_TYPES, type CaseActionType } from './types';

export const OPEN_STATUSES: readonly CaseStatus[] = ['stage1', 'stage2', 'stage2-signoff', 'stage2-signed-off'];
export const STAGE2_OPEN_STATUSES: readonly CaseStatus[] = ['stage2', 'stage2-signoff', 'stage2-signed-off'];

const STATUS_WORDS: Record<CaseStatus, string> = {
  stage1: 'at stage 1',
  'stage1-closed': 'closed at stage 1',
  stage2: 'under stage 2 investigation',
  'stage2-signoff': 'waiting for sign-off',
  'stage2-signed-off': 'signed off and waiting to be issued',
  'stage2-closed': 'closed at stage 2',
  withdrawn: 'withdrawn',
  'not-a-complaint': 'recorded as not a complaint',
  recorded: 'a recorded compliment or comment',
};

export const describeStatus = (c: Case): string => `${c.reference} is ${STATUS_WORDS[c.status]}`;

/** What each action needs: the permission, a phrase for messages, and the states it applies in. */
interface ActionRule {
  doing: string;
  permission: (c: Case) => Permission;
  whoMay: (c: Case) => string;
  /** Null when the action fits the case's current state, else why not. */
  stateProblem: (c: Case, actor: Actor) => string | null;
}

const inStatus = (allowed: readonly CaseStatus[], need: string) => (c: Case) =>
  allowed.includes(c.status) ? null : `${describeStatus(c)}; ${need}.`;

const isStage2 = (c: Case) => STAGE2_OPEN_STATUSES.includes(c.status);

const RULES: Record<CaseActionType, ActionRule> = {
  assign: {
    doing: 'assign cases',
    permission: () => 'case.assign',
    whoMay: () => 'a head of service, complaints manager or senior manager',
    stateProblem: (c) =>
      c.status === 'withdrawn' || c.status === 'not-a-complaint' ? `${describeStatus(c)}, so it has no handler to assign.` : null,
  },
  extend: {
    doing: 'extend this timescale',
    permission: (c) => (isStage2(c) ? 'case.extend.stage2' : 'case.extend.stage1'),
    whoMay: (c) =>
      isStage2(c)
        ? 'a senior manager (director or chief executive), as the CHP requires for stage 2'
        : 'a manager (head of service, complaints manager or senior manager)',
    stateProblem: (c) => {
      if (c.status === 'stage1') {
        const used = c.stage1?.clock.extensionDays ?? 0;
        return used >= STAGE1_MAX_EXTENSION_DAYS
          ? `Stage 1 has already been extended by the maximum ${STAGE1_MAX_EXTENSION_DAYS} working days; escalate to stage 2 instead.`
          : null;
      }
      return isStage2(c) ? null : `${describeStatus(c)}; only an open stage 1 or stage 2 can be extended.`;
    },
  },
  acknowledge: {
    doing: 'acknowledge stage 2 complaints',
    permission: () => 'case.acknowledge',
    whoMay: () => 'an investigator or a manager',
    stateProblem: (c) => {
      if (!isStage2(c)) return `${describeStatus(c)}; only a stage 2 complaint is acknowledged.`;
      return c.stage2?.acknowledgedOn ? `Stage 2 was already acknowledged on ${c.stage2.acknowledgedOn}.` : null;
    },
  },
  'close-stage1': {
    doing: 'close stage 1',
    permission: () => 'case.close',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: inStatus(['stage1'], 'only an open stage 1 complaint can be closed at stage 1'),
  },
  escalate: {
    doing: 'escalate complaints to stage 2',
    permission: () => 'case.escalate',
    whoMay: () => 'an investigator or a manager',
    stateProblem: inStatus(['stage1', 'stage1-closed'], 'only a stage 1 complaint (open or closed) can be escalated'),
  },
  'request-signoff': {
    doing: 'send a final position for sign-off',
    permission: () => 'case.request-signoff',
    whoMay: () => 'an investigator or a manager',
    stateProblem: inStatus(['stage2'], 'a draft can be sent for sign-off only during a stage 2 investigation'),
  },
  'approve-signoff': {
    doing: 'sign off stage 2 decisions',
    permission: () => 'case.signoff',
    whoMay: () => 'a head of service, director or chief executive',
    stateProblem: (c, actor) => signOffProblem(c, actor),
  },
  'return-signoff': {
    doing: 'sign off stage 2 decisions',
    permission: () => 'case.signoff',
    whoMay: () => 'a head of service, director or chief executive',
    stateProblem: (c, actor) => signOffProblem(c, actor),
  },
  'close-stage2': {
    doing: 'issue stage 2 final responses',
    permission: () => 'case.close.stage2',
    whoMay: () => 'an investigator or a manager',
    stateProblem: (c) =>
      c.status === 'stage2-signed-off'
        ? null
        : isStage2(c)
          ? `The final position of ${c.reference} has not been signed off yet; it must be approved before stage 2 is closed.`
          : `${describeStatus(c)}; only a signed-off stage 2 complaint can be closed at stage 2.`,
  },
  withdraw: {
    doing: 'record withdrawals',
    permission: () => 'case.withdraw',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: inStatus(OPEN_STATUSES, 'only an open complaint can be withdrawn'),
  },
  'mark-not-a-complaint': {
    doing: 'record that something is not a complaint',
    permission: () => 'case.not-a-complaint',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: inStatus(['stage1', 'stage2'], 'only an open complaint not awaiting sign-off can be marked not a complaint'),
  },
  'record-root-cause': {
    doing: 'record root causes',
    permission: () => 'case.root-cause',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: (c) =>
      c.kind !== 'complaint' || c.status === 'not-a-complaint'
        ? `${describeStatus(c)}; root causes are recorded for complaints.`
        : null,
  },
  'update-details': {
    doing: 'update case details',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: () => null,
  },
  'refer-to-spso': {
    doing: 'record SPSO referrals',
    permission: () => 'case.spso',
    whoMay: () => 'the complaints manager (SPSO liaison officer) or a senior manager',
    stateProblem: (c) => {
      if (c.spso) return `${c.reference} was already referred to the SPSO on ${c.spso.referredOn}.`;
      return c.status === 'stage2-closed' ? null : `${describeStatus(c)}; the SPSO considers complaints after stage 2 is closed.`;
    },
  },
  'record-spso-decision': {
    doing: "record the SPSO's decisions",
    permission: () => 'case.spso',
    whoMay: () => 'the complaints manager (SPSO liaison officer) or a senior manager',
    stateProblem: (c) => {
      if (!c.spso) return `${c.reference} has not been referred to the SPSO; record the referral first.`;
      return c.spso.decision ? `The SPSO's decision (${c.spso.decision}) was already recorded on ${c.spso.decidedOn}.` : null;
    },
  },
  'record-spso-recommendation-implemented': {
    doing: 'confirm SPSO recommendations are implemented',
    permission: () => 'case.spso',
    whoMay: () => 'the complaints manager (SPSO liaison officer) or a senior manager',
    stateProblem: (c) => {
      if (!c.spso?.decision) return `No SPSO decision is recorded for ${c.reference}, so there are no recommendations to implement.`;
      return c.spso.recommendations.some((r) => !r.implementedOn)
        ? null
        : `Every SPSO recommendation for ${c.reference} is already recorded as implemented.`;
    },
  },
  'set-legal-hold': {
    doing: 'place legal holds',
    permission: () => 'case.legal-hold',
    whoMay: () => 'the complaints manager or a senior manager',
    stateProblem: (c) => (c.legalHold ? `${c.reference} is already on legal hold (${c.legalHold.reason}).` : null),
  },
  'release-legal-hold': {
    doing: 'release legal holds',
    permission: () => 'case.legal-hold',
    whoMay: () => 'the complaints manager or a senior manager',
    stateProblem: (c) => (c.legalHold ? null : `${c.reference} is not on legal hold.`),
  },
  'record-quote-consent': {
    doing: 'record consent to quote compliments',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: (c) => (c.kind === 'compliment' ? null : `${c.reference} is not a compliment; only compliments are quoted in reports.`),
  },
  'link-message': {
    doing: 'add messages to cases',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    // Any status: a reply after closing (e.g. asking to escalate) still belongs on the record.
    stateProblem: (c) =>
      c.source?.conversationId
        ? null
        : `${c.reference} was not logged from a message in a conversation, so there are no replies to add; log the message as its own case.`,
  },
  'record-attachments-copied': {
    doing: 'copy attachments to cases',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: (c) =>
      (c.source && c.source.kind !== 'tab') || c.linkedMessages?.length ? null : `${c.reference} was not logged from a message, so there are no attachments to copy.`,
  },
  'add-document': {
    doing: 'add documents to cases',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    // Any status: letters and evidence keep arriving after a case closes (an SPSO enquiry, say).
    stateProblem: () => null,
  },
  'remove-document': {
    doing: 'remove documents from cases',
    permission: () => 'case.update',
    whoMay: () => 'the person who added it or a manager',
    // Whose document it is depends on the document: core/documents.ts decides that in the action.
    stateProblem: (c) => (c.legalHold ? `${c.reference} is on legal hold (${c.legalHold.reason}), so none of its documents can be removed until the hold is released.` : null),
  },
  'link-case': {
    doing: 'link cases',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    // Any status: a repeat complaint is often made after the first was closed.
    stateProblem: () => null,
  },
  'void-signoff': {
    doing: 'change a response sent for sign-off',
    permission: () => 'case.request-signoff',
    whoMay: () => 'an investigator or a manager',
    stateProblem: (c) =>
      (c.status === 'stage2-signoff' || c.status === 'stage2-signed-off') && c.stage2?.signOff?.letter
        ? null
        : `${describeStatus(c)}; there is no response text waiting for or holding a sign-off.`,
  },
  'record-correspondence-sent': {
    doing: 'write to customers',
    permission: () => 'case.update',
    whoMay: () => 'a complaint handler or a manager',
    stateProblem: () => null,
  },
};

function signOffProblem(c: Case, actor: Actor): string | null {
  if (c.status !== 'stage2-signoff') return `${describeStatus(c)}; there is no final position waiting for sign-off.`;
  const author = c.stage2?.signOff?.author;
  return author === actor.userId
    ? 'You drafted this final position, so you cannot sign it off; another appropriate manager must approve or return it.'
    : null;
}

/** Why this actor may not take this action on this case now, or null when they may. */
export function checkAllowed(c: Case, type: CaseActionType, actor: Actor): RuleViolation | null {
  const rule = RULES[type];
  if (!rule) return violation('invalid-input', `"${String(type)}" is not an action on a case.`);
  if (!canSeeCase(actor, c)) return violation('forbidden', `You do not have access to ${c.reference}.`);
  if (!hasPermission(actor, rule.permission(c)))
    return violation('forbidden', `You may not ${rule.doing}; ask ${rule.whoMay(c)}.`);
  const problem = rule.stateProblem(c, actor);
  return problem ? violation('not-allowed-now', problem) : null;
}

/** The permission an action needs on this case, and the words for doing it ("close stage 1"): for saying why it is not offered. */
export function actionNeeds(c: Case, type: CaseActionType): { permission: Permission; doing: string } {
  const rule = RULES[type];
  return { permission: rule.permission(c), doing: rule.doing };
}

/** Actions the adapters take as a consequence of something else (sending a letter, changing its text); never offered as buttons. */
export const CONSEQUENTIAL_ACTIONS: readonly CaseActionType[] = ['void-signoff', 'record-correspondence-sent'];

/** The actions this actor may take on this case now (drives buttons on cards and in the tab). */
export function availableActions(current: Case, actor: Actor): CaseActionType[] {
  return CASE_ACTION_TYPES.filter((type) => !CONSEQUENTIAL_ACTIONS.includes(type) && checkAllowed(current, type, actor) === null);
}
