/**
 * Organisation settings, administrators only: the organisation's profile (name, contact, reporting
 * year, retention), services, local holidays, population and role assignments. Each section is read
 * and replaced on its own; the first-run setup page saves them one by one and then marks the setup
 * finished. People and groups for the role assignments are found through the directory search.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ConflictError, type OrgRecord } from '../../store/index';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { HttpProblem } from '../problem';
import { roleRuleProblems } from '../../core/roles';
import { assignmentChanges } from '../../core/role-assignments';
import type { Actor } from '../../core/types';
import { changeServiceCatalogue } from '../../core/services';
import { roleRulesRefused } from './roles';
import {
  DirectoryQuerySchema,
  DirectoryResultSchema,
  LocalHolidaysBodySchema,
  PopulationBodySchema,
  ProfileBodySchema,
  RoleAssignmentsBodySchema,
  roleAssignmentsBodyFor,
  ServicesBodySchema,
  ServicesSchema,
  SetupCompleteSchema,
} from '../schemas/org';
import { directorySearch } from './org-directory';
import { commonErrors, json, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

interface Section<S extends z.ZodType> {
  path: string;
  schema: S;
  /** The body for this organisation, when it depends on the organisation (its own roles). */
  schemaFor?(org: OrgRecord): z.ZodType | undefined;
  /** What GET answers, when it is not the body PUT takes. */
  response?: z.ZodType;
  summary: string;
  read(org: OrgRecord): unknown;
  /** The changed record, or throws an HttpProblem when the change breaks a rule given the current record. */
  write(org: OrgRecord, value: z.output<S>): OrgRecord;
  check?(value: z.output<S>, org: OrgRecord): void;
}

const problem422 = (slug: string, title: string) => (detail: string) => new HttpProblem(422, slug, title, detail);
const servicesRefused = problem422('services-refused', 'The services cannot be changed that way');

const section = <S extends z.ZodType>(s: Section<S>) => s;

const SECTIONS = [
  section({
    path: '/profile',
    schema: ProfileBodySchema,
    summary: 'The organisation’s name, how to reach its administrators, reporting year and retention',
    read: (org) => ({
      name: org.settings.name,
      ...(org.settings.contact ? { contact: org.settings.contact } : {}),
      reportingYearStartMonth: org.settings.reportingYearStartMonth,
      retentionYears: org.settings.retentionYears,
    }),
    write: (org, v) => {
      const { contact, ...settings } = { ...org.settings, name: v.name, reportingYearStartMonth: v.reportingYearStartMonth, retentionYears: v.retentionYears, contact: v.contact };
      return { ...org, settings: contact ? { ...settings, contact } : settings };
    },
  }),
  section({
    path: '/services',
    schema: ServicesBodySchema,
    response: ServicesSchema,
    summary: 'The services complaints are recorded against (add, rename, retire)',
    read: (org) => ({
      services: org.settings.services,
      retiredServices: org.settings.retiredServices ?? [],
      formerServiceNames: org.settings.formerServiceNames ?? {},
    }),
    write: (org, v) => {
      const changed = changeServiceCatalogue(org.settings, { services: v.services, retire: v.retire, rename: v.rename });
      if (typeof changed === 'string') throw servicesRefused(changed);
      // People keep working in a renamed service: their assignments follow the new name.
      const renamed = new Map((v.rename ?? []).map((r) => [r.from, r.to]));
      const roleAssignments = renamed.size === 0 ? org.roleAssignments : org.roleAssignments.map((a) => ({ ...a, services: [...new Set(a.services.map((s) => renamed.get(s) ?? s))] }));
      return { ...org, roleAssignments, settings: { ...org.settings, ...changed } };
    },
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
    read: (org) => ({ population: org.settings.population, ...(org.settings.populationYear ? { populationYear: org.settings.populationYear } : {}) }),
    write: (org, v) => {
      const { populationYear: _old, ...settings } = org.settings;
      return { ...org, settings: { ...settings, population: v.population, ...(v.populationYear ? { populationYear: v.populationYear } : {}) } };
    },
  }),
  section({
    path: '/role-assignments',
    schema: RoleAssignmentsBodySchema,
    schemaFor: (org) => (org.roleDefinitions ? roleAssignmentsBodyFor(org.roleDefinitions.map((d) => d.id)) : undefined),
    summary: 'Who has which role (users or groups)',
    read: (org) => ({ roleAssignments: org.roleAssignments }),
    write: (org, v) => {
      const known = new Set([...org.settings.services, ...(org.settings.retiredServices ?? [])]);
      v.roleAssignments.forEach((a) => {
        const unknown = a.services.find((s) => !known.has(s));
        if (unknown) throw new HttpProblem(422, 'unknown-service', 'Not one of the services', `${a.displayName} is given the service "${unknown}", which is not one of the organisation's services; add it first or choose another.`);
      });
      // An organisation with its own roles: the procedure's guard rails hold for who holds them too.
      const problems = org.roleDefinitions ? roleRuleProblems(org.roleDefinitions, v.roleAssignments) : [];
      if (problems.length > 0) throw roleRulesRefused(problems);
      return { ...org, roleAssignments: v.roleAssignments };
    },
    check: (v, org) => {
      // Without an administrator nobody could ever change the assignments again (with its own roles: roleRuleProblems).
      if (!org.roleDefinitions && !v.roleAssignments.some((a) => a.roles.includes('administrator'))) {
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

/**
 * Who holds the roles changed (the role assignments, or a service renamed under them): the audit keeps
 * who did it, when, and each person's or group's roles before and after, beside the role definitions' history.
 */
async function recordAssignmentChanges(ctx: RouteContext, actor: Actor, before: OrgRecord, after: OrgRecord): Promise<void> {
  const changes = assignmentChanges(before.roleAssignments, after.roleAssignments);
  if (changes.length === 0) return;
  await ctx.store.audit.recordAssignmentChange({
    id: `assignments:${ctx.newId()}`,
    orgId: after.settings.orgId,
    at: ctx.clock().toISOString(),
    userId: actor.userId,
    displayName: actor.displayName,
    via: 'settings',
    changes,
  });
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

  // Finishing the first-run setup: from then on administrators land on the caseload, and the same
  // page is "Organisation settings". Finishing again keeps the first date.
  router.post('/setup-complete', async (_req, res) => {
    const { org } = admin(res);
    if (org.settings.services.length === 0) {
      throw new HttpProblem(422, 'setup-incomplete', 'Setup not finished', 'Add at least one service before finishing the setup: every complaint is recorded against a service.');
    }
    const now = ctx.clock().toISOString();
    const updated = await saveSettings(ctx, org.settings.orgId, (current) => (current.setupCompletedAt ? current : { ...current, setupCompletedAt: now }));
    ctx.orgs.invalidate();
    res.json({ setupCompletedAt: updated.setupCompletedAt });
  });

  router.get('/directory', async (req: Request, res) => {
    const auth = admin(res);
    const query = parse(DirectoryQuerySchema, req.query, 'query');
    res.json(await directorySearch(req, auth, ctx, query));
  });

  for (const s of SECTIONS as Section<z.ZodType>[]) {
    router.get(s.path, (_req, res) => {
      const { org } = admin(res);
      res.json(s.read(org));
    });
    router.put(s.path, async (req, res) => {
      const { org, actor } = admin(res);
      const value = parse(s.schemaFor?.(org) ?? s.schema, jsonBody(req), 'body');
      s.check?.(value, org);
      // Applied to the latest stored record under its ETag, so a change another administrator made to
      // another section at the same moment is kept rather than overwritten.
      let before = org;
      const updated = await saveSettings(ctx, org.settings.orgId, (current) => s.write((before = current), value));
      await recordAssignmentChanges(ctx, actor, before, updated);
      ctx.orgs.invalidate();
      res.json(s.read(updated));
    });
    const answer = s.response ?? s.schema;
    registry.registerPath({ method: 'get', path: `/api/org${s.path}`, summary: s.summary, responses: { 200: json(answer, 'Current value.'), ...commonErrors } });
    registry.registerPath({
      method: 'put',
      path: `/api/org${s.path}`,
      summary: `Replace: ${s.summary.toLowerCase()}`,
      request: { body: { content: { 'application/json': { schema: s.schema } } } },
      responses: { 200: json(answer, 'Saved.'), ...commonErrors },
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
    200: json(z.object({ settings: z.record(z.string(), z.unknown()), roleAssignments: RoleAssignmentsBodySchema.shape.roleAssignments, tenantId: z.string().optional(), setupCompletedAt: z.string().optional() }), 'The record.'),
    ...commonErrors,
  },
});

registry.registerPath({
  method: 'post',
  path: '/api/org/setup-complete',
  summary: 'Finish the first-run setup (administrators)',
  responses: { 200: json(SetupCompleteSchema, 'Finished; the date it was first finished.'), ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/org/directory',
  summary: 'Find people or Entra groups to give roles to (Microsoft Graph on your behalf; demo staff in development sign-in)',
  request: { query: DirectoryQuerySchema },
  responses: { 200: json(DirectoryResultSchema, 'Up to 15 matches.'), ...commonErrors },
});
