/**
 * Changes to who holds the organisation's roles (people and Entra groups), as the append-only audit
 * keeps them beside the changes to the role definitions themselves (core/roles.ts): who changed
 * them, when, how (the settings in the tab or the `chp` command line), and for each person or group
 * whose roles or services changed, what they held before and after. Pure.
 */
import type { RoleId } from './types';

/** What an assignment says, as far as the audit cares: one principal's roles and services. */
export interface AssignmentLike {
  principalId: string;
  roles: readonly RoleId[];
  services: readonly string[];
  displayName: string;
  kind?: 'user' | 'group';
}

export interface HeldRoles {
  roles: RoleId[];
  services: string[];
}

/** One person's or group's change: `before` null when newly given roles, `after` null when taken off the list. */
export interface AssignmentChange {
  principalId: string;
  kind: 'user' | 'group';
  displayName: string;
  before: HeldRoles | null;
  after: HeldRoles | null;
}

/** Where the change was made: the organisation settings (API, used by the tab) or `chp org grant`. */
export const ASSIGNMENT_CHANGE_CHANNELS = ['settings', 'cli'] as const;
export type AssignmentChangeChannel = (typeof ASSIGNMENT_CHANGE_CHANNELS)[number];

/** One save that changed who holds the roles, as the audit keeps it. */
export interface RoleAssignmentsChange {
  id: string;
  orgId: string;
  at: string;
  /** Who made the change: the administrator's user id, or for the command line the operator's account on that machine. */
  userId: string;
  displayName: string;
  via: AssignmentChangeChannel;
  changes: AssignmentChange[];
}

const held = (a: AssignmentLike): HeldRoles => ({ roles: [...a.roles], services: [...a.services] });
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Whose roles or services differ between two lists of assignments, in the order of the lists
 * (changed and added first, then removed). Order within a person's roles or services is not a change;
 * a new display name alone is not one either (it is the directory's name, not a decision).
 */
export function assignmentChanges(before: readonly AssignmentLike[], after: readonly AssignmentLike[]): AssignmentChange[] {
  const old = new Map(before.map((a) => [a.principalId, a]));
  const changes: AssignmentChange[] = [];
  for (const a of after) {
    const was = old.get(a.principalId);
    old.delete(a.principalId);
    if (was && sameSet(was.roles, a.roles) && sameSet(was.services, a.services)) continue;
    changes.push({ principalId: a.principalId, kind: a.kind ?? 'user', displayName: a.displayName, before: was ? held(was) : null, after: held(a) });
  }
  for (const was of old.values()) {
    changes.push({ principalId: was.principalId, kind: was.kind ?? 'user', displayName: was.displayName, before: held(was), after: null });
  }
  return changes;
}
