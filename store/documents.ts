/**
 * Documents kept with a case (attachments copied from Outlook today; uploaded case documents next), in
 * Azure Blob Storage: one container, one blob per document at `<orgId>/<reference>/<id>`. The id is the
 * content's SHA-256, so the same file kept twice for one case is stored once, and a retried copy is
 * harmless. The document's name travels as blob metadata (URI-encoded: metadata is ASCII only); its
 * content type as the blob's Content-Type.
 *
 * The same code runs locally and in Azure: locally against Azurite (store/blob-embedded.ts) with its
 * well-known development account, in Azure with the web app's managed identity
 * (store/documents-connect.ts). Nothing here decides who may read a document: the API checks that the
 * person can see the case before calling `get`.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';

export interface DocumentInfo {
  /** Unique within the case: the SHA-256 of the content (64 lower-case hex digits). */
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface StoredDocument extends DocumentInfo {
  content: Buffer;
}

export interface DocumentStore {
  /** Keeps the bytes for the case (again if already kept: same id, the latest name and type win). */
  put(orgId: string, reference: string, name: string, contentType: string | undefined, bytes: Buffer): Promise<DocumentInfo>;
  /** The document with its content, or undefined if the case has no such document. */
  get(orgId: string, reference: string, id: string): Promise<StoredDocument | undefined>;
  list(orgId: string, reference: string): Promise<DocumentInfo[]>;
  /** True if there was a document to remove. */
  remove(orgId: string, reference: string, id: string): Promise<boolean>;
  /** One cheap round trip to the storage account (the readiness probe): throws if it cannot be reached. */
  ping(abortSignal?: AbortSignal): Promise<void>;
  /** Where the documents are, for a log line (never includes a key). */
  readonly description: string;
}

export const DOCUMENT_ID = /^[0-9a-f]{64}$/;
/** Organisation ids and case references as the store makes them; anything else cannot name a blob. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const MAX_NAME_LENGTH = 260;

export class DocumentKeyError extends Error {}

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value)) throw new DocumentKeyError(`${what} "${value.slice(0, 40)}" cannot name a document (letters, digits, dot, dash and underscore only).`);
  return value;
}

const blobName = (orgId: string, reference: string, id: string): string => `${segment(orgId, 'The organisation id')}/${segment(reference, 'The case reference')}/${id}`;
const casePrefix = (orgId: string, reference: string): string => `${segment(orgId, 'The organisation id')}/${segment(reference, 'The case reference')}/`;

/** A MIME type as `type/subtype` (parameters kept), or the generic binary type. */
function cleanContentType(contentType: string | undefined): string {
  const value = (contentType ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/.test(value) && value.length <= 200 ? value : DEFAULT_CONTENT_TYPE;
}

function cleanName(name: string): string {
  // Control characters would be dropped or refused by header encoders later; the name is only a label.
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned || 'document';
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

async function readAll(stream: NodeJS.ReadableStream | Readable | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function infoFrom(id: string, metadata: Record<string, string> | undefined, contentType: string | undefined, size: number | undefined): DocumentInfo {
  let name = id;
  try {
    if (metadata?.name) name = decodeURIComponent(metadata.name);
  } catch {
    name = metadata?.name ?? id;
  }
  return { id, name, contentType: contentType || DEFAULT_CONTENT_TYPE, size: size ?? 0, sha256: metadata?.sha256 ?? id };
}

/** The document store on one blob container (which must exist: see `ensureContainer`). */
export function blobDocumentStore(container: ContainerClient, description = `Azure Blob Storage container ${container.containerName}`): DocumentStore {
  return {
    description,
    async put(orgId, reference, name, contentType, bytes) {
      const id = sha256Of(bytes);
      const info: DocumentInfo = { id, name: cleanName(name), contentType: cleanContentType(contentType), size: bytes.length, sha256: id };
      const md5 = createHash('md5').update(bytes).digest();
      await container.getBlockBlobClient(blobName(orgId, reference, id)).uploadData(bytes, {
        // The service checks the MD5 on receipt: a damaged upload is refused, never kept.
        blobHTTPHeaders: { blobContentType: info.contentType, blobContentMD5: md5 },
        metadata: { name: encodeURIComponent(info.name), sha256: id },
      });
      return info;
    },

    async get(orgId, reference, id) {
      if (!DOCUMENT_ID.test(id)) return undefined;
      try {
        const download = await container.getBlobClient(blobName(orgId, reference, id)).download();
        const content = await readAll(download.readableStreamBody);
        const info = infoFrom(id, download.metadata, download.contentType, content.length);
        if (sha256Of(content) !== info.sha256) throw new Error(`The stored document ${blobName(orgId, reference, id)} does not match its SHA-256; it has been damaged in storage.`);
        return { ...info, content };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async list(orgId, reference) {
      const prefix = casePrefix(orgId, reference);
      const found: DocumentInfo[] = [];
      for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
        const id = blob.name.slice(prefix.length);
        if (!DOCUMENT_ID.test(id)) continue;
        found.push(infoFrom(id, blob.metadata, blob.properties.contentType, blob.properties.contentLength));
      }
      return found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },

    async remove(orgId, reference, id) {
      if (!DOCUMENT_ID.test(id)) return false;
      const result = await container.getBlobClient(blobName(orgId, reference, id)).deleteIfExists({ deleteSnapshots: 'include' });
      return result.succeeded;
    },

    async ping(abortSignal) {
      await container.getProperties({ abortSignal });
    },
  };
}

/**
 * The readiness probe for document storage, for `/readyz`: resolves when the container answers,
 * rejects with a message a person can act on when it does not (never with a key or a token).
 */
export async function checkDocumentStore(documents: Pick<DocumentStore, 'ping' | 'description'>, timeoutMs = 5_000): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await documents.ping(abort.signal);
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    const why = abort.signal.aborted
      ? `no answer within ${timeoutMs / 1000} s`
      : status === 403
        ? 'access was refused (check the role assignment Storage Blob Data Contributor for the app’s identity)'
        : status === 404
          ? 'the container does not exist'
          : error instanceof Error
            ? error.message
            : String(error);
    throw new Error(`Document storage is not ready (${documents.description}): ${why}`);
  } finally {
    clearTimeout(timer);
  }
}
