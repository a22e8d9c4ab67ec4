/**
 * From a verified identity to an Actor: the organisation's role assignments name users (Entra
 * object id, or the demo user id in development) and groups; the person gets the union of the
 * roles and services assigned to any of their principals (core/ownership actorFromAssignments).
 */
import { actorFromAssignments } from '../../core/ownership';
import type { Actor } from '../../core/types';
import type { OrgRecord } from '../../store/index';

export type RoleAssignment = OrgRecord['roleAssignments'][number];

export function assignmentsFor(org: OrgRecord, principalIds: readonly string[]): RoleAssignment[] {
  const ids = new Set(principalIds);
  return org.roleAssignments.filter((a) => ids.has(a.principalId));
}

export function actorFrom(userId: string, displayName: string | undefined, assignments: readonly RoleAssignment[]): Actor {
  return actorFromAssignments(userId, displayName, assignments);
}
