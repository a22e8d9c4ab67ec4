/**
 * The API as the pane sees it (web/api-client.ts does the calling): errors as RFC 9457 problem
 * details turned into one sentence a person can act on.
 */
import { ApiError, callApi, type Credentials, type DescribeProblem, type DevUser, type Me } from '../../web/api-client';

export { ApiError, NO_ORGANISATION, type Credentials, type DevUser, type Me, type NoRoleNotice } from '../../web/api-client';
export type { CannotLogNotice } from '../../core/access';
import type { CannotLogNotice } from '../../core/access';

/** GET /api/addin/capabilities: what the pane may offer this person under their organisation's role definitions. */
export interface Capabilities {
  teamsAppId: string;
  graphAvailable: boolean;
  can: { log: boolean; read: boolean; addToCase: boolean };
  roles: { id: string; name: string; description: string }[];
  /** Present when logging is not part of the person's roles. */
  cannotLog?: CannotLogNotice;
  /** How soon a change to the role definitions reaches the pane. */
  takesEffectWithinSeconds: number;
}

/** Worth offering "Try again": the service could not be reached, was busy or failed — not a refusal that would only repeat. */
export const retryMayHelp = (error: unknown): boolean =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;

export interface CaseSummary {
  reference: string;
  status: string;
  kind: string;
  owner?: string;
  quoteWithConsent?: { text: string };
  loggedBy: string;
  service: string;
  receivedOn: string;
  customer: { name?: string; withheldDetails: boolean; anonymous: boolean };
  stage1?: { clock: { startedOn: string; standardDue: string; due: string; extensionDays: number } };
  stage2?: { clock: { startedOn: string; standardDue: string; due: string; extensionDays: number }; acknowledgeBy: string };
  source?: { messageId: string; internetMessageId?: string; conversationId?: string; attachments?: { name: string; size: number; fetched: boolean }[] };
  linkedMessages?: { messageId: string; internetMessageId?: string }[];
}

export interface Lookup {
  /** `message`: this email is the case's source or already linked; `conversation`: a reply in a logged thread. */
  match: 'message' | 'conversation' | 'none';
  case?: CaseSummary;
  ownerName?: string;
}

export class Api {
  constructor(private credentials: Credentials = {}, private readonly base = '/api') {}

  setCredentials(credentials: Credentials): void {
    this.credentials = credentials;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return (await this.requestWithStatus<T>(method, path, body)).body;
  }

  /** As request, with the status (201 created vs 200 already there). */
  requestWithStatus<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return callApi<T>(this.base + path, method, this.credentials, body, oneSentence);
  }

  me = () => this.request<Me>('GET', '/me');
  devUsers = async (): Promise<DevUser[]> => (await this.request<{ users: DevUser[] }>('GET', '/dev/users')).users;
}

/** The pane shows one sentence: the field messages, the detail, or what the status means. */
const oneSentence: DescribeProblem = (status, problem) => {
  if (problem.errors?.length) return `Please check the form: ${problem.errors.slice(0, 3).map((e) => `${e.field} ${e.message}`).join('; ')}.`;
  if (problem.detail) return problem.detail;
  if (status === 401) return 'You are not signed in. Close the pane and open it again.';
  if (status >= 500) return `The complaints service had a problem (${status}). Try again in a minute.`;
  return `The request was refused (${status}).`;
};
