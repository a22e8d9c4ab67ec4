/**
 * The Teams bot, ready to mount: `createTeamsBot(deps)` gives the express handler for
 * POST /api/messages, the jobs module (POST /api/jobs/reminders) and the reminder sweep.
 *
 * Authentication is explicit: with MicrosoftAppId set (bot/config.ts) the CloudAdapter validates
 * Bot Framework tokens on every request; without it — refused in production by loadBotConfig — it
 * accepts unauthenticated local calls (Emulator, tests) and signs nothing it sends.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { IsoDate } from '../core/types';
import type { ApiModule } from '../server/routes/context';
import type { BotAuth } from './config';
import { botEndpoint } from './endpoint';
import { jobsModule } from './jobs';
import { Notifier } from './proactive';
import { DEFAULT_REMINDER_SOURCES, runReminderSweep, scheduleDailyReminders, type ReminderSource, type SweepReport } from './reminders';
import { BotRuntime, type BotDeps } from './runtime';
import { ChpTeamsBot } from './teamsBot';

export { loadBotConfig, BotConfigError, type BotConfig } from './config';
export type { BotDeps } from './runtime';
export type { ReminderSource, SweepReport } from './reminders';

export interface TeamsBot {
  /** Mount at POST /api/messages (createApp's `botHandler`). */
  handler: RequestHandler;
  /** Mount under /api (createApp's `modules`): POST /api/jobs/reminders. */
  jobs: ApiModule;
  runReminderSweep(today: IsoDate): Promise<SweepReport>;
  /** Starts the daily sweep timer; returns its stop function. */
  scheduleDailyReminders(options?: { hourLondon?: number; checkEveryMs?: number }): () => void;
  adapter: CloudAdapter;
  notifier: Notifier;
  bot: ChpTeamsBot;
  runtime: BotRuntime;
}

export function createAdapter(auth: BotAuth): CloudAdapter {
  const settings =
    auth.mode === 'bot-framework'
      ? { MicrosoftAppId: auth.appId, MicrosoftAppPassword: auth.appPassword, MicrosoftAppTenantId: auth.tenantId, MicrosoftAppType: auth.appType, ...auth.channel }
      : // No app id: botbuilder treats authentication as disabled and accepts calls without a token.
        {};
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
}

export function createTeamsBot(deps: BotDeps & { reminderSources?: readonly ReminderSource[] }): TeamsBot {
  const runtime = new BotRuntime(deps);
  const adapter = createAdapter(deps.config.auth);
  const appId = deps.config.auth.mode === 'bot-framework' ? deps.config.auth.appId : '';
  const notifier = new Notifier(runtime, adapter, appId);
  const bot = new ChpTeamsBot(runtime, notifier);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    runtime.logger.error('bot turn failed', { activityType: context.activity.type, name: context.activity.name, error: error.stack ?? error.message });
    if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong on our side; please try again.').catch(() => undefined);
  };
  const reminderDeps = { rt: runtime, notifier, sources: deps.reminderSources ?? DEFAULT_REMINDER_SOURCES };
  return {
    handler: botEndpoint(adapter, bot, deps.config.auth, runtime.logger),
    jobs: jobsModule(reminderDeps),
    runReminderSweep: (today) => runReminderSweep(reminderDeps, today),
    scheduleDailyReminders: (options) => scheduleDailyReminders(reminderDeps, options),
    adapter,
    notifier,
    bot,
    runtime,
  };
}
