/**
 * Improvement actions (learning from complaints): propose, authorise, follow up, share learning,
 * mark for "you said, we did", complete; overdue list and reminders. The rules are core/learning's;
 * this module validates, checks linked cases exist, and runs the personal data check on text marked
 * for publication.
 */
import { Router } from 'express';
import { z } from 'zod';
import { safeString } from '../../core/text-schema';
import { londonDate } from '../../core/calendar';
import { hasPermission } from '../../core/permissions';
import { isOverdueOn, matchesFilter, orderForWork } from '../../core/improvement-order';
import { earliestTargetDate, improvementAbilities, mayOwnImprovements, proposeImprovement, workOnImprovement, type WorkChecks } from '../../core/improvement-work';
import {
  describePersonalData,
  findPersonalData,
  IMPROVEMENT_STATUSES,
  improvementReminders,
  type ImprovementAction,
  type ImprovementCommand,
  type ImprovementOwner,
} from '../../core/learning';
import type { Actor, Case } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse } from '../http';
import { forbidden, fromRuleViolation, HttpProblem, notFound } from '../problem';
import { identifier, IsoDateSchema, line, ReferenceSchema, text } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import { calendarOf, type ApiModule, type RouteContext } from './context';

const OwnerSchema = z.object({ kind: z.enum(['officer', 'team']), id: line(200), displayName: line(200) });
const PublicationSchema = z.object({ youSaid: safeString().trim().max(2000), weDid: safeString().trim().max(2000), publish: z.boolean() });

export const NewImprovementSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{6,100}$/, 'use 6–100 letters, digits, dots, dashes or underscores').optional().meta({ description: 'Client-chosen id: retrying with it never creates a second action.' }),
    caseReferences: z.array(ReferenceSchema).max(50).default([]),
    service: line(200),
    rootCauseCategory: line(200).optional(),
    description: text(4000),
    owner: OwnerSchema,
    targetDate: IsoDateSchema,
    monitoringNeeded: z.boolean().default(false),
    monitoringPlan: text(2000).optional(),
    publication: PublicationSchema.optional(),
  })
  .meta({ id: 'NewImprovementAction' });

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), actionId: z.string().min(6).max(100).optional(), ...shape });

export const ImprovementCommandSchema = z
  .discriminatedUnion('type', [
    command('authorise', {}),
    command('start', {}),
    command('reassign', { owner: OwnerSchema }),
    command('change-target-date', { targetDate: IsoDateSchema, reason: text(2000) }),
    command('add-follow-up', { note: text(4000) }),
    command('set-monitoring', { needed: z.boolean(), plan: text(2000).optional() }),
    command('record-monitoring-result', { result: text(4000) }),
    command('share-learning', { with: line(500), on: IsoDateSchema, how: text(500).optional() }),
    command('set-publication', { publication: PublicationSchema }),
    command('complete', { on: IsoDateSchema, note: text(4000), evidence: text(4000).optional().meta({ description: 'What shows it was done: a document, a changed procedure, figures.' }) }),
    command('cancel', { reason: text(2000) }),
  ])
  .meta({ id: 'ImprovementCommand' });

const ListQuerySchema = z.object({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(IMPROVEMENT_STATUSES)))
    .optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  case: ReferenceSchema.optional(),
  service: line(200).optional(),
  owner: identifier(200).optional().meta({ description: "Owner id: an officer's user id or a team's id." }),
});

const IdParamsSchema = z.object({ id: z.string().min(1).max(100) });

function mayRead(actor: Actor): void {
  const allowed = ['improvement.create', 'improvement.update', 'improvement.authorise', 'report.read'] as const;
  if (!allowed.some((p) => hasPermission(actor, p))) throw forbidden('Your roles do not include improvement actions or reports; ask your complaints manager.');
}

/** An officer owner as the organisation knows them (their own name, not the one sent); a team as sent. */
async function resolveOwner(ctx: RouteContext, org: OrgRecord, owner: ImprovementOwner): Promise<{ owner: ImprovementOwner; checks: WorkChecks }> {
  const checks: WorkChecks = { calendar: calendarOf(org), orgName: org.settings.name };
  if (owner.kind === 'team') return { owner, checks };
  const ownerActor = await ctx.store.staff.actorOf(org, owner.id);
  return { owner: ownerActor ? { ...owner, displayName: ownerActor.displayName } : owner, checks: { ...checks, ownerActor } };
}

/** An action as listed: with whether it is overdue today (the core's rule, so every client agrees). */
const listed = (action: ImprovementAction, today: string) => ({ ...action, overdue: isOverdueOn(action, today) });

async function linkedCases(ctx: RouteContext, orgId: string, references: readonly string[]): Promise<Case[]> {
  const found = await Promise.all(references.map((r) => ctx.store.cases.get(orgId, r)));
  const missing = references.filter((_, i) => !found[i]);
  if (missing.length > 0) throw new HttpProblem(422, 'unknown-case', 'Unknown case', `There is no case ${missing.join(', ')} in your organisation; check the references.`);
  return found as Case[];
}

/** Text marked for publication must not name the linked cases' customers or give their contact details. */
function refusePersonalData(publication: { youSaid: string; weDid: string; publish: boolean } | undefined, cases: Case[]): void {
  if (!publication?.publish) return;
  const findings = findPersonalData(`${publication.youSaid}\n${publication.weDid}`, cases);
  if (findings.length > 0) throw new HttpProblem(422, 'personal-data', 'Personal data in public text', describePersonalData(findings));
}

function improvementsRouter(ctx: RouteContext): Router {
  const router = Router();
  const today = (): string => londonDate(ctx.clock());

  router.get('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    const query = parse(ListQuerySchema, req.query, 'query');
    const on = today();
    const stored = await ctx.store.improvements.list(org.settings.orgId, { status: query.status, caseReference: query.case, overdueOn: query.overdue ? on : undefined });
    const chosen = stored.filter((a) => matchesFilter(a, { service: query.service, owner: query.owner, overdue: query.overdue }, on));
    res.json({ today: on, items: orderForWork(chosen, on).map((a) => listed(a, on)) });
  });

  /** What the signed-in person may do here (and why not), and the choices the forms offer. */
  router.get('/options', (_req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    const on = today();
    const owners = org.roleAssignments
      .filter((a) => (a.kind ?? 'user') === 'user' && mayOwnImprovements(a.roles, org.roleDefinitions))
      .map((a) => ({ userId: a.principalId, displayName: a.displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    res.json({
      today: on,
      earliestTargetDate: earliestTargetDate(on, calendarOf(org)),
      abilities: improvementAbilities(actor),
      services: org.settings.services,
      owners,
      rootCauseCategories: org.settings.rootCauseCategories,
    });
  });

  router.get('/reminders', async (_req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    const open = await ctx.store.improvements.list(org.settings.orgId, { status: ['proposed', 'authorised', 'in-progress'] });
    res.json({ today: today(), reminders: improvementReminders(open, today()) });
  });

  /** The organisation's root cause categories, for the pickers (root cause on a case, an action's category). */
  router.get('/root-cause-categories', (_req, res) => {
    const { actor, org } = signedIn(res);
    if (!hasPermission(actor, 'case.root-cause')) mayRead(actor);
    res.json({ categories: org.settings.rootCauseCategories });
  });

  router.post('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { id, ...input } = parse(NewImprovementSchema, jsonBody(req), 'body');
    const orgId = org.settings.orgId;
    const categories = org.settings.rootCauseCategories;
    if (input.rootCauseCategory && categories.length > 0 && !categories.includes(input.rootCauseCategory)) {
      throw new HttpProblem(422, 'unknown-root-cause', 'Unknown root cause category', `Use one of the organisation's root cause categories: ${categories.join(', ')}.`);
    }
    const cases = await linkedCases(ctx, orgId, input.caseReferences);
    refusePersonalData(input.publication, cases);
    const { owner, checks } = await resolveOwner(ctx, org, input.owner);
    const now = ctx.clock();
    const context = { actor, now: now.toISOString(), today: londonDate(now), actionId: ctx.newId() };
    const created = proposeImprovement(id ?? ctx.newId(), orgId, { ...input, owner }, context, { ...checks, services: org.settings.services });
    if (!created.ok) throw fromRuleViolation(created.error);
    const { action, created: isNew } = await ctx.store.improvements.create(created.value);
    res.status(isNew ? 201 : 200).location(`/api/improvements/${action.id}`).json(action);
  });

  router.get('/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    const { id } = parse(IdParamsSchema, req.params, 'path');
    const action = await ctx.store.improvements.get(org.settings.orgId, id);
    if (!action) throw notFound(`There is no improvement action ${id} in your organisation.`);
    res.json(action);
  });

  router.post('/:id/actions', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { id } = parse(IdParamsSchema, req.params, 'path');
    const { actionId, ...commandBody } = parse(ImprovementCommandSchema, jsonBody(req), 'body');
    const orgId = org.settings.orgId;
    const existing = await ctx.store.improvements.get(orgId, id);
    if (!existing) throw notFound(`There is no improvement action ${id} in your organisation.`);
    if (commandBody.type === 'set-publication') refusePersonalData(commandBody.publication, await linkedCases(ctx, orgId, existing.caseReferences));
    let command = commandBody as ImprovementCommand;
    let checks: WorkChecks = { calendar: calendarOf(org), orgName: org.settings.name };
    if (command.type === 'reassign') {
      const resolved = await resolveOwner(ctx, org, command.owner);
      command = { ...command, owner: resolved.owner };
      checks = resolved.checks;
    }
    const now = ctx.clock();
    const context = { actor, now: now.toISOString(), today: londonDate(now), actionId: actionId ?? ctx.newId() };
    const result = await ctx.store.improvements.update(orgId, id, (current) => workOnImprovement(current, command, context, checks));
    if (!result.ok) throw fromRuleViolation(result.error);
    res.json(result.value);
  });

  return router;
}

export const improvementsModule: ApiModule = { path: '/improvements', router: improvementsRouter };

registry.registerPath({ method: 'get', path: '/api/improvements/options', summary: 'What the signed-in person may do with improvement actions (and why not), and the owners, services and earliest target date the forms offer', responses: { 200: { description: 'The options.' }, ...commonErrors } });
registry.registerPath({ method: 'get', path: '/api/improvements', summary: 'Improvement actions, overdue first (filter by status, overdue, case, service, owner)', request: { query: ListQuerySchema }, responses: { 200: { description: 'The actions.' }, ...commonErrors } });
registry.registerPath({ method: 'get', path: '/api/improvements/reminders', summary: 'Reminders due today: overdue, due soon, awaiting authorisation', responses: { 200: { description: 'The reminders.' }, ...commonErrors } });
registry.registerPath({
  method: 'post',
  path: '/api/improvements',
  summary: 'Propose an improvement action from one or more cases (or a trend)',
  request: { body: { content: { 'application/json': { schema: NewImprovementSchema } } } },
  responses: { 201: { description: 'Proposed; a manager authorises it next.' }, 200: { description: 'Already created with this id.' }, ...commonErrors },
});
registry.registerPath({ method: 'get', path: '/api/improvements/root-cause-categories', summary: 'The organisation’s root cause categories', responses: { 200: { description: '{ categories: string[] }' }, ...commonErrors } });
registry.registerPath({ method: 'get', path: '/api/improvements/{id}', summary: 'One improvement action with its history', request: { params: IdParamsSchema }, responses: { 200: { description: 'The action.' }, ...commonErrors } });
registry.registerPath({
  method: 'post',
  path: '/api/improvements/{id}/actions',
  summary: 'Authorise, follow up, share learning, publish text, complete or cancel',
  request: { params: IdParamsSchema, body: { content: { 'application/json': { schema: ImprovementCommandSchema } } } },
  responses: { 200: { description: 'The action after the change.' }, ...commonErrors },
});
