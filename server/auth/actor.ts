/**
 * From a verified identity to an Actor: the organisation's role assignments name users (Entra
 * object id, or the demo user id in development) and groups; the person gets the union of the
 * roles and services assigned to any of their principals.
 */
import type { Actor, Role } from '../../core/types';
import type { OrgRecord } from '../../store/index';

export type RoleAssignment = OrgRecord['roleAssignments'][number];

export function assignmentsFor(org: OrgRecord, principalIds: readonly string[]): RoleAssignment[] {
  const ids = new Set(principalIds);
  return org.roleAssignments.filter((a) => ids.has(a.principalId));
}

export function actorFrom(userId: string, displayName: string | undefined, assignments: readonly RoleAssignment[]): Actor {
  const roles = new Set<Role>();
  const services = new Set<string>();
  for (const a of assignments) {
    a.roles.forEach((r) => roles.add(r));
    a.services.forEach((s) => services.add(s));
  }
  const own = assignments.find((a) => a.principalId === userId);
  return {
    userId,
    displayName: displayName ?? own?.displayName ?? userId,
    roles: [...roles].sort(),
    services: [...services].sort(),
  };
}
