/**
 * Governance reports: GET /api/reports/{quarterly|annual|you-said-we-did}?period=…&format=html|csv|pdf
 * (&largePrint=true) with report.read; POST …/{you-said-we-did|annual}/publish?period=… with
 * report.publish (refused while public text holds personal data). Figures come from the aggregates.
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { REPORT_KINDS } from '../../core/reports/models';
import { PeriodError } from '../../core/reports/periods';
import { renderReport, REPORT_FORMATS } from '../../reports/index';
import { PdfRenderer } from '../../reports/pdf';
import { loadReport, publishReport, PublicationRefused, resolvePeriod } from '../../reports/service';
import { LearningQueries } from '../../store/learning';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { HttpProblem, notFound } from '../problem';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const KindParamsSchema = z.object({ kind: z.enum(REPORT_KINDS as ['quarterly', 'annual', 'you-said-we-did']) });
const PublishParamsSchema = z.object({ kind: z.enum(['you-said-we-did', 'annual']) });
const ReportQuerySchema = z.object({
  period: z.string().trim().max(20).optional().meta({ description: 'Quarter: 2026/27-Q1 or a month in it (2026-04). Year: 2026/27. Default: the last complete one.' }),
  format: z.enum([...REPORT_FORMATS, 'json'] as const).default('html').meta({ description: 'json: the report as data (the Teams tab draws its charts from it).' }),
  largePrint: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
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

  async function build(res: import('express').Response, kind: (typeof REPORT_KINDS)[number], periodText: string | undefined) {
    const { org } = signedIn(res);
    const today = londonDate(ctx.clock());
    let period;
    try {
      period = resolvePeriod(kind, periodText, org.settings, today);
    } catch (error) {
      if (error instanceof PeriodError || error instanceof RangeError) throw new HttpProblem(400, 'bad-period', 'The period is not valid', error.message);
      throw error;
    }
    return loadReport(sources, org.settings, kind, period, today);
  }

  router.get('/:kind', async (req, res) => {
    const { actor } = signedIn(res);
    requirePermission(actor, 'report.read');
    const { kind } = parse(KindParamsSchema, req.params, 'path');
    const query = parse(ReportQuerySchema, req.query, 'query');
    const report = await build(res, kind, query.period);
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
    const report = await build(res, kind, query.period);
    try {
      const record = await publishReport(sources, report, actor.userId, ctx.clock().toISOString());
      res.status(201).json({ kind: record.kind, periodId: record.periodId, publishedAt: record.publishedAt, publishedBy: record.publishedBy, actionIds: record.actionIds });
    } catch (error) {
      if (error instanceof PublicationRefused) throw new HttpProblem(422, 'personal-data', 'Personal data in public text', error.message);
      throw error;
    }
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
  path: '/api/reports/{kind}/published',
  summary: 'The report as it was published',
  request: { params: PublishParamsSchema, query: ReportQuerySchema },
  responses: { 200: { description: 'The published HTML.' }, ...commonErrors },
});
