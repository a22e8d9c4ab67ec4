/**
 * Who may own (handle) a case. Only the organisation's complaints staff: a person whose roles —
 * assigned to them directly, or to one of their Entra groups — include handling complaints
 * (`case.update`), and who works on the case's service (or whose role covers every case of the
 * organisation). Anyone else — another organisation's staff, the management committee, an id
 * that exists nowhere — is refused before the case would be sent to them.
 *
 * Pure: the adapters look the person up (role assignments, the staff directory of signed-in people)
 * and ask here.
 */
import { violation, type RuleViolation } from './errors';
import { roleLabel } from './labels';
import { caseScope, hasPermission } from './permissions';
import { withGrant, type RoleDefinition } from './roles';
import { checkAllowed } from './workflow/guards';
import type { Actor, Case, IsoDateTime, RoleId } from './types';

/** One role assignment of the organisation: a user or a group (by id), with roles and services. */
export interface StaffAssignment {
  principalId: string;
  roles: readonly RoleId[];
  services: readonly string[];
  displayName?: string;
}

/**
 * A person seen signing in to the organisation (the staff directory). Group membership is known
 * only from a sign-in token, so this is what lets a group's members be found later.
 */
export interface StaffMember {
  userId: string;
  displayName: string;
  email?: string;
  /** Entra security group ids from their last sign-in. */
  groups: string[];
  seenAt: IsoDateTime;
}

/**
 * The union of the roles and services of the assignments; the display name from the person's own assignment.
 * With the organisation's role definitions, the actor also carries what those roles allow (`grant`).
 */
export function actorFromAssignments(
  userId: string,
  displayName: string | undefined,
  assignments: readonly StaffAssignment[],
  definitions?: readonly RoleDefinition[],
): Actor {
  const roles = new Set<RoleId>();
  const services = new Set<string>();
  for (const a of assignments) {
    a.roles.forEach((r) => roles.add(r));
    a.services.forEach((s) => services.add(s));
  }
  const own = assignments.find((a) => a.principalId === userId);
  const actor = {
    userId,
    displayName: displayName ?? own?.displayName ?? userId,
    roles: [...roles].sort(),
    services: [...services].sort(),
  };
  return withGrant(actor, definitions);
}

/**
 * The Actor of a possible owner: their direct assignments plus those of the groups the staff
 * directory knows them to be in. Undefined when the organisation gives them no role at all.
 */
export function staffActor(
  assignments: readonly StaffAssignment[],
  userId: string,
  member?: Pick<StaffMember, 'displayName' | 'groups'>,
  definitions?: readonly RoleDefinition[],
): Actor | undefined {
  const principals = new Set([userId, ...(member?.groups ?? [])]);
  const theirs = assignments.filter((a) => principals.has(a.principalId));
  if (theirs.length === 0) return undefined;
  const direct = theirs.find((a) => a.principalId === userId)?.displayName;
  return actorFromAssignments(userId, direct ?? member?.displayName, theirs, definitions);
}

const list = (words: string[]): string => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/**
 * Undefined when `candidate` may own the case; otherwise a sentence saying why not and what to do.
 * `candidate` is undefined for someone the organisation does not know (see staffActor).
 */
export function ownerProblem(
  candidate: Actor | undefined,
  c: Pick<Case, 'service'>,
  context: OwnerContext,
): string | undefined {
  if (!candidate || candidate.roles.length === 0) {
    return `"${context.candidateId}" is not a member of the complaints team of ${context.orgName}; choose someone from its staff.`;
  }
  const who = candidate.displayName;
  if (!hasPermission(candidate, 'case.update')) {
    return `${who} has no role that handles complaints (${list(candidate.roles.map((r) => roleLabel(r).toLowerCase()))}); choose a complaint handler, investigator or manager.`;
  }
  const seesEveryCase = caseScope(candidate)?.all === true;
  if (!seesEveryCase && !candidate.services.includes(c.service)) {
    return `${who} does not work on ${c.service} complaints (their services: ${candidate.services.length ? list(candidate.services) : 'none'}); choose someone who does.`;
  }
  return undefined;
}

export interface OwnerContext {
  /** The id the person was given as (shown when the organisation does not know them). */
  candidateId: string;
  orgName: string;
}

/** ownerProblem as a rule violation (invalid-input: the API answers 422). */
export function ownerViolation(candidate: Actor | undefined, c: Pick<Case, 'service'>, context: OwnerContext): RuleViolation | null {
  const problem = ownerProblem(candidate, c, context);
  return problem ? violation('invalid-input', problem) : null;
}

/**
 * May `actor` assign `c` to `candidate` now: first whether they may assign at all (so someone who
 * may not is told that, not who else could own it), then whether the candidate may own it.
 */
export function checkAssignment(c: Case, actor: Actor, candidate: Actor | undefined, context: OwnerContext): RuleViolation | null {
  return checkAllowed(c, 'assign', actor) ?? ownerViolation(candidate, c, context);
}

/** ownerProblem over a whole staff list at once (an import checks every row against the same staff). */
export function ownerCheck(
  assignments: readonly StaffAssignment[],
  members: readonly StaffMember[],
  orgName: string,
  definitions?: readonly RoleDefinition[],
): (owner: string, c: Pick<Case, 'service'>) => string | undefined {
  const byId = new Map(members.map((m) => [m.userId, m]));
  return (owner, c) => ownerProblem(staffActor(assignments, owner, byId.get(owner), definitions), c, { candidateId: owner, orgName });
}
