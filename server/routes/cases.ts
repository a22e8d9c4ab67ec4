/**
 * Cases: log, read, list and search, act. The rules are the core's (logCase, applyAction,
 * availableActions, caseScope); this module only validates, scopes and translates.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AccessChannel } from '../../core/access-log';
import { londonDate } from '../../core/calendar';
import { checkAssignment, ownerViolation } from '../../core/ownership';
import { canSeeCase, caseScope } from '../../core/permissions';
import { applyAction, availableActions, logCase, type CaseAction, type NewCaseInput } from '../../core/workflow';
import { planCaseActions } from '../../core/next-step';
import type { Actor, Case } from '../../core/types';
import type { CaseListQuery, OrgRecord } from '../../store/index';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { forbidden, fromRuleViolation, HttpProblem, notFound } from '../problem';
import { ReferenceBlocks } from '../serial';
import {
  ActionResultSchema,
  AvailableActionsSchema,
  BySourceQuerySchema,
  CaseActionSchema,
  CaseListQuerySchema,
  CasePageSchema,
  CaseSchema,
  NewCaseSchema,
  RefParamsSchema,
} from '../schemas/cases';
import { caseErrors, json, registry } from '../schemas/openapi';
import { actionContext, type ApiModule, type RouteContext } from './context';
import { serviceFilter } from './service-filter';

const PLACEHOLDER_REFERENCE = 'CHP-0000-000000';

const missing = (reference: string) =>
  notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);

async function visibleCase(ctx: RouteContext, actor: Actor, org: OrgRecord, reference: string): Promise<Case> {
  requirePermission(actor, 'case.read');
  const found = await ctx.store.cases.get(org.settings.orgId, reference);
  // Another organisation's case, or one outside the actor's scope, looks exactly like a missing one.
  if (!found || found.orgId !== org.settings.orgId || !canSeeCase(actor, found)) throw missing(reference);
  return found;
}

/** Where the case is being opened from, for the access log (routes/access-log.ts); default the API itself. */
const CaseReadQuerySchema = z.strictObject({
  via: z.enum(['api', 'tab']).default('api').meta({ description: 'tab: the Teams tab’s case page. Recorded in the access log of social-work and legal-hold cases.' }),
});

/** Records the opening of a social-work or legal-hold case before it is shown (store/audit.ts). */
async function recordOpening(ctx: RouteContext, actor: Actor, c: Case, via: AccessChannel): Promise<void> {
  await ctx.store.audit.recordOpening(c, actor, via, ctx.clock().toISOString(), ctx.newId());
}

function casesRouter(ctx: RouteContext): Router {
  const router = Router();
  const references = new ReferenceBlocks((orgId, year, size) => ctx.store.references.reserveBlock(orgId, year, size));

  router.post('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.create');
    const body = parse(NewCaseSchema, jsonBody(req), 'body');
    const orgId = org.settings.orgId;
    if (body.source) {
      const existing = await ctx.store.cases.findBySource(orgId, body.source);
      if (existing) return sendExisting(ctx, res, actor, existing);
    }
    const now = ctx.clock();
    const input: NewCaseInput = { ...body, receivedAt: body.receivedAt ?? now.toISOString() };
    const context = actionContext(ctx, actor, org, ctx.newId());
    // Ask the core first with a placeholder, so a refused case does not use up a reference number.
    const check = logCase(PLACEHOLDER_REFERENCE, input, context);
    if (!check.ok) throw fromRuleViolation(check.error);
    if (input.owner !== undefined) {
      const refused = ownerViolation(await ctx.store.staff.actorOf(org, input.owner), check.value, ownerContext(org, input.owner));
      if (refused) throw fromRuleViolation(refused);
    }
    const year = Number(londonDate(now).slice(0, 4));
    for (let attempt = 0; ; attempt += 1) {
      const logged = logCase(await references.take(orgId, year), input, context);
      if (!logged.ok) throw fromRuleViolation(logged.error);
      const { case: stored, created } = await ctx.store.cases.create(logged.value);
      if (created) return void res.status(201).location(`/api/cases/${stored.reference}`).json(stored);
      const sameMessage = body.source !== undefined && stored.source?.messageId === body.source.messageId;
      if (sameMessage || attempt >= 2) return sendExisting(ctx, res, actor, stored);
      // The number was already used (imported while this process held its block): take a fresh block.
      references.discard(orgId, year);
    }
  });

  router.get('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    const query = parse(CaseListQuerySchema, req.query, 'query');
    const scope = caseScope(actor);
    if (!scope) throw forbidden('Your roles do not include reading cases; the reports are available to you instead.');
    const page = await listPage(ctx, org.settings.orgId, {
      scope,
      owner: query.owner === 'me' ? actor.userId : query.owner,
      service: serviceFilter(org, query.service),
      status: query.status,
      stage: query.stage,
      overdueOn: query.overdue ? londonDate(ctx.clock()) : undefined,
      text: query.text,
      sort: query.sort,
      limit: query.limit,
      continuation: query.continuation,
    });
    res.json({ items: page.items, ...(page.continuation ? { continuation: page.continuation } : {}) });
  });

  router.get('/by-source', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const ids = parse(BySourceQuerySchema, req.query, 'query');
    const found = await ctx.store.cases.findBySource(org.settings.orgId, ids);
    if (!found || !canSeeCase(actor, found)) throw notFound('No case you can see was logged from this message.');
    await recordOpening(ctx, actor, found, 'api');
    res.json(found);
  });

  router.get('/:ref', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { via } = parse(CaseReadQuerySchema, req.query, 'query');
    const found = await visibleCase(ctx, actor, org, ref);
    await recordOpening(ctx, actor, found, via);
    res.json(found);
  });

  router.get('/:ref/available-actions', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const found = await visibleCase(ctx, actor, org, ref);
    const actions = availableActions(found, actor);
    res.json({ reference: found.reference, actions, ...planCaseActions(found, actor, actions, org.roleDefinitions) });
  });

  router.post('/:ref/actions', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { actionId, ...action } = parse(CaseActionSchema, jsonBody(req), 'body');
    await visibleCase(ctx, actor, org, ref);
    const context = actionContext(ctx, actor, org, actionId ?? ctx.newId());
    // Only the organisation's complaints staff may own a case: look the new owner up once, judge per attempt.
    const newOwner = action.type === 'assign' ? { id: action.owner, actor: await ctx.store.staff.actorOf(org, action.owner) } : undefined;
    const result = await ctx.store.cases.update(org.settings.orgId, ref, (current) => {
      if (!canSeeCase(actor, current)) return { ok: false, error: { code: 'forbidden', message: 'You can no longer see this case.' } };
      const refused = newOwner && checkAssignment(current, actor, newOwner.actor, ownerContext(org, newOwner.id));
      return refused ? { ok: false, error: refused } : applyAction(current, action as CaseAction, context);
    });
    if (!result.ok) throw fromRuleViolation(result.error);
    const { case: updated, event, replayed } = result.value;
    res.status(200).json({ case: updated, event, replayed });
  });

  return router;
}

/** A continuation token the store cannot read is the client's mistake, not ours. */
async function listPage(ctx: RouteContext, orgId: string, query: CaseListQuery): Promise<{ items: Case[]; continuation?: string }> {
  try {
    return await ctx.store.cases.list(orgId, query);
  } catch (error) {
    if (query.continuation && statusOf(error) === 400) {
      throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid (it may be from another query); start again from the first page.');
    }
    throw error;
  }
}

const ownerContext = (org: OrgRecord, candidateId: string) => ({ candidateId, orgName: org.settings.name });

/** The case already logged from this message; shown whole, so an opening of it (access log). */
async function sendExisting(ctx: RouteContext, res: import('express').Response, actor: Actor, existing: Case): Promise<void> {
  if (!canSeeCase(actor, existing)) {
    throw new HttpProblem(409, 'already-logged', 'Already logged', `This message was already logged as ${existing.reference}; ask its owner for access.`);
  }
  await recordOpening(ctx, actor, existing, 'api');
  res.status(200).location(`/api/cases/${existing.reference}`).json(existing);
}

export const casesModule: ApiModule = { path: '/cases', router: casesRouter };

const refParams = RefParamsSchema;
registry.registerPath({
  method: 'post',
  path: '/api/cases',
  summary: 'Log a case (complaint, compliment or comment)',
  description: 'Idempotent on the source message: logging the same email or chat message twice returns the first case with 200.',
  request: { body: { content: { 'application/json': { schema: NewCaseSchema } } } },
  responses: { 201: json(CaseSchema, 'Logged.'), 200: json(CaseSchema, 'Already logged from this message.'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases',
  summary: 'List and search the cases you can see, a page at a time',
  request: { query: CaseListQuerySchema },
  responses: { 200: json(CasePageSchema, 'One page.'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases/by-source',
  summary: 'Find the case logged from an Outlook or Teams message',
  request: { query: BySourceQuerySchema },
  responses: { 200: json(CaseSchema, 'The case.'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}',
  summary: 'Read one case with its timeline',
  description: 'Opening a social-work case or one under legal hold is recorded in its access log.',
  request: { params: refParams, query: CaseReadQuerySchema },
  responses: { 200: json(CaseSchema, 'The case.'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/available-actions',
  summary: 'The actions you may take on the case now',
  description: 'With their layout: the next procedural step, everyday actions, rare ones to confirm (with the words), and why steps the stage needs are not offered.',
  request: { params: refParams },
  responses: { 200: json(AvailableActionsSchema, 'Action types.'), ...caseErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/cases/{ref}/actions',
  summary: 'Take one action on a case',
  description: 'Retrying with the same actionId returns the result without applying the action again (replayed: true).',
  request: { params: refParams, body: { content: { 'application/json': { schema: CaseActionSchema } } } },
  responses: { 200: json(ActionResultSchema, 'Applied (or replayed).'), ...caseErrors },
});
