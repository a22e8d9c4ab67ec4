/**
 * Organisation settings, administrators only: services, local holidays, population and role
 * assignments. Each section is read and replaced on its own.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { ConflictError, type OrgRecord } from '../../store/index';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { HttpProblem } from '../problem';
import {
  LocalHolidaysBodySchema,
  PopulationBodySchema,
  RoleAssignmentsBodySchema,
  ServicesBodySchema,
} from '../schemas/org';
import { commonErrors, json, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

interface Section<S extends z.ZodType> {
  path: string;
  schema: S;
  summary: string;
  read(org: OrgRecord): z.output<S>;
  write(org: OrgRecord, value: z.output<S>): OrgRecord;
  check?(value: z.output<S>): void;
}

const section = <S extends z.ZodType>(s: Section<S>) => s;

const SECTIONS = [
  section({
    path: '/services',
    schema: ServicesBodySchema,
    summary: 'The services complaints are recorded against',
    read: (org) => ({ services: org.settings.services }),
    write: (org, v) => ({ ...org, settings: { ...org.settings, services: v.services } }),
  }),
  section({
    path: '/local-holidays',
    schema: LocalHolidaysBodySchema,
    summary: 'Local holidays and closure days (added to Scotland’s bank holidays)',
    read: (org) => ({ localHolidays: org.settings.localHolidays }),
    write: (org, v) => ({ ...org, settings: { ...org.settings, localHolidays: [...v.localHolidays].sort() } }),
  }),
  section({
    path: '/population',
    schema: PopulationBodySchema,
    summary: 'Population served (complaints per 1,000 population)',
    read: (org) => ({ population: org.settings.population }),
    write: (org, v) => ({ ...org, settings: { ...org.settings, population: v.population } }),
  }),
  section({
    path: '/role-assignments',
    schema: RoleAssignmentsBodySchema,
    summary: 'Who has which role (users or groups)',
    read: (org) => ({ roleAssignments: org.roleAssignments }),
    write: (org, v) => ({ ...org, roleAssignments: v.roleAssignments }),
    check: (v) => {
      // Without an administrator nobody could ever change the assignments again.
      if (!v.roleAssignments.some((a) => a.roles.includes('administrator'))) {
        throw new HttpProblem(422, 'no-administrator', 'An administrator is needed', 'Keep at least one administrator in the role assignments, or nobody could change them again.');
      }
    },
  }),
];

async function saveSettings(ctx: RouteContext, orgId: string, change: (current: OrgRecord) => OrgRecord): Promise<OrgRecord> {
  try {
    return await ctx.store.orgs.update(orgId, change);
  } catch (err) {
    if (err instanceof ConflictError) {
      throw new HttpProblem(409, 'settings-changed', 'The settings changed while saving', 'Someone else changed the settings at the same moment; reload the settings and make your change again.');
    }
    throw err;
  }
}

function orgRouter(ctx: RouteContext): Router {
  const router = Router();
  const admin = (res: Response) => {
    const auth = signedIn(res);
    requirePermission(auth.actor, 'settings.manage');
    return auth;
  };

  router.get('/', (_req, res) => {
    const { org } = admin(res);
    res.json(org);
  });

  for (const s of SECTIONS as Section<z.ZodType>[]) {
    router.get(s.path, (_req, res) => {
      const { org } = admin(res);
      res.json(s.read(org));
    });
    router.put(s.path, async (req, res) => {
      const { org } = admin(res);
      const value = parse(s.schema, jsonBody(req), 'body');
      s.check?.(value);
      // Applied to the latest stored record under its ETag, so a change another administrator made to
      // another section at the same moment is kept rather than overwritten.
      const updated = await saveSettings(ctx, org.settings.orgId, (current) => s.write(current, value));
      ctx.orgs.invalidate();
      res.json(s.read(updated));
    });
    registry.registerPath({ method: 'get', path: `/api/org${s.path}`, summary: s.summary, responses: { 200: json(s.schema, 'Current value.'), ...commonErrors } });
    registry.registerPath({
      method: 'put',
      path: `/api/org${s.path}`,
      summary: `Replace: ${s.summary.toLowerCase()}`,
      request: { body: { content: { 'application/json': { schema: s.schema } } } },
      responses: { 200: json(s.schema, 'Saved.'), ...commonErrors },
    });
  }
  return router;
}

export const orgModule: ApiModule = { path: '/org', router: orgRouter };

registry.registerPath({
  method: 'get',
  path: '/api/org',
  summary: 'The organisation’s whole record: settings and role assignments',
  responses: {
    200: json(z.object({ settings: z.record(z.string(), z.unknown()), roleAssignments: RoleAssignmentsBodySchema.shape.roleAssignments, tenantId: z.string().optional() }), 'The record.'),
    ...commonErrors,
  },
});
