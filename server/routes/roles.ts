/**
 * Roles and responsibilities as the organisation sets them (core/roles.ts): administrators
 * (`settings.manage`) read and replace the role definitions — from a preset or edited — and see every
 * change made; every save is checked against the procedure's guard rails (422 listing each reason)
 * and recorded in the append-only audit (who, when, before and after). Anyone with a role reads the
 * "Roles and responsibilities" statement the definitions make (HTML, PDF or JSON).
 * A saved change reaches every server within the organisation cache time (OrgDirectory `ttlMs`):
 * people's permissions are resolved from the definitions at each sign-in.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatDate } from '../../core/labels';
import { londonDate } from '../../core/calendar';
import { PERMISSIONS, permissionSentence } from '../../core/permissions';
import {
  CASE_SCOPE_KINDS,
  CASE_SCOPE_WORDS,
  defaultDefinitions,
  definitionsInForce,
  PRESET_NAMES,
  presetDefinitions,
  PRESETS,
  roleRuleProblems,
  type RoleDefinition,
} from '../../core/roles';
import { PdfRenderer } from '../../reports/pdf';
import { renderRolesStatementHtml, renderRolesStatementPdf } from '../../reports/roles-statement';
import type { AuditPage } from '../../store/audit';
import { ConflictError } from '../../store/index';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { HttpProblem } from '../problem';
import { line, text } from '../schemas/common';
import { commonErrors, json, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

/** The guard rails refused the change: each reason, in words, also as `errors` so a page can list them. */
export const roleRulesRefused = (problems: string[]): HttpProblem =>
  new HttpProblem(422, 'role-rules', 'The roles would break a rule of the procedure', problems.join(' '), {
    errors: problems.map((message) => ({ field: 'roleDefinitions', message })),
  });

const RoleIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,47}$/, 'must be 2 to 48 lower-case letters, digits or hyphens, starting with a letter (e.g. spso-liaison-officer)');

export const RoleDefinitionSchema = z
  .strictObject({
    id: RoleIdSchema,
    name: line(80),
    description: text(1000),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).refine((ps) => new Set(ps).size === ps.length, 'must not name a permission twice'),
    caseScope: z.enum(CASE_SCOPE_KINDS),
    socialWork: z.boolean(),
  })
  .meta({ id: 'RoleDefinition' });

const RoleDefinitionsBodySchema = z
  .strictObject({
    roleDefinitions: z.array(RoleDefinitionSchema).min(1, 'must hold at least one role').max(50).optional(),
    preset: z.enum(PRESETS).optional(),
  })
  .refine((b) => (b.roleDefinitions === undefined) !== (b.preset === undefined), 'send either roleDefinitions or preset, not both')
  .meta({ id: 'RoleDefinitionsBody' });

const HistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be at most 200').default(50),
  continuation: z.string().max(4000).optional(),
});

const StatementQuerySchema = z.strictObject({ format: z.enum(['html', 'pdf', 'json']).default('html') });

let pdfRenderer: PdfRenderer | undefined;
/** Closes the Chromium started for statement PDFs, if any (server shutdown, tests). */
export async function shutdownRolesRenderer(): Promise<void> {
  const renderer = pdfRenderer;
  pdfRenderer = undefined;
  await renderer?.close();
}

function rolesRouter(ctx: RouteContext): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    res.json({
      roleDefinitions: definitionsInForce(org.roleDefinitions),
      own: org.roleDefinitions !== undefined,
      permissions: PERMISSIONS.map((id) => ({ id, sentence: permissionSentence(id) })),
      caseScopes: CASE_SCOPE_KINDS.map((id) => ({ id, words: CASE_SCOPE_WORDS[id] })),
      presets: PRESETS.map((id) => ({ id, name: PRESET_NAMES[id], roleDefinitions: presetDefinitions(id) })),
      // What a change recorded with `before: null` changed from.
      defaultRoleDefinitions: defaultDefinitions(),
      roleAssignments: org.roleAssignments.map((a) => ({ displayName: a.displayName, roles: a.roles })),
      takesEffectWithinSeconds: Math.ceil(ctx.orgs.ttlMs / 1000),
    });
  });

  router.put('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const body = parse(RoleDefinitionsBodySchema, jsonBody(req), 'body');
    const after: RoleDefinition[] = body.preset ? presetDefinitions(body.preset) : (body.roleDefinitions ?? []);
    let before: RoleDefinition[] | null = null;
    let updated;
    try {
      // Checked against the record as stored when saving, so an assignment saved at the same moment counts.
      updated = await ctx.store.orgs.update(org.settings.orgId, (current) => {
        const problems = roleRuleProblems(after, current.roleAssignments);
        if (problems.length > 0) throw roleRulesRefused(problems);
        before = current.roleDefinitions ?? null;
        return { ...current, roleDefinitions: after };
      });
    } catch (err) {
      if (err instanceof ConflictError) {
        throw new HttpProblem(409, 'settings-changed', 'The settings changed while saving', 'Someone else changed the settings at the same moment; reload the roles and make your change again.');
      }
      throw err;
    }
    await ctx.store.audit.recordRoleChange({
      id: `roles:${ctx.newId()}`,
      orgId: org.settings.orgId,
      at: ctx.clock().toISOString(),
      userId: actor.userId,
      displayName: actor.displayName,
      before,
      after,
      ...(body.preset ? { preset: body.preset } : {}),
    });
    ctx.orgs.invalidate();
    res.json({ roleDefinitions: updated.roleDefinitions, own: true, takesEffectWithinSeconds: Math.ceil(ctx.orgs.ttlMs / 1000) });
  });

  /** A page of an audit history, for administrators. */
  const history =
    <T>(list: (orgId: string, limit: number, continuation?: string) => Promise<AuditPage<T>>) =>
    async (req: Request, res: Response) => {
      const { actor, org } = signedIn(res);
      requirePermission(actor, 'settings.manage');
      const { limit, continuation } = parse(HistoryQuerySchema, req.query, 'query');
      try {
        const page = await list(org.settings.orgId, limit, continuation);
        res.json({ items: page.items, ...(page.continuation ? { continuation: page.continuation } : {}) });
      } catch (error) {
        if (continuation && statusOf(error) === 400) throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid; start again from the first page.');
        throw error;
      }
    };
  router.get('/history', history((orgId, limit, continuation) => ctx.store.audit.listRoleChanges(orgId, limit, continuation)));
  // Who was given or lost which roles, beside the changes to the roles themselves.
  router.get('/assignments/history', history((orgId, limit, continuation) => ctx.store.audit.listAssignmentChanges(orgId, limit, continuation)));

  // Every member of staff may read how the organisation shares the work (and the organisation publishes it).
  router.get('/statement', async (req, res) => {
    const { org } = signedIn(res);
    const { format } = parse(StatementQuerySchema, req.query, 'query');
    const definitions = definitionsInForce(org.roleDefinitions);
    const asOf = formatDate(londonDate(ctx.clock()));
    if (format === 'json') {
      res.json({
        orgName: org.settings.name,
        asOf,
        roles: definitions.map((d) => ({ ...d, sentences: d.permissions.map(permissionSentence), caseScopeWords: CASE_SCOPE_WORDS[d.caseScope] })),
      });
      return;
    }
    if (format === 'pdf') {
      pdfRenderer ??= new PdfRenderer();
      const pdf = await renderRolesStatementPdf(org.settings.name, definitions, asOf, pdfRenderer);
      res.type('application/pdf').setHeader('Content-Disposition', 'attachment; filename="roles-and-responsibilities.pdf"');
      res.send(pdf);
      return;
    }
    res.type('text/html').send(renderRolesStatementHtml(org.settings.name, definitions, asOf));
  });
  return router;
}

export const rolesModule: ApiModule = { path: '/roles', router: rolesRouter };

registry.registerPath({
  method: 'get',
  path: '/api/roles',
  summary: 'The organisation’s role definitions in force, the permissions with what each allows, and the presets (administrators)',
  responses: { 200: { description: '{ roleDefinitions, own, permissions, caseScopes, presets, defaultRoleDefinitions, roleAssignments, takesEffectWithinSeconds }' }, ...commonErrors },
});
registry.registerPath({
  method: 'put',
  path: '/api/roles',
  summary: 'Replace the role definitions, edited or from a preset (administrators); 422 lists every guard rail broken',
  request: { body: { content: { 'application/json': { schema: RoleDefinitionsBodySchema } } } },
  responses: { 200: json(z.object({ roleDefinitions: z.array(RoleDefinitionSchema), own: z.boolean(), takesEffectWithinSeconds: z.number() }), 'Saved and recorded.'), ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/roles/history',
  summary: 'Every change to the role definitions, newest first: who, when, before and after (administrators)',
  request: { query: HistoryQuerySchema },
  responses: { 200: { description: '{ items: [{ at, userId, displayName, before, after, preset? }], continuation? }' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/roles/assignments/history',
  summary: 'Every change to who holds the roles, newest first: who changed it, when, where (settings or command line), each person’s or group’s roles before and after (administrators)',
  request: { query: HistoryQuerySchema },
  responses: { 200: { description: '{ items: [{ at, userId, displayName, via, changes: [{ principalId, kind, displayName, before, after }] }], continuation? }' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/roles/statement',
  summary: 'The "Roles and responsibilities" statement made from the role definitions (HTML, PDF or JSON), for every member of staff',
  request: { query: StatementQuerySchema },
  responses: { 200: { description: 'The statement.' }, ...commonErrors },
});
