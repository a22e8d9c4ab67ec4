/**
 * On-behalf-of exchange: the add-in's SSO token (audience = our API) becomes a Microsoft Graph token for
 * the same user, through the Microsoft identity platform (`ConfidentialClientApplication.acquireTokenOnBehalfOf`).
 * MSAL caches per assertion, so repeated calls within a token's lifetime do not hit the token endpoint.
 */
import { ConfidentialClientApplication, InteractionRequiredAuthError, ServerError, type INetworkModule } from '@azure/msal-node';
import { GraphAccessError } from './errors';

export interface OnBehalfOfOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com` unless a sovereign cloud or a local identity endpoint is used. */
  authorityHost?: string;
  /** Delegated Graph scopes; reading the open message and its attachments needs Mail.Read. */
  scopes?: string[];
  /** Where the bytes go (see network.ts); MSAL's own HTTP client when absent. */
  networkClient?: INetworkModule;
}

export interface GraphTokenSource {
  /**
   * A Graph access token for the user whose API token is `userAssertion`. Throws GraphAccessError.
   * `tenantId`: the user's tenant (multi-tenant apps must exchange in the user's tenant); the configured one when absent.
   */
  graphTokenFor(userAssertion: string, tenantId?: string): Promise<string>;
}

export const DEFAULT_GRAPH_SCOPES = ['https://graph.microsoft.com/Mail.Read'];

export function createOnBehalfOfTokenSource(options: OnBehalfOfOptions): GraphTokenSource {
  const authorityHost = (options.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${authorityHost}/${options.tenantId}`,
      // A known authority skips the instance-discovery call to login.microsoftonline.com (needed for a local endpoint).
      knownAuthorities: [new URL(authorityHost).host],
    },
    system: options.networkClient ? { networkClient: options.networkClient } : undefined,
  });
  const scopes = options.scopes ?? DEFAULT_GRAPH_SCOPES;
  return {
    async graphTokenFor(userAssertion, tenantId) {
      if (!userAssertion) throw new GraphAccessError(401, 'sign-in-required', 'Sign in to Outlook again: the add-in sent no sign-in token.');
      try {
        const authority = tenantId ? `${authorityHost}/${tenantId}` : undefined;
        const result = await app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes, authority });
        if (!result?.accessToken) throw new Error('the token endpoint answered without an access token');
        return result.accessToken;
      } catch (error) {
        throw translateIdentityError(error);
      }
    },
  };
}

/** AADSTS codes that mean "the user's token is not usable": expired, not yet valid, bad signature, wrong audience. */
const INVALID_ASSERTION_CODES = new Set([50013, 500133, 50132, 700024, 50166, 700027]);

export function translateIdentityError(error: unknown): GraphAccessError {
  if (error instanceof GraphAccessError) return error;
  const subError = (error as { subError?: string }).subError;
  const errorCode = (error as { errorCode?: string }).errorCode;
  const message = (error as { errorMessage?: string; message?: string }).errorMessage ?? (error as Error)?.message ?? '';
  const aadsts = /AADSTS(\d+)/.exec(message);
  const code = aadsts ? Number(aadsts[1]) : undefined;
  if (error instanceof InteractionRequiredAuthError || errorCode === 'interaction_required' || errorCode === 'consent_required' || subError === 'consent_required' || code === 65001) {
    return new GraphAccessError(403, 'consent-required', 'Reading this message needs your consent: open the add-in again and accept the permissions, or ask your administrator to grant consent for the organisation.', { cause: error });
  }
  if (errorCode === 'invalid_grant' || (code !== undefined && INVALID_ASSERTION_CODES.has(code))) {
    return new GraphAccessError(401, 'sign-in-expired', 'Your Outlook sign-in has expired or is not valid for this add-in. Close and reopen the add-in to sign in again.', { cause: error });
  }
  if (error instanceof ServerError || errorCode) {
    return new GraphAccessError(502, 'identity-error', 'Microsoft sign-in refused the request for mail access. Try again; if it keeps failing, tell your administrator (the add-in registration may be misconfigured).', { cause: error });
  }
  return new GraphAccessError(502, 'identity-unreachable', 'Microsoft sign-in could not be reached to get mail access. Try again in a minute.', { cause: error });
}
