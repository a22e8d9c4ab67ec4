/**
 * A case's documents (attachments copied from Outlook, later uploads): listed and downloaded only by
 * people who can see the case. A download is always a file to save, never a page: Content-Disposition
 * attachment with a cleaned file name, nosniff, a sandboxing CSP, and types a browser could run
 * (HTML, SVG, XML, scripts) sent as plain bytes.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { canSeeCase } from '../../core/permissions';
import type { Actor } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import type { DocumentInfo, DocumentStore } from '../../store/documents';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { HttpProblem, notFound } from '../problem';
import { RefParamsSchema } from '../schemas/cases';
import { caseErrors, json, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const DocumentParamsSchema = RefParamsSchema.extend({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'a document id is 64 lower-case hex digits (its SHA-256)'),
});

const DocumentInfoSchema = z
  .object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() })
  .meta({ id: 'CaseDocument' });

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

function documentsRouter(ctx: RouteContext): Router {
  const router = Router();

  const storage = (): DocumentStore => {
    if (!ctx.documents) throw new HttpProblem(503, 'documents-unavailable', 'Documents unavailable', 'This server runs without document storage; set BLOB_ACCOUNT_URL (Azure) or start it with `npm start` (local storage) and try again.');
    return ctx.documents;
  };

  const visibleCase = async (actor: Actor, org: OrgRecord, reference: string): Promise<void> => {
    requirePermission(actor, 'case.read');
    const found = await ctx.store.cases.get(org.settings.orgId, reference);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);
  };

  router.get('/:ref/documents', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    await visibleCase(actor, org, ref);
    res.json({ documents: await storage().list(org.settings.orgId, ref) });
  });

  router.get('/:ref/documents/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(DocumentParamsSchema, req.params, 'path');
    await visibleCase(actor, org, ref);
    const doc = await storage().get(org.settings.orgId, ref, id);
    if (!doc) throw notFound(`Case ${ref} has no document ${id.slice(0, 12)}…; list the case’s documents to find it.`);
    sendDocument(res, doc);
  });

  return router;
}

export const documentsModule: ApiModule = { path: '/cases', router: documentsRouter };

registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/documents',
  summary: 'The documents kept with a case (copied attachments)',
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
