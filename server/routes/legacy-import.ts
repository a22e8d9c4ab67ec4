/**
 * Importing history from a previous system through the tab (administrators, `settings.manage`): upload
 * the export (CSV, at most MAX_IMPORT_BYTES) and see its first rows and each column's values; map
 * columns and values, saved per organisation for the next file; run a dry run, then the import, as
 * jobs the page polls. Every rule is the CLI's: core/legacy-import.ts reads the file (the text rule
 * on every cell), store/legacy-import.ts plans, counts and writes — this module only translates.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { canOwnCases } from '../../core/caseload';
import { textProblem } from '../../core/text';
import { legacyMappingSchema, ourWords, previewLegacyExport, REQUIRED_TARGETS, TARGETS, valueMapOf } from '../../core/legacy-import';
import { startImportJob, loadUpload, readImportJob, saveUpload } from '../../store/legacy-import-jobs';
import { loadMapping, MAPPING_NAME, mappingNames, saveMapping } from '../../store/legacy-import';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { HttpProblem, notFound } from '../problem';
import { commonErrors, json, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

/** The largest export accepted: a 10,000-row export is about 1.5 MB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const FILE_NAME_HEADER = 'x-file-name';
/** What browsers and spreadsheet programs call a CSV file. */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']);
const readExportBody = express.raw({ type: () => true, limit: MAX_IMPORT_BYTES });

const IdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be the id the upload or job was given');
const MappingNameSchema = z.string().regex(MAPPING_NAME, 'a name is letters, digits, dots, hyphens and underscores (up to 64), e.g. icasework');

const JobBodySchema = z
  .strictObject({
    uploadId: IdSchema,
    mapping: legacyMappingSchema,
    dryRun: z.boolean(),
  })
  .meta({ id: 'ImportJobRequest' });

const SaveMappingBodySchema = z.strictObject({ mapping: legacyMappingSchema }).meta({ id: 'ImportMappingBody' });

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The export's text: a CSV file by name and type, within the limit, in UTF-8. */
function readExport(req: Request, res: Response): Promise<{ fileName: string; text: string }> {
  const rawName = req.get(FILE_NAME_HEADER);
  let fileName = 'export.csv';
  if (rawName) {
    try {
      fileName = decodeURIComponent(rawName);
    } catch {
      throw new HttpProblem(400, 'file-name-malformed', 'The file name is garbled', `The ${FILE_NAME_HEADER} header is not percent-encoded UTF-8; encode the name with encodeURIComponent.`);
    }
  }
  const nameProblem = textProblem(fileName, { singleLine: true });
  if (nameProblem) throw new HttpProblem(400, 'file-name-refused', 'Rename the file', `The file's name ${nameProblem}.`);
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!/\.csv$/i.test(fileName) || !CSV_TYPES.has(type)) {
    throw new HttpProblem(415, 'not-csv', 'Choose a CSV file', `"${fileName.slice(0, 100)}" is not a CSV file. Export the cases from your previous system as CSV (comma-separated values, UTF-8) — in Excel: File › Save As › CSV UTF-8 — and choose that file.`);
  }
  return new Promise((resolve, reject) => {
    readExportBody(req, res, (error?: unknown) => {
      const kind = (error as { type?: string } | undefined)?.type;
      if (kind === 'entity.too.large') return reject(new HttpProblem(413, 'file-too-large', 'The file is too large', `The largest export the tab takes is ${megabytes(MAX_IMPORT_BYTES)} (about 60,000 rows). Split the file by year and import each part; cases already imported are skipped.`));
      if (error) return reject(error);
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) return reject(new HttpProblem(400, 'file-empty', 'The file is empty', 'The file has nothing in it; export the cases again and choose the new file.'));
      try {
        resolve({ fileName, text: new TextDecoder('utf-8', { fatal: true }).decode(body) });
      } catch {
        reject(new HttpProblem(422, 'not-utf8', 'Save the file as UTF-8', 'The file is not UTF-8 text. In Excel choose File › Save As › CSV UTF-8; other programs have a similar choice of encoding.'));
      }
    });
  });
}

function legacyImportRouter(ctx: RouteContext): Router {
  const router = Router();

  /** Our fields a column may map to, and our words for each value map (this organisation's services and staff). */
  router.get('/fields', (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    res.json({
      fields: TARGETS.map((id) => ({ id, required: (REQUIRED_TARGETS as readonly string[]).includes(id), valueMap: valueMapOf(id) ?? null })),
      values: {
        ...ourWords([...org.settings.services, ...(org.settings.retiredServices ?? [])]),
        staff_member: org.roleAssignments.filter((a) => canOwnCases(a.roles, org.roleDefinitions)).map((a) => ({ userId: a.principalId, displayName: a.displayName })),
      },
      maxBytes: MAX_IMPORT_BYTES,
    });
  });

  router.post('/uploads', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const { fileName, text } = await readExport(req, res);
    const read = previewLegacyExport(text);
    if (!read.ok) {
      const where = `row ${read.problem.row}${read.problem.column ? `, ${read.problem.column}` : ''}`;
      throw new HttpProblem(422, 'malformed-csv', 'The file cannot be read as CSV', `${where}: ${read.problem.message}. Export the file again as CSV, or correct that row, and choose it again.`, {
        errors: [{ field: where, message: read.problem.message }],
      });
    }
    const uploadId = ctx.newId();
    await saveUpload(ctx.store, org.settings.orgId, { uploadId, fileName, text, uploadedBy: actor.userId, uploadedAt: ctx.clock().toISOString() });
    res.status(201).json({ uploadId, fileName, bytes: Buffer.byteLength(text), ...read.preview });
  });

  router.get('/mappings', async (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    res.json({ names: await mappingNames(ctx.store, org.settings.orgId) });
  });

  router.get('/mappings/:name', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const name = parse(MappingNameSchema, req.params.name, 'path');
    const mapping = await loadMapping(ctx.store, org.settings.orgId, name);
    if (!mapping) throw notFound(`There is no saved mapping "${name}"; save one first.`);
    res.json({ name, mapping });
  });

  router.put('/mappings/:name', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const name = parse(MappingNameSchema, req.params.name, 'path');
    const { mapping } = parse(SaveMappingBodySchema, jsonBody(req), 'body');
    await saveMapping(ctx.store, org.settings.orgId, name, mapping, ctx.clock().toISOString());
    res.json({ name, mapping });
  });

  router.post('/jobs', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const body = parse(JobBodySchema, jsonBody(req), 'body');
    const upload = await loadUpload(ctx.store, org.settings.orgId, body.uploadId);
    if (!upload) throw notFound('The uploaded file is no longer here (uploads are kept for a day); choose the file again.');
    const job = await startImportJob(ctx.store, org, {
      jobId: ctx.newId(),
      uploadId: body.uploadId,
      fileName: upload.fileName,
      text: upload.text,
      mapping: body.mapping,
      dryRun: body.dryRun,
      startedBy: actor.userId,
      clock: ctx.clock,
      onError: (error) => console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'import job failed', error: String((error as Error)?.stack ?? error) })),
    });
    res.status(202).setHeader('Location', `/api/import/jobs/${job.jobId}`).json(job);
  });

  router.get('/jobs/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'settings.manage');
    const jobId = parse(IdSchema, req.params.id, 'path');
    const job = await readImportJob(ctx.store, org.settings.orgId, jobId, ctx.clock());
    if (!job) throw notFound(`There is no import job ${jobId} in your organisation.`);
    res.json(job);
  });

  return router;
}

export const legacyImportModule: ApiModule = { path: '/import', router: legacyImportRouter };

registry.registerPath({ method: 'get', path: '/api/import/fields', summary: 'Fields a column of a previous system’s export may map to, and our words for each value (administrators)', responses: { 200: { description: '{ fields, values, maxBytes }' }, ...commonErrors } });
registry.registerPath({
  method: 'post',
  path: '/api/import/uploads',
  summary: 'Upload a previous system’s export (text/csv, file name in x-file-name); answers its columns, first rows and each column’s values (administrators)',
  responses: { 201: { description: '{ uploadId, fileName, bytes, columns, rows, rowCount, values, refusedCells }' }, 413: { description: 'Too large.' }, 415: { description: 'Not a CSV file.' }, 422: { description: 'Not readable as CSV, or not UTF-8.' }, ...commonErrors },
});
registry.registerPath({ method: 'get', path: '/api/import/mappings', summary: 'The names of the organisation’s saved column mappings (administrators)', responses: { 200: { description: '{ names }' }, ...commonErrors } });
registry.registerPath({ method: 'get', path: '/api/import/mappings/{name}', summary: 'A saved column mapping (administrators)', responses: { 200: { description: '{ name, mapping }' }, ...commonErrors } });
registry.registerPath({
  method: 'put',
  path: '/api/import/mappings/{name}',
  summary: 'Save a column mapping for the next file (administrators)',
  request: { body: { content: { 'application/json': { schema: SaveMappingBodySchema } } } },
  responses: { 200: { description: '{ name, mapping }' }, ...commonErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/import/jobs',
  summary: 'Start a dry run or the import of an uploaded export through a mapping; poll the job (administrators)',
  request: { body: { content: { 'application/json': { schema: JobBodySchema } } } },
  responses: { 202: json(z.object({ jobId: z.string(), state: z.string() }), 'Started; poll GET /api/import/jobs/{id}.'), ...commonErrors },
});
registry.registerPath({ method: 'get', path: '/api/import/jobs/{id}', summary: 'An import job: state, phase, progress, the dry run’s summary and the result (administrators)', responses: { 200: { description: 'The job.' }, ...commonErrors } });
