/**
 * Universal Actions (adaptiveCard/action invokes): each verb becomes a core CaseAction applied with
 * an ETag-guarded store update, and the answer is the refreshed card for the person who pressed.
 * The action id is derived from the card instance (case + revision), the verb and the user, so a
 * Teams retry of the same press is replayed by the core instead of being applied twice.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkAssignment } from '../../core/ownership';
import { canSeeCase } from '../../core/permissions';
import { safeString } from '../../core/text-schema';
import { applyAction, checkAllowed, type CaseAction } from '../../core/workflow';
import { OUTCOMES, type Actor, type Case, type CaseEvent } from '../../core/types';
import type { ConversationReference } from 'botbuilder';
import type { Result } from '../../core/errors';
import { ConflictError, NotFoundError } from '../../store/index';
import type { Notice } from '../cards/caseCard';
import { extensionCard } from '../cards/extensionCard';
import { displayNameOf } from '../cards/people';
import { displayDate } from '../cards/labels';
import { readableSummary, readableText } from '../../core/labels';
import { messageCard } from '../cards/messageCard';
import { cardAttachment, type AdaptiveCardJson } from '../cards/render';
import type { Notifier } from '../proactive';
import { actorOf, type BotRuntime, type OrgView } from '../runtime';
import { ADD_NOTE_VERB, addNoteFromCard } from './noteAction';
import { approvalCardFor, approversOf, caseCardFor } from '../views';

export interface CardInvoke {
  verb: string;
  data: Record<string, unknown>;
}

// Typed text keeps the text rule of core/text.ts (refused with the input named, stored NFC).
const text = (message: string) => safeString({}, { message }).trim().min(1, message).max(10_000);
const optional = safeString().trim().max(10_000).optional().transform((v) => (v ? v : undefined));
const outcome = (message: string) => z.enum(OUTCOMES, { message });

interface VerbSpec {
  schema: z.ZodType;
  build(input: unknown, today: string): CaseAction;
}
/** A verb: the inputs it needs (ids as in the card templates) and the core action it becomes. */
function verb<S extends z.ZodType>(schema: S, build: (input: z.output<S>, today: string) => CaseAction): VerbSpec {
  return { schema, build: build as VerbSpec['build'] };
}

const ACTION_VERBS: Record<string, VerbSpec> = {
  assign: verb(z.object({ assign_owner: text('Choose the person who will handle this case.') }), (v) => ({ type: 'assign', owner: v.assign_owner })),
  acknowledge: verb(z.object({}), (_v, today) => ({ type: 'acknowledge', on: today })),
  extend: verb(
    z.object({
      ext_days: z.coerce.number({ message: 'Enter the number of extra working days.' }).int('Enter a whole number of working days.').min(1, 'An extension is at least 1 working day.'),
      ext_reason: text('Give the exceptional reason for the extension.'),
      ext_told: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date the customer was told as a date.').optional().or(z.literal('')),
    }),
    (v) => ({ type: 'extend', workingDays: v.ext_days, reason: v.ext_reason, ...(v.ext_told ? { customerToldOn: v.ext_told } : {}) }),
  ),
  closeStage1: verb(
    z.object({ close1_outcome: outcome('Choose the stage 1 outcome.'), close1_action: text('Say what was done at stage 1.') }),
    (v, today) => ({ type: 'close-stage1', outcome: v.close1_outcome, actionTaken: v.close1_action, on: today }),
  ),
  escalate: verb(z.object({ escalate_reason: text('Give the reason for escalation.') }), (v, today) => ({ type: 'escalate', on: today, reason: v.escalate_reason })),
  requestSignoff: verb(
    z.object({ signoff_summary: text('Summarise the draft final position.'), signoff_outcome: outcome('Choose the proposed outcome.') }),
    (v) => ({ type: 'request-signoff', draftSummary: v.signoff_summary, proposedOutcome: v.signoff_outcome }),
  ),
  approveSignoff: verb(z.object({ signoff_comments: optional }), (v) => ({ type: 'approve-signoff', ...(v.signoff_comments ? { comments: v.signoff_comments } : {}) })),
  returnSignoff: verb(
    z.object({ signoff_comments: text('Say what should change before the response is issued (comments are required to return it).') }),
    (v) => ({ type: 'return-signoff', comments: v.signoff_comments }),
  ),
  closeStage2: verb(z.object({ close2_action: text('Say what was done at stage 2.') }), (v, today) => ({ type: 'close-stage2', actionTaken: v.close2_action, on: today })),
  withdraw: verb(z.object({ withdraw_reason: optional }), (v, today) => ({ type: 'withdraw', on: today, ...(v.withdraw_reason ? { reason: v.withdraw_reason } : {}) })),
  notAComplaint: verb(z.object({ nac_reason: text('Give the reason this is not a complaint.') }), (v) => ({ type: 'mark-not-a-complaint', reason: v.nac_reason })),
};

function toCaseAction(spec: VerbSpec, data: Record<string, unknown>, today: string): { ok: true; action: CaseAction } | { ok: false; message: string } {
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) return { ok: false, message: [...new Set(parsed.error.issues.map(inputIssue))].join(' ') };
  return { ok: true, action: spec.build(parsed.data, today) };
}

const INPUT_LABELS: Record<string, string> = {
  ext_reason: 'The reason for the extension',
  close1_action: 'What was done at stage 1',
  escalate_reason: 'The reason for escalation',
  signoff_summary: 'The draft final position',
  signoff_comments: 'The comments',
  close2_action: 'What was done at stage 2',
  withdraw_reason: 'The reason for withdrawal',
  nac_reason: 'The reason it is not a complaint',
  assign_owner: 'The person chosen',
};
/** The verbs' own messages name their input; the text rule's are named here. */
function inputIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'custom') return issue.message;
  const input = String(issue.path[0] ?? '');
  return `${INPUT_LABELS[input] ?? input} ${issue.message}.`;
}

/** Stable per card instance, verb and person: the same press retried gives the same id. */
export function cardActionId(reference: string, rev: unknown, verb: string, userId: string): string {
  const digest = createHash('sha256').update(JSON.stringify([reference, String(rev ?? ''), verb, userId])).digest('base64url').slice(0, 22);
  return `card-${digest}`;
}

const CardData = z.object({ reference: z.string().trim().min(1), rev: z.union([z.string(), z.number()]).optional() });

type CardKind = 'case' | 'approval' | 'extension';
const cardKindOf = (verb: string): CardKind =>
  verb === 'approveSignoff' || verb === 'returnSignoff' || verb === 'refreshApproval' || verb === 'openApproval' ? 'approval' : verb === 'extend' || verb === 'openExtension' ? 'extension' : 'case';

export class CardActionHandler {
  constructor(
    private readonly rt: BotRuntime,
    private readonly notifier: Notifier,
  ) {}

  async handle(view: OrgView, actor: Actor, invoke: CardInvoke, via: Partial<ConversationReference>): Promise<AdaptiveCardJson> {
    const data = CardData.safeParse(invoke.data);
    if (!data.success) return messageCard({ title: 'This card is out of date', colour: 'attention', lines: ['It does not say which case it is about; ask for the case again, for example "case CHP-2026-000123".'] });
    const { reference, rev } = data.data;
    const verb = invoke.verb;
    if (verb === ADD_NOTE_VERB) {
      const added = await addNoteFromCard(this.rt, view, actor, reference, rev, invoke.data);
      return added ? this.cardFor('case', view, added.case, actor, added.notice) : missingCase(reference);
    }
    const spec = Object.hasOwn(ACTION_VERBS, verb) ? ACTION_VERBS[verb] : undefined;
    // Actions go straight to the ETag-guarded update (which reads the case once); views read it here.
    if (!spec) return this.view(view, actor, reference, verb);

    const parsed = toCaseAction(spec, invoke.data, this.rt.today());
    if (!parsed.ok) return this.refusal(view, actor, reference, verb, parsed.message);
    const { action } = parsed;
    const context = {
      actor,
      now: this.rt.now().toISOString(),
      actionId: cardActionId(reference, rev, verb, actor.userId),
      calendar: view.calendar,
      settings: view.org.settings,
    };
    // The people picker answers with an Entra object id: only the organisation's complaints staff may
    // own the case, and a refusal sends nothing to anyone (no card to an outsider's new 1:1 chat).
    const newOwner = action.type === 'assign' ? await this.rt.store.staff.actorOf(view.org, action.owner) : undefined;
    const ownerContext = { candidateId: action.type === 'assign' ? action.owner : '', orgName: view.org.settings.name };
    let lostAccess = false;
    let result: Result<{ case: Case; event: CaseEvent; replayed: boolean }>;
    try {
      result = await this.rt.store.cases.update(view.orgId, reference, (latest) => {
        lostAccess = !canSeeCase(actor, latest);
        if (lostAccess) return { ok: false, error: { code: 'forbidden', message: noAccess(reference) } };
        const refused = action.type === 'assign' ? checkAssignment(latest, actor, newOwner, ownerContext) : null;
        return refused ? { ok: false, error: refused } : applyAction(latest, action, context);
      });
    } catch (error) {
      if (error instanceof NotFoundError) return missingCase(reference);
      if (!(error instanceof ConflictError)) throw error;
      result = { ok: false, error: { code: 'not-allowed-now', message: 'Several people changed this case at the same moment; check the card below and press again if still needed.' } };
    }
    if (lostAccess) return missingCase(reference);
    if (!result.ok) return this.refusal(view, actor, reference, verb, result.error.message);
    const { case: updated, event, replayed } = result.value;
    // A replay (Teams retrying the same press) has told everyone already.
    if (!replayed) this.notifier.inBackground(() => this.afterChange(view, actor, action, updated, via, newOwner));
    const kind = cardKindOf(verb) === 'extension' ? 'case' : cardKindOf(verb);
    return this.cardFor(kind, view, updated, actor, { kind: 'success', text: this.doneText(view, action, updated, event) });
  }

  /** The card as it is now, with why the press changed nothing. */
  private async refusal(view: OrgView, actor: Actor, reference: string, verb: string, why: string): Promise<AdaptiveCardJson> {
    const latest = await this.rt.store.cases.get(view.orgId, reference);
    if (!latest || !canSeeCase(actor, latest)) return missingCase(reference);
    return this.cardFor(cardKindOf(verb), view, latest, actor, refused(why));
  }

  /** Buttons that only show something: refresh, open the approval or extension card. */
  private async view(view: OrgView, actor: Actor, reference: string, verb: string): Promise<AdaptiveCardJson> {
    const current = await this.rt.store.cases.get(view.orgId, reference);
    if (!current || !canSeeCase(actor, current)) return missingCase(reference);
    if (verb === 'refresh' || verb === 'openCase') {
      // The card shows the case to this person: a social-work or legal-hold case's access log records it.
      await this.rt.store.audit.recordOpening(current, actor, 'bot', this.rt.now().toISOString(), this.rt.newId());
      return this.cardFor('case', view, current, actor);
    }
    if (verb === 'refreshApproval' || verb === 'openApproval') return this.cardFor('approval', view, current, actor);
    if (verb === 'openExtension') {
      const problem = checkAllowed(current, 'extend', actor);
      return problem ? this.cardFor('case', view, current, actor, refused(problem.message)) : extensionCard(current);
    }
    return this.cardFor('case', view, current, actor, refused(`The button "${verb}" is not known; refresh the card.`));
  }

  private cardFor(kind: CardKind, view: OrgView, c: Case, actor: Actor, notice?: Notice): AdaptiveCardJson {
    if (kind === 'approval' && c.stage2?.signOff) return approvalCardFor(view, c, actor, this.rt.today(), notice);
    if (kind === 'extension' && (c.status === 'stage1' || c.status === 'stage2' || c.status === 'stage2-signoff' || c.status === 'stage2-signed-off')) {
      return extensionCard(c, notice);
    }
    return caseCardFor(view, c, actor, this.rt.today(), notice);
  }

  private doneText(view: OrgView, action: CaseAction, c: Case, event: CaseEvent): string {
    switch (action.type) {
      case 'assign':
        return `Assigned to ${displayNameOf(view.staff, action.owner)}; they will get a message with this card.`;
      case 'extend': {
        const due = c.status === 'stage1' ? c.stage1?.clock.due : c.stage2?.clock.due;
        return `Extension authorised: now due ${due ? displayDate(due) : 'later'}.`;
      }
      case 'request-signoff':
        return 'Sent for sign-off; each approver gets the approval card.';
      case 'approve-signoff':
        return `Approved by ${displayNameOf(view.staff, c.stage2?.signOff?.decidedBy)}.`;
      case 'return-signoff':
        return `Returned to ${displayNameOf(view.staff, c.stage2?.signOff?.author)} with comments.`;
      default:
        return readableSummary(event.summary, (id) => displayNameOf(view.staff, id));
    }
  }

  /** Who must hear about the change: the new owner, the approvers, the author of a decided draft. */
  private async afterChange(view: OrgView, actor: Actor, action: CaseAction, c: Case, via: Partial<ConversationReference>, newOwner?: Actor): Promise<void> {
    const today = this.rt.today();
    const send = async (userId: string, card: AdaptiveCardJson, summary: string) => {
      const delivered = await this.notifier
        .sendToUser(view.orgId, userId, { type: 'message', summary, attachments: [cardAttachment(card)] }, via)
        .catch((error: unknown) => {
          this.rt.logger.error('proactive message failed', { orgId: view.orgId, reference: c.reference, error: String(error) });
          return 'unreachable' as const;
        });
      if (delivered === 'unreachable') this.rt.logger.info('proactive message not delivered', { orgId: view.orgId, reference: c.reference });
    };
    if (action.type === 'assign' && action.owner !== actor.userId) {
      const owner = newOwner ?? actorOf(view, action.owner);
      const notice: Notice = { kind: 'info', text: `${actor.displayName} assigned ${c.reference} to you.` };
      await send(action.owner, caseCardFor(view, c, owner, today, notice), `${c.reference} assigned to you`);
    }
    if (action.type === 'request-signoff') {
      await Promise.all(approversOf(view, c).map((approverId) => send(approverId, approvalCardFor(view, c, actorOf(view, approverId), today), `Sign-off requested: ${c.reference}`)));
    }
    if ((action.type === 'approve-signoff' || action.type === 'return-signoff') && c.stage2?.signOff?.author && c.stage2.signOff.author !== actor.userId) {
      const author = actorOf(view, c.stage2.signOff.author);
      await send(author.userId, approvalCardFor(view, c, author, today), `Sign-off decision: ${c.reference}`);
    }
  }
}

// Refusals come from the core; their dates and outcome codes are put in words here.
const refused = (text: string): Notice => ({ kind: 'refused', text: readableText(text) });
const noAccess = (reference: string) => `There is no case ${reference} in your organisation that you can see.`;
const missingCase = (reference: string) => messageCard({ title: `No case ${reference}`, colour: 'attention', lines: [noAccess(reference)] });
