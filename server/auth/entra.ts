/**
 * Entra ID bearer tokens, validated with jose against the tenant's published signing keys: signature,
 * issuer (per tenant), audience, expiry and the tenant allow-list. Any failure is a 401 that says
 * what to do, without echoing the token.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { EntraConfig } from '../config';
import { HttpProblem, unauthorized } from '../problem';

/** Who the token says the caller is. */
export interface VerifiedIdentity {
  tenantId: string;
  /** Entra object id of the user (`oid`), stable across apps. */
  userId: string;
  name?: string;
  /** The sign-in address (`email`, else `preferred_username` when it is an address), for the staff directory. */
  email?: string;
  /** Security group ids (`groups` claim); role assignments may name a group. */
  groups: string[];
}

export type TokenVerifier = (token: string) => Promise<VerifiedIdentity>;

const CLOCK_TOLERANCE_SECONDS = 60;

export function createEntraVerifier(config: EntraConfig): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const allowed = new Set(config.allowedTenants.map((t) => t.toLowerCase()));
  const issuerTemplates = config.issuerTemplate.split(',').map((t) => t.trim()).filter(Boolean);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        audience: config.audiences,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'tid', 'oid', 'iss'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        // The key set could not be fetched: our problem, not the caller's token.
        throw new HttpProblem(503, 'signin-unavailable', 'Sign-in check unavailable', 'The sign-in keys could not be fetched from Microsoft Entra ID; try again in a minute.');
      }
      throw unauthorized(describeJoseFailure(error));
    }
    const tenantId = String(payload.tid).toLowerCase();
    if (!allowed.has(tenantId)) {
      throw unauthorized('Your organisation’s Microsoft 365 tenant is not allowed to use this service; ask your administrator to add it.');
    }
    if (!issuerTemplates.some((template) => payload.iss === template.replace('{tid}', String(payload.tid)))) {
      throw unauthorized('The token was not issued by your tenant’s sign-in service; sign in again.');
    }
    const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : [];
    const name = typeof payload.name === 'string' ? payload.name : typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined;
    const address = [payload.email, payload.preferred_username].find((v): v is string => typeof v === 'string' && v.includes('@'));
    return { tenantId, userId: String(payload.oid), name, ...(address ? { email: address } : {}), groups };
  };
}

function describeJoseFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Your sign-in has expired; sign in again.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'The token was issued for another application; request a token for this API.';
    if (error.claim === 'nbf') return 'The token is not valid yet; check the computer’s clock and sign in again.';
    return `The token is missing or has an invalid "${error.claim}" claim; sign in again.`;
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'The token’s signature could not be verified; sign in again.';
  }
  return 'The token is not a valid sign-in token; sign in again.';
}
