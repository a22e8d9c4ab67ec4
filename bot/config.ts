/**
 * Bot Framework authentication, from the environment. With an app id the CloudAdapter validates every
 * incoming token (ConfigurationBotFrameworkAuthentication) and signs outgoing calls. Without one it
 * accepts unauthenticated local calls (Bot Framework Emulator, tests) — allowed only outside
 * production, and said out loud so nobody runs it that way by accident.
 */
import { CallerIdConstants } from 'botbuilder';
import { z } from 'zod';
import { ConfigError } from '../server/config';

/**
 * botbuilder's own settings for where the Bot Framework lives (national clouds, or a stand-in in tests):
 * the same names ConfigurationBotFrameworkAuthentication reads. Unset, the public Azure cloud's.
 */
export const CHANNEL_SETTINGS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'OAuthUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
] as const;
export type ChannelSettings = Record<(typeof CHANNEL_SETTINGS)[number], string>;

/**
 * The public Azure cloud: what botbuilder uses when none of CHANNEL_SETTINGS is given (the values of
 * botframework-connector's AuthenticationConstants, which botbuilder does not re-export; a test
 * checks they still agree).
 */
export const PUBLIC_CLOUD: ChannelSettings = {
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
};

const BotEnvSchema = z.object({
  MicrosoftAppId: z.string().trim().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().trim().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  /** Organisation used when an activity's tenant matches none (development only). */
  CHP_BOT_DEFAULT_ORG: z.string().trim().optional(),
  ToBotFromChannelOpenIdMetadataUrl: z.url().optional(),
  ToBotFromChannelTokenIssuer: z.string().trim().min(1).optional(),
  ToChannelFromBotLoginUrl: z.url().optional(),
  ToChannelFromBotOAuthScope: z.string().trim().min(1).optional(),
  OAuthUrl: z.url().optional(),
  ToBotFromEmulatorOpenIdMetadataUrl: z.url().optional(),
  CallerId: z.string().trim().min(1).optional(),
});

export type BotAuth =
  | {
      mode: 'bot-framework';
      appId: string;
      appPassword?: string;
      tenantId?: string;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
      /** Set when any channel setting is given: all of them, the rest from the public cloud (botbuilder then needs every one). */
      channel?: ChannelSettings;
    }
  | { mode: 'unauthenticated-dev' };

export interface BotConfig {
  auth: BotAuth;
  defaultOrgId?: string;
}

/** A ConfigError, so `npm start` prints it as a configuration problem and stops. */
export class BotConfigError extends ConfigError {}

export function loadBotConfig(env: NodeJS.ProcessEnv, production: boolean): BotConfig {
  // An empty value (`ToBotFromChannelTokenIssuer=` in .env) means "not set".
  const parsed = BotEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
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
  if (appType === 'UserAssignedMSI' && e.MicrosoftAppPassword) {
    throw new BotConfigError('MicrosoftAppPassword is set with MicrosoftAppType=UserAssignedMSI: a managed identity has no secret; unset one of them.');
  }
  if (appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new BotConfigError(`MicrosoftAppTenantId is not set: a ${appType === 'SingleTenant' ? 'single-tenant bot' : 'bot with a managed identity'} needs its tenant id.`);
  }
  const given = CHANNEL_SETTINGS.filter((name) => e[name] !== undefined);
  const channel = given.length > 0 ? { ...PUBLIC_CLOUD, ...Object.fromEntries(given.map((name) => [name, e[name] as string])) } : undefined;
  return {
    auth: { mode: 'bot-framework', appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, tenantId: e.MicrosoftAppTenantId, appType, ...(channel ? { channel } : {}) },
    // A default organisation would let any tenant in; in production every tenant must be registered.
    defaultOrgId: production ? undefined : e.CHP_BOT_DEFAULT_ORG || undefined,
  };
}
