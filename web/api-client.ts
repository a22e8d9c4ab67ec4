/**
 * What the Teams tab and the Outlook add-in pane share to call the API: same origin, JSON in and
 * out, signed in by an Entra bearer token (SSO) or, in the development profile, a demo user sent as
 * X-Dev-User. A refusal is an ApiError carrying the RFC 9457 problem details whole; each page words
 * it its own way (`describe`): the pane in one sentence, the tab beside each field.
 */
export interface Credentials {
  /** Entra ID token from Teams or Office SSO (or the sign-in dialog). */
  bearer?: string;
  /** Development sign-in: the demo user id sent as X-Dev-User. */
  devUser?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    /** 0 when the service could not be reached at all. */
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Me {
  userId: string;
  displayName: string;
  roles: string[];
  services: string[];
  permissions: string[];
  org: { id: string; name: string; services: string[]; setupCompleted?: boolean };
  devSignIn: boolean;
  /** Present when the person has no role yet: whom to ask (every other call is refused with the same words). */
  noRole?: NoRoleNotice;
}

export interface NoRoleNotice {
  orgName: string;
  administrators: string[];
  contact?: string;
  message: string;
}

/** The problem code of a sign-in from a Microsoft 365 tenant that has no organisation in the service. */
export const NO_ORGANISATION = 'no-organisation';

export interface DevUser {
  userId: string;
  displayName: string;
  roles: string[];
  orgId: string;
  orgName: string;
}

export const UNREACHABLE_MESSAGE = 'The complaints service cannot be reached; check your connection and try again.';

/** The sign-in headers of a request: the bearer token when there is one, else the demo user. */
export function authHeaders(credentials: Credentials): Record<string, string> {
  if (credentials.bearer) return { Authorization: `Bearer ${credentials.bearer}` };
  if (credentials.devUser) return { 'X-Dev-User': credentials.devUser };
  return {};
}

/** Words a refusal for the person: from the status, the problem details and the status text. */
export type DescribeProblem = (status: number, problem: Problem, statusText: string) => string;

/** One JSON call: the parsed answer with its status, or an ApiError (status 0 if unreachable). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export async function callApi<T>(url: string, method: HttpMethod, credentials: Credentials, body: unknown, describe: DescribeProblem): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(credentials) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, UNREACHABLE_MESSAGE);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as Problem;
    throw new ApiError(response.status, describe(response.status, problem, response.statusText), problem.errors ?? [], problem.code);
  }
  return { status: response.status, body: parsed as T };
}
