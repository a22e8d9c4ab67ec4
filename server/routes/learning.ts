/**
 * Learning that shows, for the complaints manager (SPSO liaison officer) and report readers:
 * - GET /api/learning/spso-cases (case.spso): cases still open with the SPSO, with their dates;
 * - GET /api/learning/improvement-effects (report.read): "did the improvement work?" for every
 *   completed improvement action, from the monthly aggregates;
 * - POST /api/case-files/{reference}?format=html|pdf (case.file.export): the whole case file in one
 *   step; the request is recorded on the case's timeline before the file is sent.
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { canSeeCase, hasPermission } from '../../core/permissions';
import { effectMonthsNeeded, improvementEffects } from '../../core/reports/effect';
import { openSpsoCase } from '../../core/reports/spso';
import type { Case, CaseEvent } from '../../core/types';
import { caseFileHtml, caseFilePdf } from '../../reports/case-file';
import { PdfRenderer } from '../../reports/pdf';
import { loadCaseRecords } from '../../store/case-records';
import { LearningQueries } from '../../store/learning';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { notFound } from '../problem';
import { ReferenceSchema } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

let pdfRenderer: PdfRenderer | undefined;
export async function shutdownCaseFileRenderer(): Promise<void> {
  const renderer = pdfRenderer;
  pdfRenderer = undefined;
  await renderer?.close();
}

function learningRouter(ctx: RouteContext): Router {
  const router = Router();
  const queries = new LearningQueries(ctx.store.containers.cases);

  router.get('/spso-cases', async (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.spso');
    const today = londonDate(ctx.clock());
    const [found, staff] = await Promise.all([queries.openSpsoCases(org.settings.orgId), ctx.store.staff.list(org.settings.orgId)]);
    const names = new Map(staff.map((s) => [s.userId, s.displayName]));
    const items = found
      .map((c) => {
        const open = openSpsoCase(c, today);
        return open && { ...open, owner: c.owner, ownerName: c.owner ? names.get(c.owner) : undefined };
      })
      .filter((c) => !!c);
    res.json({ today, items });
  });

  router.get('/improvement-effects', async (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'report.read');
    const today = londonDate(ctx.clock());
    const actions = (await ctx.store.improvements.list(org.settings.orgId)).filter((a) => a.status === 'completed' && a.completedOn);
    const earliest = actions.reduce((m, a) => (a.completedOn!.slice(0, 7) < m ? a.completedOn!.slice(0, 7) : m), today.slice(0, 7));
    const months = effectMonthsNeeded(earliest, today);
    const monthly = months.fromMonth <= months.toMonth ? await ctx.store.aggregates.monthlyCounts(org.settings.orgId, months.fromMonth, months.toMonth) : {};
    res.json({ today, items: improvementEffects(actions, monthly, org.settings, today) });
  });

  return router;
}

const CaseFileParamsSchema = z.object({ reference: ReferenceSchema });
const CaseFileQuerySchema = z.object({ format: z.enum(['html', 'pdf']).default('html') });

function caseFileRouter(ctx: RouteContext): Router {
  const router = Router();

  router.post('/:reference', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.file.export');
    const { reference } = parse(CaseFileParamsSchema, req.params, 'path');
    const { format } = parse(CaseFileQuerySchema, req.query, 'query');
    const orgId = org.settings.orgId;
    const found = await ctx.store.cases.get(orgId, reference);
    if (!found || !hasPermission(actor, 'case.read') || !canSeeCase(actor, found)) {
      throw notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);
    }
    // Read before the request is recorded: a file that cannot be put together is not recorded as given out.
    const records = await loadCaseRecords(ctx.store, ctx.documents, found);
    const at = ctx.clock().toISOString();
    const event: CaseEvent = { id: ctx.newId(), at, by: actor.userId, type: 'case-file-exported', summary: `Whole case file produced (${format.toUpperCase()}) by ${actor.displayName}.` };
    // Recorded before the file is sent: a file whose request could not be recorded is not given out.
    const saved = await ctx.store.cases.update(orgId, reference, (current: Case) => ({ ok: true, value: { case: { ...current, events: [...current.events, event] } } }));
    if (!saved.ok) throw notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);
    const staff = await ctx.store.staff.list(orgId);
    const names = new Map(staff.map((s) => [s.userId, s.displayName]));
    const input = { case: saved.value.case, orgName: org.settings.name, producedAt: at, producedBy: actor.displayName, nameOf: (id: string) => names.get(id), records };
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'pdf') {
      pdfRenderer ??= new PdfRenderer();
      const pdf = await caseFilePdf(input, pdfRenderer);
      res.setHeader('Content-Disposition', `attachment; filename="case-file-${reference}.pdf"`);
      return void res.status(200).type('application/pdf').send(pdf);
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    res.setHeader('Content-Disposition', `attachment; filename="case-file-${reference}.html"`);
    res.status(200).type('text/html; charset=utf-8').send(caseFileHtml(input));
  });

  return router;
}

export const learningModule: ApiModule = { path: '/learning', router: learningRouter };
export const caseFileModule: ApiModule = { path: '/case-files', router: caseFileRouter };

registry.registerPath({
  method: 'get',
  path: '/api/learning/spso-cases',
  summary: 'Cases still open with the SPSO (undecided, or with recommendations outstanding), with their dates',
  responses: { 200: { description: 'The liaison officer’s list.' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/learning/improvement-effects',
  summary: 'For each completed improvement action, complaints with the same root cause and service before and after it',
  responses: { 200: { description: 'One entry per completed action.' }, ...commonErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/case-files/{reference}',
  summary: 'The whole case file as accessible HTML or PDF; the request is recorded on the case timeline',
  request: { params: CaseFileParamsSchema, query: CaseFileQuerySchema },
  responses: { 200: { description: 'The case file.', content: { 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string() } } }, ...commonErrors },
});
