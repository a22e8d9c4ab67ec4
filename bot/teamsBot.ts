/**
 * The Teams bot: routes activities to the handlers. Every rule is the core's; this class only finds
 * the organisation and person behind an activity and turns results into Teams responses.
 */
import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
} from 'botbuilder';
import { NOT_SET_UP_MESSAGE, noRoleNotice } from '../core/access';
import type { Actor } from '../core/types';
import { administratorsOf } from '../server/auth/actor';
import { messageCard } from './cards/messageCard';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from './cards/render';
import { CardActionHandler } from './handlers/cardActions';
import { answerCommand, parseCommand } from './handlers/commands';
import { logFormCard, loggedCaseCard, logFromForm, messageSourceOf, parseLogForm, sourceLinkOf, type MessagePayload } from './handlers/logging';
import type { Notifier } from './proactive';
import { actorOf, userIdOf, type BotRuntime, type OrgView } from './runtime';

export const LOG_AS_COMPLAINT_COMMAND = 'logAsComplaint';
/** The invokes this bot answers; any other is refused with a 400 that says so. */
export const HANDLED_INVOKES = ['adaptiveCard/action', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit'] as const;
const ORG_VIEW = Symbol('chp.orgView');

const taskCard = (title: string, card: AdaptiveCardJson): TaskModuleResponse => ({
  task: { type: 'continue', value: { title, width: 'large', height: 'large', card: CardFactory.adaptiveCard(card) } },
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An invoke error in the Universal Actions shape (`application/vnd.microsoft.error`), with the same HTTP status. */
function invokeError(status: 400 | 500, code: string, message: string): InvokeResponse {
  return { status, body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } } };
}

/** Why an invoke the bot handles cannot be answered as sent, or undefined when it can. */
function malformedInvoke(name: string, value: unknown): InvokeResponse | undefined {
  if (name === 'adaptiveCard/action') {
    const action = isObject(value) ? value.action : undefined;
    const usable = isObject(action) && action.type === 'Action.Execute' && typeof action.verb === 'string' && action.verb !== '' && (action.data === undefined || isObject(action.data));
    return usable ? undefined : invokeError(400, 'BadRequest', 'The card action is incomplete: it needs an Action.Execute with a verb and its data. Refresh the card and press the button again.');
  }
  if (name === 'task/submit' || name === 'composeExtension/submitAction') {
    if (isObject(value) && isObject(value.data)) return undefined;
    const card = messageCard({ title: 'Not logged', colour: 'attention', lines: ['The form arrived without its answers, so nothing was logged. Close this window, open the form again and press "Log it".'] });
    return { status: 200, body: taskCard('Not logged', card) };
  }
  return undefined;
}

function notSetUp(tenantId: string | undefined): AdaptiveCardJson {
  return messageCard({
    title: 'Not set up for this organisation',
    colour: 'attention',
    lines: [`This Teams organisation${tenantId ? ` (tenant ${tenantId})` : ''} is not connected to CHP complaints; ask your complaints administrator to register it.`, NOT_SET_UP_MESSAGE],
  });
}

/** For a person of the organisation with no role: the same words as the tab and the add-in. */
function noRole(view: OrgView): AdaptiveCardJson {
  const notice = noRoleNotice(view.org.settings.name, administratorsOf(view.org), view.org.settings.contact);
  return messageCard({ title: 'You have no role here yet', colour: 'warning', lines: [notice.message] });
}

type Who = { view: OrgView; actor: Actor };

/** Whether the person may use the bot: their Teams organisation is set up and they have a role in it. */
const canUse = (who: Who | undefined): who is Who => who !== undefined && who.actor.roles.length > 0;

/** What to answer instead when they may not: no organisation, or no role in it. */
const refusal = (who: Who | undefined, tenantId: string | undefined): AdaptiveCardJson => (who ? noRole(who.view) : notSetUp(tenantId));

export class ChpTeamsBot extends TeamsActivityHandler {
  private readonly cardActions: CardActionHandler;

  constructor(
    private readonly rt: BotRuntime,
    private readonly notifier: Notifier,
  ) {
    super();
    this.cardActions = new CardActionHandler(rt, notifier);

    // Every incoming activity refreshes the stored conversation reference (for proactive messages).
    this.onTurn(async (context, next) => {
      const view = await this.viewOf(context);
      if (view) {
        this.rt.rememberTeamsId(view.orgId, context.activity.from);
        await this.notifier.remember(view.orgId, context.activity).catch((error: unknown) => {
          this.rt.logger.error('could not save the conversation reference', { error: String(error) });
        });
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const who = await this.who(context);
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      const card = canUse(who) ? await answerCommand(this.rt, who.view, who.actor, parseCommand(text)) : refusal(who, this.tenantOf(context));
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
      await next();
    });
  }

  /**
   * Every invoke gets an answer a person or developer can act on: botbuilder's default for an invoke
   * it does not know, or one whose value is missing, is an empty 501 (or an error and then a 501).
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const name = context.activity.name;
    if (!name || !(HANDLED_INVOKES as readonly string[]).includes(name)) {
      return invokeError(400, 'NotSupported', `This bot does not handle that invoke; it answers ${HANDLED_INVOKES.join(', ')}.`);
    }
    const malformed = malformedInvoke(name, context.activity.value);
    if (malformed) return malformed;
    try {
      return await super.onInvokeActivity(context);
    } catch (error) {
      this.rt.logger.error('bot invoke failed', { name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return invokeError(500, 'InternalError', 'Something went wrong on our side; please try again.');
    }
  }

  private tenantOf(context: TurnContext): string | undefined {
    return (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? context.activity.conversation?.tenantId;
  }

  /** The activity's organisation, resolved once per turn. */
  private async viewOf(context: TurnContext): Promise<OrgView | undefined> {
    if (!context.turnState.has(ORG_VIEW)) context.turnState.set(ORG_VIEW, await this.rt.orgForActivity(context.activity));
    return context.turnState.get(ORG_VIEW) as OrgView | undefined;
  }

  private async who(context: TurnContext): Promise<Who | undefined> {
    const view = await this.viewOf(context);
    if (!view) return undefined;
    return { view, actor: actorOf(view, userIdOf(context.activity.from), context.activity.from?.name) };
  }

  protected override async handleTeamsMessagingExtensionFetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const who = await this.who(context);
    if (!canUse(who)) return taskCard('CHP complaints', refusal(who, this.tenantOf(context)));
    const message = messageSourceOf(action?.messagePayload as MessagePayload | undefined, context.activity.conversation.id, this.rt.now());
    if (message) {
      const existing = await this.rt.store.cases.findBySource(who.view.orgId, { messageId: message.messageId });
      if (existing) return taskCard(existing.reference, loggedCaseCard(this.rt, who.view, who.actor, { kind: 'existing', case: existing }));
    }
    return taskCard('Log as complaint', logFormCard(this.rt, who.view, message));
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const message = messageSourceOf(action.messagePayload as MessagePayload | undefined, context.activity.conversation.id, this.rt.now());
    return this.submitLogForm(context, action.data, message, true);
  }

  protected override async handleTeamsTaskModuleFetch(context: TurnContext, _request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const who = await this.who(context);
    if (!canUse(who)) return taskCard('CHP complaints', refusal(who, this.tenantOf(context)));
    return taskCard('Log a complaint', logFormCard(this.rt, who.view, undefined));
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    // Not from a message: any source fields in the data are ignored, so nobody can claim a message id.
    return this.submitLogForm(context, request.data, undefined, false);
  }

  /** Logs the case; the chat gets the case card, the task module closes (or shows why it could not log). */
  private async submitLogForm(context: TurnContext, data: unknown, message: ReturnType<typeof messageSourceOf>, fromMessage: boolean): Promise<TaskModuleResponse> {
    const who = await this.who(context);
    if (!canUse(who)) return taskCard('CHP complaints', refusal(who, this.tenantOf(context)));
    const parsed = parseLogForm(data);
    if (!parsed.ok) return taskCard('Not logged', messageCard({ title: 'Not logged yet', colour: 'attention', lines: [parsed.message, 'Go back, correct the form and press "Log it" again.'] }));
    const outcome = await logFromForm(this.rt, who.view, who.actor, parsed.form, fromMessage ? sourceLinkOf(parsed.form, message) : undefined);
    if (outcome.kind === 'refused') return taskCard('Not logged', messageCard({ title: 'Not logged', colour: 'attention', lines: [outcome.message] }));
    const card = loggedCaseCard(this.rt, who.view, who.actor, outcome);
    if (outcome.kind === 'existing') return taskCard(outcome.case.reference, card);
    try {
      await context.sendActivity({ summary: `${outcome.case.reference} logged`, attachments: [CardFactory.adaptiveCard(card)] });
      return {};
    } catch (error) {
      // The bot may not be a member of this chat; the case is logged, so show its card here instead.
      this.rt.logger.error('could not post the case card to the chat', { reference: outcome.case.reference, error: String(error) });
      return taskCard(outcome.case.reference, card);
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const who = await this.who(context);
    const card = canUse(who)
      ? await this.cardActions.handle(
          who.view,
          who.actor,
          { verb: invokeValue.action.verb, data: (invokeValue.action.data ?? {}) as Record<string, unknown> },
          TurnContext.getConversationReference(context.activity),
        )
      : refusal(who, this.tenantOf(context));
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
  }
}
