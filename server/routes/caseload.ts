/**
 * The caseload as the Teams tab shows it: list rows (not whole cases with their timelines) carrying
 * the running clock's working days left and RAG from the core, the views the person has (mine / team
 * / all), and the staff a case may be assigned to. Rules are the core's (core/caseload.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { canOwnCases, caseloadViews, CASELOAD_VIEWS, clockStatus, scopeForView, type CaseloadView } from '../../core/caseload';
import { canSeeCase } from '../../core/permissions';
import { CASE_STATUSES, type Case, type IsoDate } from '../../core/types';
import type { CaseRow } from '../../store/cases';
import type { OrgRecord } from '../../store/index';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { forbidden, HttpProblem, notFound } from '../problem';
import { CaseListQuerySchema, RefParamsSchema } from '../schemas/cases';
import { caseErrors, commonErrors, json, registry } from '../schemas/openapi';
import { calendarOf, type ApiModule, type RouteContext } from './context';
import { serviceFilter } from './service-filter';

const CaseloadQuerySchema = CaseListQuerySchema.extend({
  view: z.enum(CASELOAD_VIEWS).optional().meta({ description: 'mine, team or all; defaults to the first view the person has.' }),
});

const PersonSchema = z.object({ userId: z.string(), displayName: z.string() });

export const CaseloadItemSchema = z
  .object({
    reference: z.string(),
    kind: z.string(),
    status: z.enum(CASE_STATUSES),
    stage: z.union([z.literal(1), z.literal(2)]).nullable(),
    customer: z.object({ name: z.string().optional(), anonymous: z.boolean(), withheldDetails: z.boolean() }),
    service: z.string(),
    owner: PersonSchema.optional(),
    receivedOn: z.string(),
    clock: z
      .object({ stage: z.number(), due: z.string(), workingDaysLeft: z.number().int(), rag: z.enum(['red', 'amber', 'green']), overdue: z.boolean() })
      .optional()
      .meta({ description: 'The running stage clock; absent once the case is closed.' }),
    contractor: z.object({ name: z.string(), kind: z.enum(['contractor', 'aleo']) }).optional(),
    socialWork: z.boolean(),
  })
  .meta({ id: 'CaseloadItem' });
type CaseloadItem = z.infer<typeof CaseloadItemSchema>;

const CaseloadPageSchema = z
  .object({ view: z.enum(CASELOAD_VIEWS), items: z.array(CaseloadItemSchema), continuation: z.string().optional() })
  .meta({ id: 'CaseloadPage' });

const CaseloadOptionsSchema = z
  .object({
    views: z.array(z.enum(CASELOAD_VIEWS)),
    services: z.array(z.string()).meta({ description: 'Offered for new complaints.' }),
    retiredServices: z.array(z.string()).meta({ description: 'No longer offered; for finding their cases.' }),
    staff: z.array(PersonSchema).meta({ description: 'People who can own cases, by name: the choices for assign and the owner filter.' }),
    people: z.array(PersonSchema).meta({ description: 'Everyone with a role in the organisation, by name (to show who did what).' }),
    rootCauseCategories: z.array(z.string()),
  })
  .meta({ id: 'CaseloadOptions' });

function peopleOf(org: OrgRecord, filter: (roles: OrgRecord['roleAssignments'][number]['roles']) => boolean): { userId: string; displayName: string }[] {
  return org.roleAssignments
    .filter((a) => filter(a.roles))
    .map((a) => ({ userId: a.principalId, displayName: a.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function toItem(c: Case | CaseRow, org: OrgRecord, today: IsoDate): CaseloadItem {
  const ownerName = c.owner ? (org.roleAssignments.find((a) => a.principalId === c.owner)?.displayName ?? c.owner) : undefined;
  const stage = c.status.startsWith('stage1') ? 1 : c.status.startsWith('stage2') ? 2 : null;
  return {
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    stage,
    customer: { ...(c.customer.name ? { name: c.customer.name } : {}), anonymous: c.customer.anonymous, withheldDetails: c.customer.withheldDetails },
    service: c.service,
    ...(c.owner && ownerName ? { owner: { userId: c.owner, displayName: ownerName } } : {}),
    receivedOn: c.receivedOn,
    ...(() => {
      const clock = clockStatus(c, calendarOf(org), today);
      return clock ? { clock } : {};
    })(),
    ...(c.contractor ? { contractor: { name: c.contractor.name, kind: c.contractor.kind } } : {}),
    socialWork: c.socialWork,
  };
}

function caseloadRouter(ctx: RouteContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const query = parse(CaseloadQuerySchema, req.query, 'query');
    const view: CaseloadView | undefined = query.view ?? caseloadViews(actor)[0];
    const chosen = view ? scopeForView(actor, view) : null;
    if (!view || !chosen) throw forbidden(`The "${query.view}" view is not one of yours; choose one of: ${caseloadViews(actor).join(', ') || 'none'}.`);
    const today = londonDate(ctx.clock());
    try {
      // Rows only (no timelines): the tab shows a row per case.
      const page = await ctx.store.cases.listRows(org.settings.orgId, {
        scope: chosen.scope,
        owner: chosen.owner ?? (query.owner === 'me' ? actor.userId : query.owner),
        service: serviceFilter(org, query.service),
        status: query.status,
        stage: query.stage,
        overdueOn: query.overdue ? today : undefined,
        text: query.text,
        sort: query.sort,
        limit: query.limit,
        continuation: query.continuation,
      });
      res.json({ view, items: page.items.map((c) => toItem(c, org, today)), ...(page.continuation ? { continuation: page.continuation } : {}) });
    } catch (error) {
      if (query.continuation && statusOf(error) === 400) {
        throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid (it may be from another query); start again from the first page.');
      }
      throw error;
    }
  });

  router.get('/options', (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    res.json({
      views: caseloadViews(actor),
      services: org.settings.services,
      retiredServices: org.settings.retiredServices ?? [],
      staff: peopleOf(org, canOwnCases),
      people: peopleOf(org, () => true),
      rootCauseCategories: org.settings.rootCauseCategories,
    });
  });

  router.get('/cases/:ref', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const found = await ctx.store.cases.get(org.settings.orgId, ref);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${ref} in your organisation that you can see; check the reference.`);
    res.json(toItem(found, org, londonDate(ctx.clock())));
  });

  return router;
}

export const caseloadModule: ApiModule = { path: '/caseload', router: caseloadRouter };

registry.registerPath({
  method: 'get',
  path: '/api/caseload',
  summary: 'The caseload a page at a time: list rows with working days left and RAG',
  request: { query: CaseloadQuerySchema },
  responses: { 200: json(CaseloadPageSchema, 'One page; pass `continuation` back for the next.'), ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/caseload/options',
  summary: 'The caseload views, services and assignable staff for the signed-in person',
  responses: { 200: json(CaseloadOptionsSchema, 'Choices.'), ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/caseload/cases/{ref}',
  summary: 'One case as a caseload row (its running clock, RAG and owner’s name)',
  request: { params: RefParamsSchema },
  responses: { 200: json(CaseloadItemSchema, 'The row.'), ...caseErrors },
});
