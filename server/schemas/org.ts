/** Organisation settings edited by an administrator, and who-am-I. */
import { z } from 'zod';
import { safeString } from '../../core/text-schema';
import { IsoDateSchema, line, RoleSchema, UserIdSchema } from './common';

const uniqueBy = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} "${k}" is listed twice` });
    seen.add(k);
  });
};

const ServiceNameSchema = line(200);

export const ServicesBodySchema = z
  .strictObject({
    services: z.array(ServiceNameSchema).min(1, 'list at least one service').max(500).superRefine(uniqueBy((s) => s, 'service')),
    retire: z
      .array(ServiceNameSchema)
      .max(500)
      .superRefine(uniqueBy((s) => s, 'service'))
      .optional()
      .meta({ description: 'Services to stop offering for new complaints; their cases keep the name and still report. A service left out of `services` is retired too, never deleted.' }),
    rename: z
      .array(z.strictObject({ from: ServiceNameSchema, to: ServiceNameSchema }))
      .max(500)
      .superRefine(uniqueBy((r) => r.from, 'renamed service'))
      .optional()
      .meta({ description: 'Renames; `services` may name a service by its old or its new name. Cases keep the old name and report under the new one.' }),
  })
  .meta({ id: 'ServicesChange' });

export const ServicesSchema = z
  .object({
    services: z.array(z.string()).meta({ description: 'Offered for new complaints.' }),
    retiredServices: z.array(z.string()).meta({ description: 'No longer offered; their cases still report under these names.' }),
    formerServiceNames: z.record(z.string(), z.string()).meta({ description: 'Former name → current name.' }),
  })
  .meta({ id: 'Services' });

const CURRENT_YEAR = new Date().getUTCFullYear();

export const ProfileBodySchema = z
  .strictObject({
    name: line(200),
    contact: safeString().trim().max(500, 'must be at most 500 characters').optional().meta({ description: 'How staff without a role reach the administrators; empty to remove.' }),
    reportingYearStartMonth: z.number().int('must be a whole number').min(1, 'must be a month, 1 to 12').max(12, 'must be a month, 1 to 12'),
    retentionYears: z.number().int('must be a whole number of years').min(1, 'must be at least 1 year').max(100, 'must be at most 100 years'),
  })
  .meta({ id: 'OrgProfile', description: 'The organisation’s name, how to reach its administrators, its reporting year and how long closed cases are kept.' });

export const LocalHolidaysBodySchema = z
  .strictObject({
    localHolidays: z.array(IsoDateSchema).max(1000).superRefine(uniqueBy((d) => d, 'date')),
  })
  .meta({ id: 'LocalHolidays', description: 'Closure days added to Scotland’s bank holidays.' });

export const PopulationBodySchema = z
  .strictObject({
    population: z.number().int('must be a whole number').min(0).max(100_000_000),
    populationYear: z
      .number()
      .int('must be a year')
      .min(1900, 'must be a year from 1900')
      .max(CURRENT_YEAR + 1, `must not be after ${CURRENT_YEAR + 1}`)
      .optional()
      .meta({ description: 'The year of the population estimate.' }),
  })
  .meta({ id: 'Population', description: 'Population served, for complaints per 1,000 population.' });

const roleAssignmentSchema = <R extends z.ZodType<string>>(role: R) =>
  z.strictObject({
    principalId: UserIdSchema.meta({ description: 'Entra user object id or group id.' }),
    // Empty roles: a person known to the organisation who has no role yet (they are told whom to ask).
    roles: z.array(role).max(10).superRefine(uniqueBy((r) => r, 'role')),
    services: z.array(line(200)).max(500).default([]),
    displayName: line(200),
    kind: z.enum(['user', 'group']).optional().meta({ description: 'A person (default) or an Entra security group whose members get the roles.' }),
  });
const roleAssignmentsBody = <R extends z.ZodType<string>>(role: R) =>
  z.strictObject({
    roleAssignments: z.array(roleAssignmentSchema(role)).max(5000).superRefine(uniqueBy((a) => a.principalId, 'principalId')),
  });

export const RoleAssignmentSchema = roleAssignmentSchema(RoleSchema).meta({ id: 'RoleAssignment' });

export const RoleAssignmentsBodySchema = z
  .strictObject({
    roleAssignments: z.array(RoleAssignmentSchema).max(5000).superRefine(uniqueBy((a) => a.principalId, 'principalId')),
  })
  .meta({ id: 'RoleAssignments' });

/** The body for an organisation with its own role definitions: the roles are the ids it defined. */
export const roleAssignmentsBodyFor = (roleIds: readonly string[]) =>
  roleAssignmentsBody(
    z.string().refine((r) => roleIds.includes(r), { error: (issue) => `"${String(issue.input)}" is not one of the organisation's roles (${roleIds.join(', ')})` }),
  );

export const MeSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()).meta({ description: 'Role ids: the product’s, or the organisation’s own (GET /api/org/roles).' }),
    services: z.array(z.string()),
    permissions: z.array(z.string()),
    org: z.object({
      id: z.string(),
      name: z.string(),
      services: z.array(z.string()),
      setupCompleted: z.boolean().meta({ description: 'False until an administrator finishes the first-run setup (administrators are shown the setup page).' }),
    }),
    devSignIn: z.boolean().meta({ description: 'True when signed in through development sign-in: pages must say so.' }),
    noRole: z
      .object({ orgName: z.string(), administrators: z.array(z.string()), contact: z.string().optional(), message: z.string() })
      .optional()
      .meta({ description: 'Present when the person has no role yet: whom to ask. Every other route refuses them (403, code no-role).' }),
  })
  .meta({ id: 'Me' });

export const DevUserSchema = z
  .object({ userId: z.string(), displayName: z.string(), roles: z.array(RoleSchema), orgId: z.string(), orgName: z.string() })
  .meta({ id: 'DevUser' });

export const SetupCompleteSchema = z
  .object({ setupCompletedAt: z.string().meta({ description: 'When the first-run setup was finished.' }) })
  .meta({ id: 'SetupComplete' });

export const DirectoryQuerySchema = z
  .strictObject({
    kind: z.enum(['user', 'group']),
    q: z.string().trim().min(2, 'type at least 2 characters').max(100, 'must be at most 100 characters'),
  })
  .meta({ id: 'DirectoryQuery' });

export const DirectoryEntrySchema = z
  .object({ id: z.string(), displayName: z.string(), detail: z.string().optional(), kind: z.enum(['user', 'group']) })
  .meta({ id: 'DirectoryEntry' });

export const DirectoryResultSchema = z
  .object({
    source: z.enum(['graph', 'demo']).meta({ description: 'Microsoft Graph (on your behalf) or, in development sign-in, the demo staff.' }),
    items: z.array(DirectoryEntrySchema),
  })
  .meta({ id: 'DirectoryResult' });
