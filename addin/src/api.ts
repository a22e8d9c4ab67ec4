/**
 * The API as the pane sees it: same origin, JSON in and out, errors as RFC 9457 problem details turned into
 * one sentence a person can act on.
 */
export interface Credentials {
  /** Entra ID token from Office SSO or the sign-in dialog. */
  bearer?: string;
  /** Development sign-in: the demo user id sent as X-Dev-User. */
  devUser?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Me {
  userId: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  org: { id: string; name: string; services: string[] };
  devSignIn: boolean;
}

export interface DevUser { userId: string; displayName: string; roles: string[]; orgId: string; orgName: string }

export interface CaseSummary {
  reference: string;
  status: string;
  kind: string;
  owner?: string;
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
  async requestWithStatus<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.credentials.bearer) headers.Authorization = `Bearer ${this.credentials.bearer}`;
    if (this.credentials.devUser) headers['X-Dev-User'] = this.credentials.devUser;
    let response: Response;
    try {
      response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'The complaints service could not be reached. Check your connection and try again.');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw problemToError(response.status, parsed);
    return { status: response.status, body: parsed as T };
  }

  me = () => this.request<Me>('GET', '/me');
  devUsers = async (): Promise<DevUser[]> => (await this.request<{ users: DevUser[] }>('GET', '/dev/users')).users;
}

function problemToError(status: number, body: unknown): ApiError {
  const problem = (body ?? {}) as { detail?: string; title?: string; code?: string; errors?: { field: string; message: string }[] };
  if (problem.errors?.length) {
    const fields = problem.errors.slice(0, 3).map((e) => `${e.field} ${e.message}`).join('; ');
    return new ApiError(status, `Please check the form: ${fields}.`, problem.code);
  }
  if (problem.detail) return new ApiError(status, problem.detail, problem.code);
  if (status === 401) return new ApiError(status, 'You are not signed in. Close the pane and open it again.');
  if (status >= 500) return new ApiError(status, `The complaints service had a problem (${status}). Try again in a minute.`);
  return new ApiError(status, `The request was refused (${status}).`);
}
