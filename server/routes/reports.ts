/**
 * Governance reports: GET /api/reports/{quarterly|annual|you-said-we-did}?period=…&format=html|csv|pdf
 * (&largePrint=true)(&service=…) with report.read; POST …/{you-said-we-did|annual}/publish?period=… with
 * report.publish (refused while public text holds personal data, and once published); GET
 * …/publications lists what was published, by whom and when. GET /api/reports/scope says whose
 * figures the person may read: a head of service only their services' (core/reports/scope.ts).
 * Figures come from the aggregates.
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { REPORT_KINDS } from '../../core/reports/models';
import { PeriodError } from '../../core/reports/periods';
import { reportableServices, reportAccess, reportServices, ReportScopeError } from '../../core/reports/scope';
import { renderReport, REPORT_FORMATS } from '../../reports/index';
import { PdfRenderer } from '../../reports/pdf';
import { loadReport, publishReport, PublicationRefused, resolvePeriod } from '../../reports/service';
import { ConflictError } from '../../store/errors';
import type { PublicationRecord } from '../../store/improvements';
import { LearningQueries } from '../../store/learning';
import { formatDateTime } from '../../core/labels';
import { hasPermission } from '../../core/permissions';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { HttpProblem, notFound } from '../problem';
import { line } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const KindParamsSchema = z.object({ kind: z.enum(REPORT_KINDS as ['quarterly', 'annual', 'you-said-we-did']) });
const PublishParamsSchema = z.object({ kind: z.enum(['you-said-we-did', 'annual']) });
const ReportQuerySchema = z.object({
  period: z.string().trim().max(20).optional().meta({ description: 'Quarter: 2026/27-Q1 or a month in it (2026-04). Year: 2026/27. Default: the last complete one.' }),
  format: z.enum([...REPORT_FORMATS, 'json'] as const).default('html').meta({ description: 'json: the report as data (the Teams tab draws its charts from it).' }),
  largePrint: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  service: line(200).optional().meta({ description: 'One service’s figures. Without it: the whole organisation, or all of the person’s services when their role shows only those.' }),
});

/** One Chromium per process for PDFs, started on the first PDF request. */
let pdfRenderer: PdfRenderer | undefined;
export async function shutdownReportRenderer(): Promise<void> {
  const renderer = pdfRenderer;
  pdfRenderer = undefined;
  await renderer?.close();
}

function reportsRouter(ctx: RouteContext): Router {
  const router = Router();
  const sources = {
    aggregates: ctx.store.aggregates,
    improvements: ctx.store.improvements,
    cases: ctx.store.cases,
    awareness: ctx.store.awareness,
    learning: new LearningQueries(ctx.store.containers.cases),
  };

  /** The services the figures cover (null: the whole organisation), checked against the person's access. */
  function servicesFor(res: import('express').Response, requested: string | undefined): string[] | null {
    const { actor, org } = signedIn(res);
    try {
      return reportServices(reportAccess(actor, org.settings), org.settings, requested);
    } catch (error) {
      if (!(error instanceof ReportScopeError)) throw error;
      if (error.kind === 'unknown-service') throw new HttpProblem(400, 'unknown-service', 'No such service', error.message);
      throw new HttpProblem(403, 'forbidden', 'Not allowed', error.message);
    }
  }

  async function build(res: import('express').Response, kind: (typeof REPORT_KINDS)[number], periodText: string | undefined, services: string[] | null = null) {
    const { org } = signedIn(res);
    const today = londonDate(ctx.clock());
    let period;
    try {
      period = resolvePeriod(kind, periodText, org.settings, today);
    } catch (error) {
      if (error instanceof PeriodError || error instanceof RangeError) throw new HttpProblem(400, 'bad-period', 'The period is not valid', error.message);
      throw error;
    }
    return loadReport(sources, org.settings, kind, period, today, undefined, services);
  }

  router.get('/scope', (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'report.read');
    const access = reportAccess(actor, org.settings);
    res.json({
      wholeOrganisation: access.wholeOrganisation,
      services: access.wholeOrganisation ? reportableServices(org.settings) : access.services,
      canPublish: hasPermission(actor, 'report.publish'),
    });
  });

  router.get('/:kind', async (req, res) => {
    const { actor } = signedIn(res);
    requirePermission(actor, 'report.read');
    const { kind } = parse(KindParamsSchema, req.params, 'path');
    const query = parse(ReportQuerySchema, req.query, 'query');
    const report = await build(res, kind, query.period, servicesFor(res, query.service));
    if (query.format === 'json') return void res.json(report);
    if (query.format === 'pdf') pdfRenderer ??= new PdfRenderer();
    const rendered = await renderReport(report, query.format, { largePrint: query.largePrint, pdf: pdfRenderer });
    // The report is a document, not API JSON: allow its inline styles, nothing else.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    res.setHeader('Content-Disposition', `${query.format === 'html' ? 'inline' : 'attachment'}; filename="${rendered.filename}"`);
    res.status(200).type(rendered.contentType).send(rendered.body);
  });

  router.post('/:kind/publish', async (req, res) => {
    const { actor } = signedIn(res);
    requirePermission(actor, 'report.publish');
    const { kind } = parse(PublishParamsSchema, req.params, 'path');
    const query = parse(ReportQuerySchema, req.query, 'query');
    if (query.service !== undefined) throw new HttpProblem(400, 'whole-organisation-only', 'Only the whole organisation’s report is published', 'Publish the report without choosing a service: the published report covers the whole organisation.');
    const report = await build(res, kind, query.period);
    const earlier = await ctx.store.improvements.getPublication(report.org.orgId, kind, report.period.id);
    if (earlier) throw alreadyPublished(earlier);
    try {
      const record = await publishReport(sources, report, actor.userId, ctx.clock().toISOString(), actor.displayName);
      res.status(201).json(publicationSummary(record));
    } catch (error) {
      if (error instanceof PublicationRefused) throw new HttpProblem(422, 'personal-data', 'Personal data in public text', error.message);
      // Two people publishing at the same moment: the second is told who was first.
      if (error instanceof ConflictError) {
        const first = await ctx.store.improvements.getPublication(report.org.orgId, kind, report.period.id);
        if (first) throw alreadyPublished(first);
      }
      throw error;
    }
  });

  router.get('/:kind/publications', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'report.read');
    const { kind } = parse(PublishParamsSchema, req.params, 'path');
    const items = await ctx.store.improvements.listPublications(org.settings.orgId, kind);
    res.json({ items: items.map(publicationSummary) });
  });

  router.get('/:kind/published', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'report.read');
    const { kind } = parse(PublishParamsSchema, req.params, 'path');
    const query = parse(ReportQuerySchema, req.query, 'query');
    const report = await build(res, kind, query.period);
    const record = await ctx.store.improvements.getPublication(org.settings.orgId, kind, report.period.id);
    if (!record) throw notFound(`The ${kind} report for ${report.period.id} has not been published yet.`);
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    res.status(200).type('text/html; charset=utf-8').send(record.html);
  });

  return router;
}

type PublicationSummary = Omit<PublicationRecord, 'html' | 'orgId'>;

const publicationSummary = (record: Omit<PublicationRecord, 'html'>): PublicationSummary => ({
  kind: record.kind,
  periodId: record.periodId,
  publishedAt: record.publishedAt,
  publishedBy: record.publishedBy,
  publishedByName: record.publishedByName,
  actionIds: record.actionIds,
});

function alreadyPublished(record: PublicationRecord): HttpProblem {
  const by = record.publishedByName ?? record.publishedBy;
  return new HttpProblem(409, 'already-published', 'Already published', `The ${record.kind === 'annual' ? 'annual' : '"you said, we did"'} report for ${record.periodId} was published on ${formatDateTime(record.publishedAt)} by ${by}. A published report is the public record and is not published again.`);
}

export const reportsModule: ApiModule = { path: '/reports', router: reportsRouter };

registry.registerPath({
  method: 'get',
  path: '/api/reports/{kind}',
  summary: 'A governance report as accessible HTML, CSV of every figure, or print-ready PDF',
  request: { params: KindParamsSchema, query: ReportQuerySchema },
  responses: {
    200: { description: 'The report.', content: { 'text/html': { schema: z.string() }, 'text/csv': { schema: z.string() }, 'application/pdf': { schema: z.string() } } },
    ...commonErrors,
  },
});
registry.registerPath({
  method: 'post',
  path: '/api/reports/{kind}/publish',
  summary: 'Publish "you said, we did" or the annual report (refused while its text holds personal data)',
  request: { params: PublishParamsSchema, query: ReportQuerySchema },
  responses: { 201: { description: 'Published.' }, 422: { description: 'Personal data found; the detail says what to remove.' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/reports/scope',
  summary: 'Whose figures the person may read: the whole organisation, or only their services; and whether they may publish',
  responses: { 200: { description: '{ wholeOrganisation, services, canPublish }' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/reports/{kind}/publications',
  summary: 'The published "you said, we did" (or annual) reports: period, who published and when',
  request: { params: PublishParamsSchema },
  responses: { 200: { description: '{ items: [{ kind, periodId, publishedAt, publishedBy, publishedByName, actionIds }] }' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/reports/{kind}/published',
  summary: 'The report as it was published',
  request: { params: PublishParamsSchema, query: ReportQuerySchema },
  responses: { 200: { description: 'The published HTML.' }, ...commonErrors },
});
