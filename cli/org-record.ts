/**
 * What `chp org create` and `chp org grant` write, validated: the short id, the Entra ids, the
 * optional settings file, and the record a new organisation starts with. Pure (no store, no files).
 */
import { z } from 'zod';
import { parseIsoDate } from '../core/calendar';
import { ROLES, type OrgSettings } from '../core/types';
import type { OrgRecord, RoleAssignment } from '../store/index';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra tenant, user or group id; stored in lower case, as tokens carry them. */
export const entraIdSchema = (what: string) =>
  z
    .string()
    .trim()
    .regex(GUID, `${what} must be a GUID such as 0b7c4e3a-1f2d-4c5b-9a8e-7d6f5e4c3b2a (Entra admin centre → Overview)`)
    .transform((v) => v.toLowerCase());

/** The organisation's short id: it names the organisation in every command and can never change. */
export const orgIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'the short id is 1 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit (e.g. glenmore-council)');

export const orgNameSchema = z.string().trim().min(2, 'the name must have at least 2 characters').max(200, 'the name must be at most 200 characters');

/**
 * Role ids as written on the command line. Which ids exist is the organisation's business (its own role
 * definitions, or the product's roles: core/roles definitionsInForce), checked against the stored
 * record; here only their form.
 */
export const rolesSchema = z
  .array(
    z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, {
      error: (issue) => `"${String(issue.input)}" is not a role id: role ids are lower-case letters, digits and hyphens (e.g. ${ROLES.slice(0, 2).join(', ')}, spso-liaison-officer)`,
    }),
  )
  .min(1, 'give at least one role');

/** The refusal of role ids the organisation does not have, listing those it has. */
export const unknownRolesMessage = (orgId: string, unknown: readonly string[], known: readonly string[]): string =>
  `${unknown.map((r) => `"${r}"`).join(', ')} ${unknown.length === 1 ? 'is not a role' : 'are not roles'}; the roles are ${known.join(', ')} (those of "${orgId}"; "chp org show --org ${orgId}" shows its role definitions)`;

const isoDate = z.string().refine((v) => {
  try {
    parseIsoDate(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a date written YYYY-MM-DD');

const distinct = <T extends string>(what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} "${item}" is listed twice` });
    seen.add(item);
  });
};

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** The optional settings file of `chp org create`: every key optional, no other keys. */
export const orgSettingsFileSchema = z.strictObject({
  services: z.array(name).max(500).superRefine(distinct('service')).optional(),
  reportingYearStartMonth: z.number().int().min(1, 'is a month number, 1 to 12').max(12, 'is a month number, 1 to 12').optional(),
  population: z.number().int('must be a whole number').min(0).max(100_000_000).optional(),
  populationYear: z.number().int().min(1990).max(2100).optional(),
  retentionYears: z.number().int().min(1, 'must be at least 1 year').max(100).optional(),
  localHolidays: z.array(isoDate).max(1000).superRefine(distinct('date')).optional(),
  workedHolidays: z.array(isoDate).max(1000).superRefine(distinct('date')).optional(),
  rootCauseCategories: z.array(name).min(1).max(100).superRefine(distinct('category')).optional(),
});
export type OrgSettingsFile = z.output<typeof orgSettingsFileSchema>;

/** Until the organisation chooses its own (setup page, or the settings file). */
export const DEFAULT_ROOT_CAUSE_CATEGORIES = ['Communication', 'Policy or procedure', 'Staff conduct', 'Delay', 'Quality of service', 'Contractor performance'];

export interface NewOrg {
  orgId: string;
  name: string;
  tenantId: string;
  admins: RoleAssignment[];
  settings: OrgSettingsFile;
}

/** The record a new organisation starts with: what was given, sensible defaults for the rest, setup not completed. */
export function newOrgRecord(org: NewOrg): OrgRecord {
  const given = org.settings;
  const settings: OrgSettings = {
    orgId: org.orgId,
    name: org.name,
    services: given.services ?? [],
    population: given.population ?? 0,
    ...(given.populationYear !== undefined ? { populationYear: given.populationYear } : {}),
    localHolidays: [...(given.localHolidays ?? [])].sort(),
    workedHolidays: [...(given.workedHolidays ?? [])].sort(),
    rootCauseCategories: given.rootCauseCategories ?? DEFAULT_ROOT_CAUSE_CATEGORIES,
    retentionYears: given.retentionYears ?? 5,
    reportingYearStartMonth: given.reportingYearStartMonth ?? 4,
  };
  return { settings, roleAssignments: org.admins, tenantId: org.tenantId };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const shown = (v: unknown) => (v === undefined ? '(not set)' : JSON.stringify(v));

/**
 * How an existing organisation differs from what `chp org create` was asked for, one sentence per
 * difference; empty when running the command again would change nothing. Only what the command names
 * is compared (name, tenant, the settings in the file, the first administrators): settings the
 * organisation chose since, and people added since, are its own business.
 */
export function differences(stored: OrgRecord, asked: NewOrg): string[] {
  const found: string[] = [];
  if (stored.settings.name !== asked.name) found.push(`name: it is ${shown(stored.settings.name)}, the command says ${shown(asked.name)}`);
  if ((stored.tenantId ?? '').toLowerCase() !== asked.tenantId) found.push(`tenant: it is ${shown(stored.tenantId)}, the command says ${shown(asked.tenantId)}`);
  const wanted = newOrgRecord(asked).settings as unknown as Record<string, unknown>;
  const current = stored.settings as unknown as Record<string, unknown>;
  for (const key of Object.keys(asked.settings)) {
    if (!same(current[key], wanted[key])) found.push(`${key}: it is ${shown(current[key])}, the settings file says ${shown(wanted[key])}`);
  }
  for (const admin of asked.admins) {
    const assignment = stored.roleAssignments.find((a) => a.principalId === admin.principalId);
    if (!assignment?.roles.includes('administrator')) found.push(`administrator: ${admin.kind} ${admin.principalId} is not an administrator there`);
  }
  return found;
}

/** Adds roles (and services) to a principal's assignment, or adds the assignment; the same grant twice changes nothing. */
export function withGrant(org: OrgRecord, grant: RoleAssignment & { kind: 'user' | 'group' }): OrgRecord {
  const existing = org.roleAssignments.find((a) => a.principalId === grant.principalId);
  if (!existing) return { ...org, roleAssignments: [...org.roleAssignments, grant] };
  const union = <T>(a: readonly T[], b: readonly T[]) => [...new Set([...a, ...b])];
  const merged: RoleAssignment = {
    ...existing,
    roles: union(existing.roles, grant.roles),
    services: union(existing.services, grant.services),
    displayName: grant.displayName || existing.displayName,
    kind: existing.kind ?? grant.kind,
  };
  return { ...org, roleAssignments: org.roleAssignments.map((a) => (a === existing ? merged : a)) };
}

/**
 * Takes roles from a principal (all of them, and the assignment itself, when `roles` is undefined);
 * unknown principals and roles they do not hold change nothing.
 */
export function withoutRoles(org: OrgRecord, principalId: string, roles: readonly string[] | undefined): OrgRecord {
  if (roles === undefined) return { ...org, roleAssignments: org.roleAssignments.filter((a) => a.principalId !== principalId) };
  return { ...org, roleAssignments: org.roleAssignments.map((a) => (a.principalId === principalId ? { ...a, roles: a.roles.filter((r) => !roles.includes(r)) } : a)) };
}
