/**
 * From a verified identity to an Actor: the organisation's role assignments name users (Entra
 * object id, or the demo user id in development) and groups; the person gets the union of the
 * roles and services assigned to any of their principals.
 */
import { namesRecordedAs } from '../../core/services';
import type { Actor, Role } from '../../core/types';
import type { OrgRecord } from '../../store/index';

export type RoleAssignment = OrgRecord['roleAssignments'][number];

/**
 * The assignments naming any of the principals. A renamed service's older cases carry its former name,
 * so each assignment's services include the former names too (scope and "my team" then find them).
 */
export function assignmentsFor(org: OrgRecord, principalIds: readonly string[]): RoleAssignment[] {
  const ids = new Set(principalIds);
  const renamed = Object.keys(org.settings.formerServiceNames ?? {}).length > 0;
  return org.roleAssignments
    .filter((a) => ids.has(a.principalId))
    .map((a) => (renamed && a.services.length > 0 ? { ...a, services: namesRecordedAs(org.settings, a.services) } : a));
}

/** The names of those holding the administrator role (people and groups), to tell people without a role whom to ask. */
export function administratorsOf(org: OrgRecord): string[] {
  return org.roleAssignments.filter((a) => a.roles.includes('administrator')).map((a) => a.displayName);
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
