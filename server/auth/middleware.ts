/**
 * Sign-in for every /api route (except the few public ones): an Entra ID bearer token, or — only
 * when development sign-in is switched on — a seeded demo user named by the `X-Dev-User` header or
 * the `chp-dev-user` cookie. The result, the Actor and their one organisation, is put on res.locals.
 */
import type { RequestHandler, Response } from 'express';
import type { Actor } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import { forbidden, HttpProblem, unauthorized } from '../problem';
import { NOT_SET_UP_MESSAGE, noRoleNotice, type NoRoleNotice } from '../../core/access';
import { actorFrom, administratorsOf, assignmentsFor } from './actor';
import type { TokenVerifier } from './entra';
import type { OrgDirectory } from './orgs';
import type { StaffRecorder } from './staff-recorder';

/** How often a tenant with no organisation yet makes the organisation records be read again. */
const NEW_ORGANISATION_RECHECK_MS = 1_000;

export const DEV_USER_HEADER = 'x-dev-user';
export const DEV_USER_COOKIE = 'chp-dev-user';

export interface SignedIn {
  actor: Actor;
  org: OrgRecord;
  devSignIn: boolean;
}

/** Who signed in, as the staff directory records them. */
interface SignIn extends SignedIn {
  seen: { displayName: string; email?: string; groups: string[] };
}

export interface AuthOptions {
  orgs: OrgDirectory;
  /** Absent when Entra ID is not configured (development sign-in only). */
  verifier?: TokenVerifier;
  devSignIn: boolean;
  /** Records each signed-in person in the organisation's staff directory (absent: not recorded). */
  staff?: StaffRecorder;
}

export function signedIn(res: Response): SignedIn {
  const auth = res.locals.auth as SignedIn | undefined;
  if (!auth) throw new Error('signedIn() used on a route mounted before authenticate()');
  return auth;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

const seenAs = (actor: Actor, identity: { email?: string; groups: string[] }) => ({
  displayName: actor.displayName,
  ...(identity.email ? { email: identity.email } : {}),
  groups: identity.groups,
});

async function signInWithToken(options: AuthOptions, token: string): Promise<SignIn> {
  if (!options.verifier) throw unauthorized('This server accepts development sign-in only; choose a demo user instead of sending a token.');
  const identity = await options.verifier(token);
  const principals = [identity.userId, ...identity.groups];
  const ofTenant = (orgs: OrgRecord[]) => orgs.filter((o) => o.tenantId?.toLowerCase() === identity.tenantId);
  let candidates = ofTenant(await options.orgs.all());
  if (candidates.length === 0) candidates = ofTenant(await options.orgs.fresh(NEW_ORGANISATION_RECHECK_MS));
  if (candidates.length === 0) {
    throw new HttpProblem(403, 'no-organisation', 'Not set up yet', `${NOT_SET_UP_MESSAGE} (Microsoft 365 tenant ${identity.tenantId}.)`, { code: 'no-organisation' });
  }
  const matches = candidates
    .map((org) => ({ org, assignments: assignmentsFor(org, principals) }))
    .filter((m) => m.assignments.length > 0);
  if (matches.length === 0) {
    // Signed in, but nobody gave them a role yet: GET /api/me says so and names the administrators;
    // every other route refuses (refuseWithoutRole). A tenant normally has one organisation; with
    // several, the person is told about the first (by id), whose administrators can redirect them.
    const [org] = [...candidates].sort((a, b) => a.settings.orgId.localeCompare(b.settings.orgId));
    const actor = actorFrom(identity.userId, identity.name, []);
    // Recorded too, with their groups: once a group of theirs is given a role, they can be chosen as owner.
    return { actor, org, devSignIn: false, seen: seenAs(actor, identity) };
  }
  if (matches.length > 1) {
    throw forbidden('You have roles in more than one organisation, which is not allowed; ask your administrators to remove one.');
  }
  const [{ org, assignments }] = matches;
  const actor = actorFrom(identity.userId, identity.name, assignments, org);
  return { actor, org, devSignIn: false, seen: seenAs(actor, identity) };
}

async function signInAsDemoUser(options: AuthOptions, userId: string): Promise<SignIn> {
  const orgs = await options.orgs.all();
  const org = orgs.find((o) => o.roleAssignments.some((a) => a.principalId === userId));
  if (!org) throw unauthorized(`"${userId.slice(0, 80)}" is not a demo user; choose one listed by GET /api/dev/users.`);
  const actor = actorFrom(userId, undefined, assignmentsFor(org, [userId]), org);
  return { actor, org, devSignIn: true, seen: { displayName: actor.displayName, groups: [] } };
}

export function authenticate(options: AuthOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      const devUser = options.devSignIn
        ? (req.get(DEV_USER_HEADER) ?? readCookie(req.headers.cookie, DEV_USER_COOKIE))
        : undefined;
      let signIn: SignIn;
      if (token) signIn = await signInWithToken(options, token);
      else if (devUser) signIn = await signInAsDemoUser(options, devUser);
      else if (req.headers.authorization) throw unauthorized('The Authorization header must be "Bearer <token>".');
      else if (options.devSignIn) {
        throw unauthorized('Sign in first: choose a demo user (X-Dev-User header or chp-dev-user cookie); GET /api/dev/users lists them.');
      } else throw unauthorized('Sign in first: send a Microsoft Entra ID access token as "Authorization: Bearer <token>".');
      const { seen, ...auth } = signIn;
      await options.staff?.record(auth.org.settings.orgId, { userId: auth.actor.userId, ...seen });
      res.locals.auth = auth satisfies SignedIn;
      next();
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      }
      next(error);
    }
  };
}

/** What a signed-in person with no role in their organisation is told (GET /api/me and every refusal). */
export function noRoleNoticeFor(org: OrgRecord): NoRoleNotice {
  return noRoleNotice(org.settings.name, administratorsOf(org), org.settings.contact);
}

/**
 * After authenticate(): a person with no role may ask who they are (GET /api/me, which tells them whom
 * to ask for a role) and nothing else; every other route answers 403 naming the administrators.
 */
export const refuseWithoutRole: RequestHandler = (req, res, next) => {
  const { actor, org } = signedIn(res);
  if (actor.roles.length > 0 || (req.method === 'GET' && req.path === '/me')) return next();
  next(new HttpProblem(403, 'no-role', 'No role yet', noRoleNoticeFor(org).message, { code: 'no-role' }));
};
