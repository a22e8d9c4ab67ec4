/**
 * Bot Framework authentication, from the environment. With an app id the CloudAdapter validates every
 * incoming token (ConfigurationBotFrameworkAuthentication) and signs outgoing calls. Without one it
 * accepts unauthenticated local calls (Bot Framework Emulator, tests) — allowed only outside
 * production, and said out loud so nobody runs it that way by accident.
 */
import { z } from 'zod';
import { ConfigError } from '../server/config';

const BotEnvSchema = z.object({
  MicrosoftAppId: z.string().trim().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().trim().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  /** Organisation used when an activity's tenant matches none (development only). */
  CHP_BOT_DEFAULT_ORG: z.string().trim().optional(),
});

export type BotAuth =
  | { mode: 'bot-framework'; appId: string; appPassword?: string; tenantId?: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' }
  | { mode: 'unauthenticated-dev' };

export interface BotConfig {
  auth: BotAuth;
  defaultOrgId?: string;
}

/** A ConfigError, so `npm start` prints it as a configuration problem and stops. */
export class BotConfigError extends ConfigError {}

export function loadBotConfig(env: NodeJS.ProcessEnv, production: boolean): BotConfig {
  const parsed = BotEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new BotConfigError(`The bot configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  if (!e.MicrosoftAppId) {
    if (production) {
      throw new BotConfigError(
        'MicrosoftAppId is not set: in production the bot must validate Bot Framework tokens. Set MicrosoftAppId, MicrosoftAppPassword (or a managed identity) and MicrosoftAppTenantId.',
      );
    }
    return { auth: { mode: 'unauthenticated-dev' }, defaultOrgId: e.CHP_BOT_DEFAULT_ORG || undefined };
  }
  const appType = e.MicrosoftAppType ?? (e.MicrosoftAppTenantId ? 'SingleTenant' : 'MultiTenant');
  if (appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new BotConfigError('MicrosoftAppPassword is not set: the bot needs its client secret to call Teams back.');
  }
  if (appType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    throw new BotConfigError('MicrosoftAppTenantId is not set: a single-tenant bot needs its tenant id.');
  }
  return {
    auth: { mode: 'bot-framework', appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, tenantId: e.MicrosoftAppTenantId, appType },
    // A default organisation would let any tenant in; in production every tenant must be registered.
    defaultOrgId: production ? undefined : e.CHP_BOT_DEFAULT_ORG || undefined,
  };
}
