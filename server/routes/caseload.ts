/**
 * The caseload as the Teams tab shows it: list rows (not whole cases with their timelines) carrying
 * the running clock's working days left and RAG from the core, the views the person has (mine / team
 * / all), and the staff a case may be assigned to. Rules are the core's (core/caseload.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import {
  canOwnCases,
  caseloadViews,
  CASELOAD_VIEWS,
  clockStatus,
  dueSoonRange,
  hasSignOffQueue,
  OPEN_STATUSES,
  scopeForList,
  SIGNOFF_QUEUE,
  type CaseloadList,
  type ListScope,
} from '../../core/caseload';
import { canSeeCase, hasPermission } from '../../core/permissions';
import { CASE_STATUSES, type Actor, type Case, type CaseStatus, type IsoDate } from '../../core/types';
import type { CaseCountQuery, CaseRow } from '../../store/cases';
import type { OrgRecord } from '../../store/index';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { forbidden, HttpProblem, notFound } from '../problem';
import { CaseListQuerySchema, RefParamsSchema } from '../schemas/cases';
import { caseErrors, commonErrors, json, registry } from '../schemas/openapi';
import { calendarOf, type ApiModule, type RouteContext } from './context';
import { serviceFilter } from './service-filter';

const LISTS = [...CASELOAD_VIEWS, SIGNOFF_QUEUE] as const;

const CaseloadQuerySchema = CaseListQuerySchema.extend({
  view: z
    .enum(LISTS)
    .optional()
    .meta({ description: 'mine, team or all (defaults to the first view the person has), or signoff: final positions waiting for the person’s sign-off, their own drafts left out.' }),
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
  .object({
    view: z.enum(LISTS),
    items: z.array(CaseloadItemSchema),
    total: z.number().int().meta({ description: 'How many cases the query finds in all pages.' }),
    continuation: z.string().optional(),
  })
  .meta({ id: 'CaseloadPage' });

const ListCountsSchema = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int().meta({ description: 'Open, not overdue, due within 1 working day (amber).' }),
});

const CaseloadCountsSchema = z
  .object({
    views: z.partialRecord(z.enum(CASELOAD_VIEWS), ListCountsSchema).meta({ description: 'Open cases in each of the person’s views.' }),
    signoff: ListCountsSchema.optional().meta({ description: 'Waiting for the person’s sign-off (absent if they cannot sign off).' }),
  })
  .meta({ id: 'CaseloadCounts' });

const CaseloadOptionsSchema = z
  .object({
    views: z.array(z.enum(CASELOAD_VIEWS)),
    signOffQueue: z.boolean().meta({ description: 'The person may sign off final positions: the "signoff" list is theirs.' }),
    canLog: z.boolean().meta({ description: 'The person may log new cases.' }),
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

/** The statuses asked for, kept inside those a list allows (the sign-off queue: awaiting sign-off only). */
function narrowStatuses(asked: CaseStatus[] | undefined, allowed: CaseStatus[] | undefined): CaseStatus[] | undefined {
  if (!allowed) return asked;
  return asked ? asked.filter((s) => allowed.includes(s)) : allowed;
}

function caseloadRouter(ctx: RouteContext): Router {
  const router = Router();

  /** The list the person asked for (default: their first view), or 403 naming the ones they have. */
  function chosenList(actor: Actor, asked: CaseloadList | undefined): { list: CaseloadList; scope: ListScope } {
    const list = asked ?? caseloadViews(actor)[0];
    const scope = list ? scopeForList(actor, list) : null;
    if (!list || !scope) {
      const theirs = [...caseloadViews(actor), ...(hasSignOffQueue(actor) ? [SIGNOFF_QUEUE] : [])];
      throw forbidden(`${asked ? `The "${asked}" view is not one of yours` : 'You have no caseload view'}; choose one of: ${theirs.join(', ') || 'none'}.`);
    }
    return { list, scope };
  }

  router.get('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const query = parse(CaseloadQuerySchema, req.query, 'query');
    const { list, scope: chosen } = chosenList(actor, query.view);
    const today = londonDate(ctx.clock());
    const filters: CaseCountQuery = {
      scope: chosen.scope,
      owner: chosen.owner ?? (query.owner === 'me' ? actor.userId : query.owner),
      service: serviceFilter(org, query.service),
      status: narrowStatuses(query.status, chosen.statuses),
      stage: query.stage,
      overdueOn: query.overdue ? today : undefined,
      notDraftedBy: chosen.notDraftedBy,
      text: query.text,
    };
    try {
      // Rows only (no timelines): the tab shows a row per case. The count runs beside the page.
      const [page, total] = await Promise.all([
        ctx.store.cases.listRows(org.settings.orgId, {
          ...filters,
          sort: query.sort,
          // Sorted by owner means by the owner's name, the name the rows show (store/owner-order.ts).
          ownersByName: query.sort === 'owner' ? peopleOf(org, () => true).map((p) => p.userId) : undefined,
          limit: query.limit,
          continuation: query.continuation,
        }),
        ctx.store.cases.count(org.settings.orgId, filters),
      ]);
      res.json({ view: list, items: page.items.map((c) => toItem(c, org, today)), total, ...(page.continuation ? { continuation: page.continuation } : {}) });
    } catch (error) {
      if (query.continuation && statusOf(error) === 400) {
        throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid (it may be from another query); start again from the first page.');
      }
      throw error;
    }
  });

  router.get('/counts', async (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const today = londonDate(ctx.clock());
    const dueRange = dueSoonRange(calendarOf(org), today);
    const countsOf = async (list: CaseloadList) => {
      const { scope } = chosenList(actor, list);
      const base: CaseCountQuery = { scope: scope.scope, owner: scope.owner, status: scope.statuses ?? [...OPEN_STATUSES], notDraftedBy: scope.notDraftedBy };
      const [open, overdue, dueSoon] = await Promise.all([
        ctx.store.cases.count(org.settings.orgId, base),
        ctx.store.cases.count(org.settings.orgId, { ...base, overdueOn: today }),
        ctx.store.cases.count(org.settings.orgId, { ...base, dueRange }),
      ]);
      return { open, overdue, dueSoon };
    };
    const views = caseloadViews(actor);
    const [viewCounts, signoff] = await Promise.all([Promise.all(views.map(countsOf)), hasSignOffQueue(actor) ? countsOf(SIGNOFF_QUEUE) : undefined]);
    res.json({ views: Object.fromEntries(views.map((v, i) => [v, viewCounts[i]])), ...(signoff ? { signoff } : {}) });
  });

  router.get('/options', (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    res.json({
      views: caseloadViews(actor),
      signOffQueue: hasSignOffQueue(actor),
      canLog: hasPermission(actor, 'case.create'),
      services: org.settings.services,
      retiredServices: org.settings.retiredServices ?? [],
      staff: peopleOf(org, (roles) => canOwnCases(roles, org.roleDefinitions)),
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
  path: '/api/caseload/counts',
  summary: 'Open, overdue and due-soon counts of each caseload view, and of the sign-off queue',
  responses: { 200: json(CaseloadCountsSchema, 'Counts.'), ...commonErrors },
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
