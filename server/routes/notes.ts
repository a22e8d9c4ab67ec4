/**
 * Casework beside the case: its notes (file notes and contact records, append-only), the same
 * customer's other cases, and links between cases. Notes inherit the case's visibility: every route
 * reads the case first with the viewer's scope (a case they cannot see, or another organisation's,
 * is "not found"), and notes are only ever listed by case.
 */
import { Router } from 'express';
import { checkCaseLink } from '../../core/case-links';
import { timelineOf } from '../../core/notes';
import { canSeeCase, caseScope } from '../../core/permissions';
import { applyAction } from '../../core/workflow';
import type { Actor, Case } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import { recordNote } from '../../store/notes';
import { findSameCustomer } from '../../store/same-customer';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { fromRuleViolation, HttpProblem, notFound } from '../problem';
import { ActionResultSchema, RefParamsSchema } from '../schemas/cases';
import { CaseNoteSchema, LinkCaseSchema, NewNoteSchema, NotePageQuerySchema, NotePageSchema, SameCustomerSchema } from '../schemas/notes';
import { caseErrors, json, registry } from '../schemas/openapi';
import { actionContext, type ApiModule, type RouteContext } from './context';

/** How many of the same customer's cases the case page lists (the newest). */
const SAME_CUSTOMER_LIMIT = 25;

const missing = (reference: string) => notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);

async function visibleCase(ctx: RouteContext, actor: Actor, org: OrgRecord, reference: string): Promise<Case> {
  requirePermission(actor, 'case.read');
  const found = await ctx.store.cases.get(org.settings.orgId, reference);
  if (!found || found.orgId !== org.settings.orgId || !canSeeCase(actor, found)) throw missing(reference);
  return found;
}

function notesRouter(ctx: RouteContext): Router {
  const router = Router();

  router.get('/:ref/notes', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { limit, continuation } = parse(NotePageQuerySchema, req.query, 'query');
    const c = await visibleCase(ctx, actor, org, ref);
    let page;
    try {
      page = await ctx.store.notes.page(c.orgId, c.reference, limit, continuation);
    } catch (error) {
      if (continuation && statusOf(error) === 400) throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid (it may be from another case); start again from the first page.');
      throw error;
    }
    const corrections = await ctx.store.notes.correctionsOf(c.orgId, c.reference, page.items.map((n) => n.id));
    res.json({ items: timelineOf(page.items, corrections), ...(page.continuation ? { continuation: page.continuation } : {}) });
  });

  router.post('/:ref/notes', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { noteId, ...input } = parse(NewNoteSchema, jsonBody(req), 'body');
    const c = await visibleCase(ctx, actor, org, ref);
    const id = `note-${noteId ?? ctx.newId()}`;
    const outcome = await recordNote(ctx.store.notes, c, input, { id, now: ctx.clock().toISOString(), actor });
    if (!outcome.ok) throw fromRuleViolation(outcome.error);
    res.status(outcome.replayed ? 200 : 201).json(outcome.note);
  });

  router.get('/:ref/same-customer', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const c = await visibleCase(ctx, actor, org, ref);
    // visibleCase needed case.read, so the actor has a scope; only cases inside it are looked at.
    res.json(await findSameCustomer(ctx.store, c, caseScope(actor)!, SAME_CUSTOMER_LIMIT));
  });

  router.post('/:ref/links', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const body = parse(LinkCaseSchema, jsonBody(req), 'body');
    const from = await visibleCase(ctx, actor, org, ref);
    const to = await ctx.store.cases.get(org.settings.orgId, body.reference);
    const refused = checkCaseLink(actor, from, to, body.reference);
    if (refused) throw fromRuleViolation(refused);
    const actionId = body.actionId ?? ctx.newId();
    const link = (reference: string, other: string, id: string) =>
      ctx.store.cases.update(org.settings.orgId, reference, (current) =>
        canSeeCase(actor, current)
          ? applyAction(current, { type: 'link-case', reference: other, relation: body.relation }, actionContext(ctx, actor, org, id))
          : { ok: false, error: { code: 'forbidden', message: `You can no longer see ${reference}.` } },
      );
    const first = await link(from.reference, body.reference, actionId);
    if (!first.ok) throw fromRuleViolation(first.error);
    // The mirror on the other case has its own id derived from this one: a retry of the whole request
    // replays the first half and completes the second if it was missed.
    const second = await link(body.reference, from.reference, `${actionId}:mirror`);
    if (!second.ok && second.error.code !== 'not-allowed-now') throw fromRuleViolation(second.error);
    const { case: updated, event, replayed } = first.value;
    res.status(200).json({ case: updated, event, replayed });
  });

  return router;
}

export const notesModule: ApiModule = { path: '/cases', router: notesRouter };

registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/notes',
  summary: 'The case’s notes, oldest first, a page at a time',
  description: 'Visible to whoever may see the case. A corrected note lists the notes that correct it in `correctedBy`.',
  request: { params: RefParamsSchema, query: NotePageQuerySchema },
  responses: { 200: json(NotePageSchema, 'One page.'), ...caseErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/cases/{ref}/notes',
  summary: 'Add a file note or a record of contact',
  description: 'Anyone who may see the case may add a note. Notes are never changed or deleted: set `corrects` to correct one. Retrying with the same noteId returns the note with 200.',
  request: { params: RefParamsSchema, body: { content: { 'application/json': { schema: NewNoteSchema } } } },
  responses: { 201: json(CaseNoteSchema, 'Added.'), 200: json(CaseNoteSchema, 'Already added (a retry).'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/same-customer',
  summary: 'The same customer’s other cases that you can see (by email, phone or name), newest first',
  request: { params: RefParamsSchema },
  responses: { 200: json(SameCustomerSchema, 'The cases.'), ...caseErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/cases/{ref}/links',
  summary: 'Link another case (a repeat complaint, the same incident); recorded on both cases',
  request: { params: RefParamsSchema, body: { content: { 'application/json': { schema: LinkCaseSchema } } } },
  responses: { 200: json(ActionResultSchema, 'Linked (or replayed).'), ...caseErrors },
});
