/**
 * Subject access requests (UK GDPR art. 15), permission privacy.subject-access (the complaints
 * manager): search the whole organisation for the cases about a person (whatever the caseload scope:
 * social-work and closed cases too), export them as one bundle (JSON, HTML or tagged PDF) with other
 * people's data marked for redaction, and list the exports made. Every export is recorded, append-only.
 * Searches are POSTs so a person's name, email and phone never sit in an address or a server log.
 */
import { Router } from 'express';
import { z } from 'zod';
import { EXPORT_FORMATS, type SubjectAccessExport } from '../../core/access-log';
import { londonDate } from '../../core/calendar';
import type { CaseRecords } from '../../core/case-records';
import { loadCaseRecords } from '../../store/case-records';
import { buildSubjectAccessBundle, searchProblems, subjectRole, type MatchedCase, type SubjectSearch } from '../../core/subject-access';
import { PdfRenderer } from '../../reports/pdf';
import { renderSubjectAccessHtml, renderSubjectAccessPdf } from '../../reports/subject-access';
import type { OrgRecord } from '../../store/index';
import { findCasesAbout, MAX_SUBJECT_CASES, TooManyMatches } from '../../store/subject-access';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { HttpProblem } from '../problem';
import { ReferenceSchema } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const SubjectSearchSchema = z
  .strictObject({
    name: optionalText(200).meta({ description: 'Matched case-, accent- and space-insensitively against customers, representatives and the complaint text.' }),
    email: z
      .string()
      .trim()
      .max(320, 'must be at most 320 characters')
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(z.email('must be an email address').optional()),
    phone: optionalText(40).meta({ description: 'Compared by its digits; +44 and 0044 read as a leading 0.' }),
  })
  .meta({ id: 'SubjectSearch', description: 'Who the request is from: at least one of name, email or phone.' });

export const SubjectExportSchema = SubjectSearchSchema.extend({
  format: z.enum(EXPORT_FORMATS).default('pdf'),
  references: z
    .array(ReferenceSchema)
    .max(MAX_SUBJECT_CASES)
    .optional()
    .meta({ description: 'Only these of the cases the search finds (leave out a namesake); default all of them.' }),
}).meta({ id: 'SubjectAccessExportRequest' });

const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be at most 200').default(50),
  continuation: z.string().max(4000).optional(),
});

/** A search that parses but cannot be run: a 400 naming the fields, like a schema failure. */
function checkSearch(search: SubjectSearch): void {
  const problems = searchProblems(search);
  if (problems.length === 0) return;
  const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new HttpProblem(400, 'validation', 'The request is not valid', `Correct the request body and send it again — ${list}.`, { errors: problems });
}

const searchOf = (body: SubjectSearch): SubjectSearch => ({
  ...(body.name ? { name: body.name } : {}),
  ...(body.email ? { email: body.email } : {}),
  ...(body.phone ? { phone: body.phone } : {}),
});

let pdfRenderer: PdfRenderer | undefined;
/** Closes the Chromium started for subject access PDFs, if any (server shutdown, tests). */
export async function shutdownSubjectAccessRenderer(): Promise<void> {
  const renderer = pdfRenderer;
  pdfRenderer = undefined;
  await renderer?.close();
}

function privacyRouter(ctx: RouteContext): Router {
  const router = Router();

  async function find(org: OrgRecord, search: SubjectSearch): Promise<MatchedCase[]> {
    try {
      return await findCasesAbout(ctx.store, org.settings.orgId, search);
    } catch (error) {
      if (error instanceof TooManyMatches) {
        throw new HttpProblem(422, 'too-many-matches', 'Too many cases match', `More than ${MAX_SUBJECT_CASES} cases match this search: it is not one person. Add their email or phone number, or the full name.`);
      }
      throw error;
    }
  }

  router.post('/subject-access/search', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'privacy.subject-access');
    const search = searchOf(parse(SubjectSearchSchema, jsonBody(req), 'body'));
    checkSearch(search);
    const found = await find(org, search);
    res.json({
      search,
      cases: found.map(({ case: c, matched }) => ({
        reference: c.reference,
        kind: c.kind,
        status: c.status,
        service: c.service,
        receivedOn: c.receivedOn,
        socialWork: c.socialWork,
        legalHold: c.legalHold !== undefined,
        customerName: c.customer.name ?? null,
        representativeName: c.representative?.name ?? null,
        matchedOn: matched,
        subjectRole: subjectRole(matched),
      })),
    });
  });

  router.post('/subject-access/export', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'privacy.subject-access');
    const body = parse(SubjectExportSchema, jsonBody(req), 'body');
    const search = searchOf(body);
    checkSearch(search);
    const found = await find(org, search);
    let chosen = found;
    if (body.references) {
      const foundRefs = new Set(found.map((m) => m.case.reference));
      const strangers = body.references.filter((r) => !foundRefs.has(r));
      if (strangers.length > 0) {
        throw new HttpProblem(422, 'not-in-search', 'Not found by this search', `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not among the cases this search finds; search again and choose from its results.`, {
          errors: strangers.map((r) => ({ field: 'references', message: `${r} is not found by this search` })),
        });
      }
      const wanted = new Set(body.references);
      chosen = found.filter((m) => wanted.has(m.case.reference));
    }
    const now = ctx.clock().toISOString();
    const me = { userId: actor.userId, displayName: actor.displayName };
    const staff = org.roleAssignments.map((a) => ({ userId: a.principalId, displayName: a.displayName }));
    const records = new Map<string, CaseRecords>();
    for (const { case: c } of chosen) records.set(c.reference, await loadCaseRecords(ctx.store, ctx.documents, c));
    const bundle = buildSubjectAccessBundle({ organisation: { id: org.settings.orgId, name: org.settings.name }, search, cases: chosen, staff, generatedAt: now, generatedBy: me, records });

    let file: string | Buffer;
    let type: string;
    if (body.format === 'pdf') {
      pdfRenderer ??= new PdfRenderer();
      file = await renderSubjectAccessPdf(bundle, pdfRenderer);
      type = 'application/pdf';
    } else if (body.format === 'html') {
      file = renderSubjectAccessHtml(bundle);
      type = 'text/html; charset=utf-8';
    } else {
      file = JSON.stringify(bundle, null, 2);
      type = 'application/json; charset=utf-8';
    }

    // Recorded before anything is sent: an export that could not be recorded is not given out.
    const record: SubjectAccessExport = {
      id: `export:${ctx.newId()}`,
      orgId: org.settings.orgId,
      at: now,
      userId: actor.userId,
      displayName: actor.displayName,
      search,
      format: body.format,
      caseCount: chosen.length,
      references: chosen.map((m) => m.case.reference),
    };
    await ctx.store.audit.recordExport(record);
    for (const { case: c } of chosen) await ctx.store.audit.recordOpening(c, me, 'subject-access', now, ctx.newId());

    const filename = `subject-access-${londonDate(ctx.clock())}.${body.format}`;
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('X-Export-Id', record.id);
    res.status(200).type(type).send(file);
  });

  router.get('/subject-access/exports', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'privacy.subject-access');
    const { limit, continuation } = parse(PageQuerySchema, req.query, 'query');
    const page = await ctx.store.audit.listExports(org.settings.orgId, limit, continuation);
    res.json({ items: page.items, ...(page.continuation ? { continuation: page.continuation } : {}) });
  });

  return router;
}

export const privacyModule: ApiModule = { path: '/privacy', router: privacyRouter };

registry.registerPath({
  method: 'post',
  path: '/api/privacy/subject-access/search',
  summary: 'Subject access: the cases of the whole organisation about a person (name, email, phone), with where they were found',
  request: { body: { content: { 'application/json': { schema: SubjectSearchSchema } } } },
  responses: { 200: { description: '{ search, cases: [{ reference, kind, status, service, receivedOn, socialWork, legalHold, customerName, representativeName, matchedOn, subjectRole }] }' }, ...commonErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/privacy/subject-access/export',
  summary: 'Subject access: export the cases about a person as one bundle (JSON, HTML or tagged PDF), other people’s data marked for redaction; the export is recorded',
  request: { body: { content: { 'application/json': { schema: SubjectExportSchema } } } },
  responses: { 200: { description: 'The bundle as a file (Content-Disposition: attachment).' }, ...commonErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/privacy/subject-access/exports',
  summary: 'Subject access: every export made (who, when, which search, how many cases), newest first',
  request: { query: PageQuerySchema },
  responses: { 200: { description: '{ items, continuation? }' }, ...commonErrors },
});
