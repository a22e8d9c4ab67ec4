/** Organisation settings edited by an administrator, and who-am-I. */
import { z } from 'zod';
import { IsoDateSchema, line, RoleSchema, UserIdSchema } from './common';

const uniqueBy = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} "${k}" is listed twice` });
    seen.add(k);
  });
};

export const ServicesBodySchema = z
  .strictObject({ services: z.array(line(200)).min(1, 'list at least one service').max(500).superRefine(uniqueBy((s) => s, 'service')) })
  .meta({ id: 'Services' });

export const LocalHolidaysBodySchema = z
  .strictObject({
    localHolidays: z.array(IsoDateSchema).max(1000).superRefine(uniqueBy((d) => d, 'date')),
  })
  .meta({ id: 'LocalHolidays', description: 'Closure days added to Scotland’s bank holidays.' });

export const PopulationBodySchema = z
  .strictObject({ population: z.number().int('must be a whole number').min(0).max(100_000_000) })
  .meta({ id: 'Population', description: 'Population served, for complaints per 1,000 population.' });

export const RoleAssignmentSchema = z
  .strictObject({
    principalId: UserIdSchema.meta({ description: 'Entra user object id or group id.' }),
    roles: z.array(RoleSchema).min(1, 'give at least one role').max(10),
    services: z.array(line(200)).max(500).default([]),
    displayName: line(200),
    kind: z.enum(['user', 'group']).optional().meta({ description: 'What principalId names: an Entra user (the default) or a security group.' }),
  })
  .meta({ id: 'RoleAssignment' });

export const RoleAssignmentsBodySchema = z
  .strictObject({
    roleAssignments: z.array(RoleAssignmentSchema).max(5000).superRefine(uniqueBy((a) => a.principalId, 'principalId')),
  })
  .meta({ id: 'RoleAssignments' });

export const MeSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    roles: z.array(RoleSchema),
    services: z.array(z.string()),
    permissions: z.array(z.string()),
    org: z.object({ id: z.string(), name: z.string(), services: z.array(z.string()) }),
    devSignIn: z.boolean().meta({ description: 'True when signed in through development sign-in: pages must say so.' }),
  })
  .meta({ id: 'Me' });

export const DevUserSchema = z
  .object({ userId: z.string(), displayName: z.string(), roles: z.array(RoleSchema), orgId: z.string(), orgName: z.string() })
  .meta({ id: 'DevUser' });
