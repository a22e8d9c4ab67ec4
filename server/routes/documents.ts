/**
 * A case's documents: attachments copied from Outlook and files uploaded from the Teams tab. Listed and
 * downloaded by people who can see the case; uploaded by people who may update it (`case.update`);
 * removed, with a reason, by the person who added one or a manager, never under legal hold (the rules:
 * core/documents.ts, core/document-files.ts). Each upload and removal is an event on the case's
 * timeline; a removed document's blob is deleted (Azure soft delete keeps it 30 days for recovery).
 * A download is always a file to save, never a page: Content-Disposition attachment with a cleaned file
 * name, nosniff, a sandboxing CSP, and types a browser could run (HTML, SVG, XML, scripts) sent as
 * plain bytes.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkDocumentFile, cleanDocumentName, MAX_DOCUMENT_BYTES, megabytes } from '../../core/document-files';
import { documentRecords, documentRemovalProblem, type DocumentFacts } from '../../core/documents';
import { canSeeCase } from '../../core/permissions';
import { applyAction, checkAllowed, type CaseAction } from '../../core/workflow';
import type { Actor, Case, CaseEvent } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import { sha256Of as sha256Hex, type DocumentInfo, type DocumentStore } from '../../store/documents';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { fromRuleViolation, HttpProblem, notFound } from '../problem';
import { RefParamsSchema } from '../schemas/cases';
import { text } from '../schemas/common';
import { caseErrors, json, registry } from '../schemas/openapi';
import { actionContext, type ApiModule, type RouteContext } from './context';

const DocumentParamsSchema = RefParamsSchema.extend({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'a document id is 64 lower-case hex digits (its SHA-256)'),
});

const DocumentInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    addedBy: z.string().optional().meta({ description: 'Who uploaded it or copied it from an email (absent for documents kept before this was recorded).' }),
    addedAt: z.string().optional(),
    via: z.enum(['upload', 'email']).optional(),
    canRemove: z.boolean().meta({ description: 'Whether you may remove it now (you added it, or you are a manager; never under legal hold).' }),
  })
  .meta({ id: 'CaseDocument' });

const RemoveDocumentSchema = z
  .strictObject({ reason: text(2000).meta({ description: 'Why it is removed (kept on the timeline).' }) })
  .meta({ id: 'RemoveDocument' });

/** The file's name travels in this header, percent-encoded (headers are ASCII; names are not). */
const FILE_NAME_HEADER = 'x-file-name';
const readFileBody = express.raw({ type: () => true, limit: MAX_DOCUMENT_BYTES });

/** Types shown by a browser without running anything; everything else goes out as plain bytes. */
const PASSIVE_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-outlook',
  'message/rfc822',
  'application/zip',
]);

export function servedContentType(stored: string): string {
  const bare = stored.split(';')[0].trim().toLowerCase();
  return PASSIVE_TYPES.has(bare) ? bare : 'application/octet-stream';
}

/** A file name safe to offer for saving: no folders, no control or reserved characters, not hidden, not empty. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 200);
  return cleaned || 'document';
}

function sendDocument(res: Response, doc: DocumentInfo & { content: Buffer }): void {
  res.attachment(safeFileName(doc.name));
  res.setHeader('Content-Type', servedContentType(doc.contentType));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'");
  res.setHeader('Content-Length', String(doc.content.length));
  res.end(doc.content);
}

/** The upload's name, from its header: present, percent-decodable, with a name the core accepts. */
function fileNameOf(req: Request): string {
  const raw = req.get(FILE_NAME_HEADER);
  if (!raw) throw new HttpProblem(400, 'file-name-missing', 'Name the file', `Send the file's name in the ${FILE_NAME_HEADER} header, percent-encoded (encodeURIComponent).`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new HttpProblem(400, 'file-name-malformed', 'The file name is garbled', `The ${FILE_NAME_HEADER} header is not percent-encoded UTF-8; encode the name with encodeURIComponent.`);
  }
  const named = cleanDocumentName(decoded);
  if (!named.ok) throw new HttpProblem(400, 'file-name-refused', 'Rename the file', named.message);
  return decoded;
}

/** The request's bytes, up to the limit; read only after the person is known to be allowed to upload. */
function readFile(req: Request, res: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readFileBody(req, res, (error?: unknown) => {
      const type = (error as { type?: string } | undefined)?.type;
      if (type === 'entity.too.large') return reject(new HttpProblem(413, 'file-too-large', 'The file is too large', `The largest file a case keeps is ${megabytes(MAX_DOCUMENT_BYTES)}. Reduce it (e.g. scan at a lower resolution) or split it.`));
      if (error) return reject(error);
      if (!Buffer.isBuffer(req.body)) return reject(new HttpProblem(415, 'send-the-file', 'Send the file itself', 'Send the file’s bytes as the request body (Content-Type: application/octet-stream), not JSON or a form.'));
      resolve(req.body);
    });
  });
}

function documentsRouter(ctx: RouteContext): Router {
  const router = Router();

  const storage = (): DocumentStore => {
    if (!ctx.documents) throw new HttpProblem(503, 'documents-unavailable', 'Documents unavailable', 'This server runs without document storage; set BLOB_ACCOUNT_URL (Azure) or start it with `npm start` (local storage) and try again.');
    return ctx.documents;
  };

  const visibleCase = async (actor: Actor, org: OrgRecord, reference: string): Promise<Case> => {
    requirePermission(actor, 'case.read');
    const found = await ctx.store.cases.get(org.settings.orgId, reference);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);
    return found;
  };

  /** The core's applyAction inside the store's optimistic update: the event it recorded. */
  const apply = async (actor: Actor, org: OrgRecord, ref: string, action: CaseAction): Promise<CaseEvent> => {
    const context = actionContext(ctx, actor, org, ctx.newId());
    const result = await ctx.store.cases.update(org.settings.orgId, ref, (current) => applyAction(current, action, context));
    if (!result.ok) throw fromRuleViolation(result.error);
    return result.value.event;
  };

  /** The documents still on the case (a removal recorded is final even if deleting the blob failed), with who added each. */
  const listed = async (c: Case, actor: Actor) => {
    const records = documentRecords(c);
    const kept = await storage().list(c.orgId, c.reference);
    return kept
      .filter((d) => !records.get(d.id)?.removed)
      .map((d) => {
        const record = records.get(d.id);
        return { ...d, ...(record ? { addedBy: record.addedBy, addedAt: record.addedAt, via: record.via } : {}), canRemove: documentRemovalProblem(c, d.id, actor) === null };
      });
  };

  router.get('/:ref/documents', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const found = await visibleCase(actor, org, ref);
    res.json({ documents: await listed(found, actor) });
  });

  router.get('/:ref/documents/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(DocumentParamsSchema, req.params, 'path');
    const found = await visibleCase(actor, org, ref);
    const doc = documentRecords(found).get(id)?.removed ? undefined : await storage().get(org.settings.orgId, ref, id);
    if (!doc) throw notFound(`Case ${ref} has no document ${id.slice(0, 12)}…; list the case’s documents to find it.`);
    sendDocument(res, doc);
  });

  router.post('/:ref/documents', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const documents = storage();
    const found = await visibleCase(actor, org, ref);
    // Refused before a byte is read: nobody without the right fills the server with a file.
    const refusal = checkAllowed(found, 'add-document', actor);
    if (refusal) throw fromRuleViolation(refusal);
    const givenName = fileNameOf(req);
    const bytes = await readFile(req, res);
    const file = checkDocumentFile(givenName, bytes);
    if (!file.ok) throw new HttpProblem(file.status, file.status === 413 ? 'file-too-large' : file.status === 415 ? 'file-type-refused' : 'file-refused', file.status === 415 ? 'This kind of file cannot be kept' : 'The file cannot be kept', file.message);

    const facts: DocumentFacts = { id: sha256Hex(bytes), name: file.name, size: bytes.length, contentType: file.contentType };
    const action: CaseAction = { type: 'add-document', document: facts };
    // Asked of the core before storing, so a refused upload never renames a document already kept.
    const dryRun = applyAction(found, action, actionContext(ctx, actor, org, ctx.newId()));
    if (!dryRun.ok) throw fromRuleViolation(dryRun.error);
    const already = (await documents.list(org.settings.orgId, ref)).find((d) => d.id === facts.id);
    if (already && !documentRecords(found).get(facts.id)?.removed) {
      throw new HttpProblem(409, 'already-kept', 'Already on the case', `This file is already on ${ref} as “${already.name}”; it is kept once.`);
    }
    const kept = await documents.put(org.settings.orgId, ref, file.name, file.contentType, bytes);
    let event: CaseEvent;
    try {
      event = await apply(actor, org, ref, action);
    } catch (error) {
      // Nothing on the timeline, so nothing kept: a document is never on a case without its record.
      await documents.remove(org.settings.orgId, ref, kept.id).catch(() => undefined);
      throw error;
    }
    res.status(201).location(`/api/cases/${ref}/documents/${kept.id}`).json({ document: { ...kept, addedBy: event.by, addedAt: event.at, via: 'upload', canRemove: true }, event });
  });

  router.delete('/:ref/documents/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(DocumentParamsSchema, req.params, 'path');
    const { reason } = parse(RemoveDocumentSchema, jsonBody(req), 'body');
    const documents = storage();
    const found = await visibleCase(actor, org, ref);
    const doc = (await documents.list(org.settings.orgId, ref)).find((d) => d.id === id);
    if (!doc || documentRecords(found).get(id)?.removed) {
      // A removal recorded earlier whose blob outlived it (storage failed then): finish it now.
      if (doc) await documents.remove(org.settings.orgId, ref, id);
      throw notFound(`Case ${ref} has no document ${id.slice(0, 12)}…; it may have been removed already. Reload the list.`);
    }
    const event = await apply(actor, org, ref, { type: 'remove-document', document: { id, name: doc.name, size: doc.size, contentType: doc.contentType }, reason });
    await documents.remove(org.settings.orgId, ref, id);
    res.json({ event });
  });

  return router;
}

export const documentsModule: ApiModule = { path: '/cases', router: documentsRouter };

registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/documents',
  summary: 'The documents kept with a case (uploads and copied attachments), with who added each',
  request: { params: RefParamsSchema },
  responses: { 200: json(z.object({ documents: z.array(DocumentInfoSchema) }), 'The documents.'), ...caseErrors },
});
registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/documents/{id}',
  summary: 'Download one document of a case (always as a file to save)',
  request: { params: DocumentParamsSchema },
  responses: { 200: { description: 'The document’s bytes, Content-Disposition: attachment.', content: { 'application/octet-stream': { schema: z.string() } } }, ...caseErrors },
});
registry.registerPath({
  method: 'post',
  path: '/api/cases/{ref}/documents',
  summary: 'Upload a document to a case (the file’s bytes as the body, its name percent-encoded in X-File-Name)',
  description: `At most ${megabytes(MAX_DOCUMENT_BYTES)}. Accepted: PDF, JPEG, PNG, GIF, WebP, HEIC, .docx, .xlsx, .txt, .msg, .eml, checked by content (an HTML page named .pdf is refused, 415). Needs case.update on a case you can see.`,
  request: { params: RefParamsSchema, headers: z.object({ 'x-file-name': z.string() }), body: { content: { 'application/octet-stream': { schema: z.string() } } } },
  responses: { 201: json(z.object({ document: DocumentInfoSchema }), 'Kept, and recorded on the timeline.'), 413: { description: 'Too large.' }, 415: { description: 'Not a kind of file a case keeps.' }, ...caseErrors },
});
registry.registerPath({
  method: 'delete',
  path: '/api/cases/{ref}/documents/{id}',
  summary: 'Remove a document from a case, with the reason (by whoever added it, or a manager; never under legal hold)',
  request: { params: DocumentParamsSchema, body: { content: { 'application/json': { schema: RemoveDocumentSchema } } } },
  responses: { 200: json(z.object({ event: z.object({ type: z.literal('document-removed') }) }), 'Removed; the removal is on the timeline.'), ...caseErrors },
});
