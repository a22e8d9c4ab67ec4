/**
 * Configuration, from the environment only, validated once at startup. Every variable is documented
 * in .env.example; a bad value stops the process with a message naming the variable.
 */
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const EnvSchema = z
  .object({
    NODE_ENV: z.string().optional().default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().default('localhost'),
    /** Public base URL the tab, add-in and bot are reached at (a dev tunnel in Teams); printed at startup. */
    PUBLIC_BASE_URL: z.url().optional(),
    CHP_DEV_SIGNIN: flag,
    ENTRA_CLIENT_ID: z.string().optional(),
    /**
     * The public host name (as for `npm run package`): Teams and Outlook SSO tokens are issued for the
     * manifest's webApplicationInfo.resource, `api://<APP_HOST>/<client id>`. A pasted URL is reduced to its host.
     */
    APP_HOST: z
      .string()
      .transform((v) => v.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, ''))
      .pipe(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'give the host name only, e.g. chp.example.gov.uk (no path)'))
      .optional(),
    ENTRA_AUDIENCES: csv,
    ENTRA_ALLOWED_TENANTS: csv,
    ENTRA_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    /**
     * Accepted issuers, comma separated; `{tid}` is the token's tenant id. Both by default: Teams and
     * Outlook SSO give v1.0 tokens (sts.windows.net) unless the app registration asks for v2.0.
     */
    ENTRA_ISSUER: z.string().default('https://login.microsoftonline.com/{tid}/v2.0,https://sts.windows.net/{tid}/'),
    COSMOS_ENDPOINT: z.url().optional(),
    COSMOS_KEY: z.string().optional(),
    COSMOS_DATABASE: z.string().default('chp'),
    CHP_DATA_DIR: z.string().default('./data'),
    /** Azure Blob Storage for case documents (https://<account>.blob.core.windows.net), reached with the managed identity; unset = local Azurite. */
    BLOB_ACCOUNT_URL: z.url({ protocol: /^https$/, error: 'give the storage account’s https blob address, e.g. https://stchp.blob.core.windows.net' }).optional(),
    BLOB_CONTAINER: z
      .string()
      .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, '3 to 63 lower-case letters, digits and single dashes')
      .default('documents'),
    /** How long each instance caches organisation records (roles, settings); another instance's change shows within this. */
    CHP_ORG_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.CHP_DEV_SIGNIN && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['CHP_DEV_SIGNIN'],
        message: 'development sign-in cannot be enabled when NODE_ENV=production; unset CHP_DEV_SIGNIN',
      });
    }
    if (!env.CHP_DEV_SIGNIN) {
      if (!env.ENTRA_CLIENT_ID) {
        ctx.addIssue({ code: 'custom', path: ['ENTRA_CLIENT_ID'], message: 'set the app registration client id (or CHP_DEV_SIGNIN=1 for local development)' });
      }
      if (env.ENTRA_ALLOWED_TENANTS.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['ENTRA_ALLOWED_TENANTS'], message: 'list the Entra tenant ids allowed to sign in, comma separated' });
      }
    }
    if (Boolean(env.COSMOS_ENDPOINT) !== Boolean(env.COSMOS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['COSMOS_KEY'], message: 'set both COSMOS_ENDPOINT and COSMOS_KEY for Azure Cosmos DB, or neither for the embedded store' });
    }
  });

export interface EntraConfig {
  jwksUrl: string;
  /** One or more issuer templates, comma separated; `{tid}` is replaced by the token's tenant id. */
  issuerTemplate: string;
  audiences: string[];
  allowedTenants: string[];
}

export interface ServerConfig {
  production: boolean;
  port: number;
  host: string;
  publicBaseUrl?: string;
  devSignIn: boolean;
  /** Absent when no client id is configured (development sign-in only). */
  entra?: EntraConfig;
  cosmos?: { endpoint: string; key: string; databaseId: string };
  databaseId: string;
  dataDir: string;
  /** Absent: documents in the local Azurite under the data dir. */
  blob?: { accountUrl: string; container: string };
  blobContainer: string;
  orgCacheMs: number;
}

export class ConfigError extends Error {}

/** The audiences a token for this API may carry when ENTRA_AUDIENCES does not list them. */
function defaultAudiences(clientId: string | undefined, appHost: string | undefined): string[] {
  if (!clientId) return [];
  return [clientId, `api://${clientId}`, ...(appHost ? [`api://${appHost}/${clientId}`] : [])];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty value (`PUBLIC_BASE_URL=` in .env) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`The configuration is not valid (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const audiences = e.ENTRA_AUDIENCES.length > 0 ? e.ENTRA_AUDIENCES : defaultAudiences(e.ENTRA_CLIENT_ID, e.APP_HOST);
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    devSignIn: e.CHP_DEV_SIGNIN,
    entra: e.ENTRA_CLIENT_ID
      ? { jwksUrl: e.ENTRA_JWKS_URL, issuerTemplate: e.ENTRA_ISSUER, audiences, allowedTenants: e.ENTRA_ALLOWED_TENANTS }
      : undefined,
    cosmos: e.COSMOS_ENDPOINT && e.COSMOS_KEY ? { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, databaseId: e.COSMOS_DATABASE } : undefined,
    databaseId: e.COSMOS_DATABASE,
    dataDir: e.CHP_DATA_DIR,
    blob: e.BLOB_ACCOUNT_URL ? { accountUrl: e.BLOB_ACCOUNT_URL, container: e.BLOB_CONTAINER } : undefined,
    blobContainer: e.BLOB_CONTAINER,
    orgCacheMs: e.CHP_ORG_CACHE_MS,
  };
}
