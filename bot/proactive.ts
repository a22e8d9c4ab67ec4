/**
 * Proactive messages: conversation references are saved from every incoming activity (only when
 * they change, so a busy user costs no extra writes), and a personal message goes to the user's
 * 1:1 chat with the bot — opened on the fly (POST /v3/conversations) when only a group chat is known.
 */
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { BotRuntime } from './runtime';
import { userIdOf } from './runtime';

/** The 1:1 chat reference is stored under the user id; a group or channel one under `seen:<user id>`. */
const seenKey = (userId: string) => `seen:${userId}`;
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export type DeliveryResult = 'sent' | 'unreachable';

export class Notifier {
  private readonly lastSaved = new Map<string, string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly runtime: BotRuntime,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  /**
   * Runs notifications after the card action has answered: a call to Teams takes 100–500 ms each,
   * and the person pressing the button should not wait for the messages to other people. Failures
   * are logged (the case change itself is already saved).
   */
  inBackground(work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => this.runtime.logger.error('background notification failed', { error: String(error) }))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Resolves when every background notification started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Saves the reference of an incoming activity for later proactive messages. */
  async remember(orgId: string, activity: Activity): Promise<void> {
    if (!activity.from || !activity.conversation || !activity.serviceUrl) return;
    const userId = userIdOf(activity.from);
    // The activity id changes with every message; without it an unchanged reference costs no write.
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
    const personal = activity.conversation.conversationType === 'personal';
    await this.save(orgId, personal ? userId : seenKey(userId), reference);
  }

  private async save(orgId: string, key: string, reference: Partial<ConversationReference>): Promise<void> {
    const cacheKey = `${orgId}\u0000${key}`;
    const serialised = JSON.stringify(reference);
    if (this.lastSaved.get(cacheKey) === serialised) return;
    await this.runtime.store.conversations.save({ orgId, userId: key, reference });
    this.lastSaved.set(cacheKey, serialised);
  }

  /**
   * Sends to the user's personal chat with the bot. `via` (the activity being handled, if any) gives a
   * service URL and tenant for opening a 1:1 chat with someone who never talked to the bot.
   */
  async sendToUser(orgId: string, userId: string, message: Partial<Activity>, via?: Partial<ConversationReference>): Promise<DeliveryResult> {
    const personal = (await this.runtime.store.conversations.get(orgId, userId))?.reference as Partial<ConversationReference> | undefined;
    if (personal?.conversation) {
      await this.adapter.continueConversationAsync(this.appId, personal, async (context) => {
        await context.sendActivity(message);
      });
      return 'sent';
    }
    const seen = (await this.runtime.store.conversations.get(orgId, seenKey(userId)))?.reference as Partial<ConversationReference> | undefined;
    const base = seen ?? via;
    if (!base?.serviceUrl || !base.channelId) return 'unreachable';
    const member = seen?.user ?? { id: userId, aadObjectId: userId, name: '' };
    const tenantId = base.conversation?.tenantId;
    let delivered = false;
    await this.adapter.createConversationAsync(
      this.appId,
      base.channelId,
      base.serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      {
        isGroup: false,
        bot: base.bot ?? { id: this.appId || 'chp-bot', name: 'CHP complaints' },
        members: [member],
        tenantId,
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      },
      async (context) => {
        const reference = TurnContext.getConversationReference(context.activity);
        await this.save(orgId, userId, { ...reference, user: member, bot: base.bot, conversation: { ...reference.conversation!, conversationType: 'personal', tenantId } });
        await context.sendActivity(message);
        delivered = true;
      },
    );
    return delivered ? 'sent' : 'unreachable';
  }
}
