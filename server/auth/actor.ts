/**
 * From a verified identity to an Actor: the organisation's role assignments name users (Entra
 * object id, or the demo user id in development) and groups; the person gets the union of the
 * roles and services assigned to any of their principals (core/ownership actorFromAssignments).
 */
import { actorFromAssignments } from '../../core/ownership';
import { definitionsInForce } from '../../core/roles';
import { withFormerServiceNames } from '../../core/services';
import type { Actor } from '../../core/types';
import type { OrgRecord } from '../../store/index';

export type RoleAssignment = OrgRecord['roleAssignments'][number];

/**
 * The assignments naming any of the principals. A renamed service's older cases carry its former name,
 * so each assignment's services include the former names too (scope and "my team" then find them).
 */
export function assignmentsFor(org: OrgRecord, principalIds: readonly string[]): RoleAssignment[] {
  const ids = new Set(principalIds);
  return withFormerServiceNames(org.settings, org.roleAssignments.filter((a) => ids.has(a.principalId)));
}

/** The names of those holding the administrator role (people and groups), to tell people without a role whom to ask. */
export function administratorsOf(org: OrgRecord): string[] {
  const managing = new Set(definitionsInForce(org.roleDefinitions).filter((d) => d.permissions.includes('settings.manage')).map((d) => d.id));
  return org.roleAssignments.filter((a) => a.roles.some((r) => managing.has(r))).map((a) => a.displayName);
}

/** The person, with what their roles allow under their organisation's own role definitions (when it has them). */
export function actorFrom(userId: string, displayName: string | undefined, assignments: readonly RoleAssignment[], org?: OrgRecord): Actor {
  return actorFromAssignments(userId, displayName, assignments, org?.roleDefinitions);
}
