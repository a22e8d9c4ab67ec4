/**
 * Finding people and groups in the organisation's Microsoft Entra directory, as the signed-in
 * administrator (delegated, via OBO), for the role assignments of the settings page. Uses the
 * advanced query `$search` on `/users` and `/groups`, which Graph answers only with the header
 * `ConsistencyLevel: eventual`. Least delegated permissions: User.ReadBasic.All (names and mail of
 * users) and GroupMember.Read.All (group names; less than Group.Read.All, which also opens group content).
 */
import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { GraphAccessError } from './errors';
import { BearerTokenMiddleware, translateGraphError, type GraphUser } from './mail';
import type { GraphTokenSource } from './obo';

export const DIRECTORY_GRAPH_SCOPES = ['https://graph.microsoft.com/User.ReadBasic.All', 'https://graph.microsoft.com/GroupMember.Read.All'];

export interface DirectoryEntry {
  /** Entra object id: what a role assignment names. */
  id: string;
  displayName: string;
  /** Mail or user principal name (people), description or mail (groups). */
  detail?: string;
  kind: 'user' | 'group';
}

export interface DirectoryGraph {
  search(user: GraphUser, kind: 'user' | 'group', text: string): Promise<DirectoryEntry[]>;
}

const RESULTS = 15;

/** `$search` takes a quoted phrase; a double quote or backslash inside would end it early. */
const searchPhrase = (field: string, text: string) => `"${field}:${text.replace(/["\\]/g, ' ').trim()}"`;

export function createDirectoryGraph(options: { tokens: GraphTokenSource; baseUrl?: string; maxRetries?: number }): DirectoryGraph {
  const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com/v1.0');
  const defaultVersion = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const retryOptions = new RetryHandlerOptions(3, options.maxRetries ?? 3);
  return {
    async search(user, kind, text) {
      const token = await options.tokens.graphTokenFor(user.assertion, user.tenantId);
      const client = Client.initWithMiddleware({
        baseUrl: `${base.origin}/`,
        defaultVersion,
        middleware: [new BearerTokenMiddleware(token), new RetryHandler(retryOptions), new HTTPMessageHandler()],
      });
      const what = kind === 'user' ? 'the people of your organisation' : 'the groups of your organisation';
      try {
        const request = client
          .api(kind === 'user' ? '/users' : '/groups')
          .header('ConsistencyLevel', 'eventual')
          .search(searchPhrase('displayName', text))
          .count(true)
          .top(RESULTS);
        const page = kind === 'user'
          ? await request.select(['id', 'displayName', 'mail', 'userPrincipalName']).get()
          : await request.select(['id', 'displayName', 'mail', 'description']).filter('securityEnabled eq true').get();
        return ((page.value ?? []) as Record<string, unknown>[]).map((raw) => {
          const detail = [raw.mail, kind === 'user' ? raw.userPrincipalName : raw.description].find((v): v is string => typeof v === 'string' && v.length > 0);
          return { id: String(raw.id), displayName: String(raw.displayName ?? raw.id), ...(detail ? { detail } : {}), kind };
        });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 403) {
          throw new GraphAccessError(403, 'directory-access-denied', `Microsoft Graph refused to search ${what}: the app needs the delegated permissions User.ReadBasic.All and GroupMember.Read.All, with admin consent.`, { cause: error });
        }
        throw translateGraphError(error, what);
      }
    },
  };
}
