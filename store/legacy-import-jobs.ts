/**
 * The import through the tab: an uploaded export kept with the organisation until it is imported,
 * and dry runs and imports run as jobs whose progress a page polls (so no request waits minutes).
 * The work itself is store/legacy-import.ts — the same functions `chp import --mapping` calls.
 *
 * Both live in the orgs container, partitioned by organisation: an upload as a header document and
 * its text in chunks (a document is at most 2 MB), a job as one document rewritten as it goes. A job
 * runs in the process that started it; a job not heard of for STALE_MS (the process stopped) reads
 * as interrupted — running the same file again completes it, as cases already here are skipped.
 */
import type { ItemDefinition } from '@azure/cosmos';
import type { LegacyMapping } from '../core/legacy-import';
import { isNotFound } from './errors';
import type { OrgRecord, Store } from './index';
import { ImportFailedError, ImportValidationError } from './import';
import { importLegacyCases, prepareLegacyImport, type LegacyDryRun } from './legacy-import';

/** Characters per chunk document: well under Cosmos DB's 2 MB item limit in any script. */
const CHUNK_CHARS = 400_000;
/** Uploads older than this are removed when the next is made. */
const UPLOAD_KEPT_MS = 24 * 3600_000;
/** A running job rewrites its document at least this often (progress, or a heartbeat). */
const HEARTBEAT_MS = 10_000;
/** A running job not rewritten for this long has stopped with its process. */
export const STALE_MS = 120_000;
/** At most this many refusals are kept on a job (the count is always whole). */
const REFUSALS_KEPT = 1000;

interface UploadDocument {
  id: string;
  orgId: string;
  type: 'import-upload';
  uploadId: string;
  fileName: string;
  chars: number;
  chunks: number;
  uploadedBy: string;
  uploadedAt: string;
}

interface UploadChunkDocument {
  id: string;
  orgId: string;
  type: 'import-upload-chunk';
  text: string;
}

const uploadDocId = (uploadId: string): string => `import-upload:${uploadId}`;
const chunkDocId = (uploadId: string, index: number): string => `import-upload:${uploadId}:${index}`;

export async function saveUpload(store: Store, orgId: string, upload: { uploadId: string; fileName: string; text: string; uploadedBy: string; uploadedAt: string }): Promise<void> {
  await removeOldUploads(store, orgId, new Date(Date.parse(upload.uploadedAt) - UPLOAD_KEPT_MS).toISOString());
  const chunks = Math.max(1, Math.ceil(upload.text.length / CHUNK_CHARS));
  for (let i = 0; i < chunks; i += 1) {
    const chunk: UploadChunkDocument = { id: chunkDocId(upload.uploadId, i), orgId, type: 'import-upload-chunk', text: upload.text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS) };
    await store.containers.orgs.items.upsert(chunk);
  }
  // The header last: an upload is there only once all its text is.
  const doc: UploadDocument = { id: uploadDocId(upload.uploadId), orgId, type: 'import-upload', uploadId: upload.uploadId, fileName: upload.fileName, chars: upload.text.length, chunks, uploadedBy: upload.uploadedBy, uploadedAt: upload.uploadedAt };
  await store.containers.orgs.items.upsert(doc);
}

async function readDoc<T extends ItemDefinition>(store: Store, orgId: string, id: string): Promise<T | undefined> {
  try {
    return (await store.containers.orgs.item(id, orgId).read<T>()).resource;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function loadUpload(store: Store, orgId: string, uploadId: string): Promise<{ fileName: string; text: string } | undefined> {
  const doc = await readDoc<UploadDocument>(store, orgId, uploadDocId(uploadId));
  if (doc?.type !== 'import-upload') return undefined;
  const parts: string[] = [];
  for (let i = 0; i < doc.chunks; i += 1) {
    const chunk = await readDoc<UploadChunkDocument>(store, orgId, chunkDocId(uploadId, i));
    if (!chunk) return undefined;
    parts.push(chunk.text);
  }
  return { fileName: doc.fileName, text: parts.join('') };
}

async function removeOldUploads(store: Store, orgId: string, before: string): Promise<void> {
  const query = { query: "SELECT c.uploadId, c.chunks FROM c WHERE c.orgId = @orgId AND c.type = 'import-upload' AND c.uploadedAt < @before", parameters: [{ name: '@orgId', value: orgId }, { name: '@before', value: before }] };
  const { resources } = await store.containers.orgs.items.query<Pick<UploadDocument, 'uploadId' | 'chunks'>>(query, { partitionKey: orgId }).fetchAll();
  for (const { uploadId, chunks } of resources) {
    for (const id of [uploadDocId(uploadId), ...Array.from({ length: chunks }, (_, i) => chunkDocId(uploadId, i))]) {
      try {
        await store.containers.orgs.item(id, orgId).delete();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}

export type ImportJobState = 'running' | 'finished' | 'failed' | 'interrupted';

/** A dry run or an import, as a page sees it while polling. */
export interface ImportJob {
  jobId: string;
  dryRun: boolean;
  uploadId: string;
  fileName: string;
  state: ImportJobState;
  /** reading: the file through the mapping, the plan and figures; writing: the cases. */
  phase: 'reading' | 'writing' | 'done';
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  progress: { done: number; total: number };
  /** What the dry run says (also the import's, before it writes); `refused` holds at most REFUSALS_KEPT, `refusedCount` all. */
  summary?: LegacyDryRun & { refusedCount: number };
  /** The import's result. */
  created?: number;
  skipped?: number;
  /** Why it failed, in words a person can act on. */
  error?: string;
}

interface ImportJobDocument extends ImportJob {
  id: string;
  orgId: string;
  type: 'import-job';
}

const jobDocId = (jobId: string): string => `import-job:${jobId}`;

export async function readImportJob(store: Store, orgId: string, jobId: string, now: Date): Promise<ImportJob | undefined> {
  const doc = await readDoc<ImportJobDocument>(store, orgId, jobDocId(jobId));
  if (doc?.type !== 'import-job') return undefined;
  const { id: _id, orgId: _org, type: _type, ...job } = doc;
  if (job.state === 'running' && now.getTime() - Date.parse(job.updatedAt) > STALE_MS) {
    return {
      ...job,
      state: 'interrupted',
      error: job.dryRun
        ? 'The dry run stopped (the server restarted). Run it again.'
        : 'The import stopped before it finished (the server restarted). Nothing is lost: import the same file again — cases already imported are skipped, the rest are created.',
    };
  }
  return job;
}

export interface StartImportJob {
  jobId: string;
  uploadId: string;
  fileName: string;
  text: string;
  mapping: LegacyMapping;
  dryRun: boolean;
  startedBy: string;
  clock: () => Date;
  /** Told when the job ends, for the server's log (never thrown at the caller). */
  onError?: (error: unknown) => void;
}

/**
 * Records the job and runs it in the background; returns the job as first recorded. An import writes
 * only if nothing in the file is refused (the dry run's rule), all or nothing (store/import.ts).
 */
export async function startImportJob(store: Store, org: OrgRecord, start: StartImportJob): Promise<ImportJob> {
  const orgId = org.settings.orgId;
  const now = start.clock().toISOString();
  let job: ImportJob = {
    jobId: start.jobId,
    dryRun: start.dryRun,
    uploadId: start.uploadId,
    fileName: start.fileName,
    state: 'running',
    phase: 'reading',
    startedBy: start.startedBy,
    startedAt: now,
    updatedAt: now,
    progress: { done: 0, total: 0 },
  };
  // Writes are chained so an older state never lands after a newer one.
  let writing: Promise<unknown> = Promise.resolve();
  const save = (change: Partial<ImportJob>): Promise<unknown> => {
    job = { ...job, ...change, updatedAt: start.clock().toISOString() };
    const doc: ImportJobDocument = { id: jobDocId(job.jobId), orgId, type: 'import-job', ...job };
    // Tried a few times: a lost progress write is harmless, a lost final state would leave the page waiting.
    const write = async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await store.containers.orgs.items.upsert(doc);
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
      }
    };
    writing = writing.then(write).catch((error) => start.onError?.(error));
    return writing;
  };
  await save({});
  const first = job;

  const heartbeat = setInterval(() => void save({}), HEARTBEAT_MS);
  heartbeat.unref?.();
  void (async () => {
    try {
      const prepared = await prepareLegacyImport(store, org, start.text, start.mapping, start.startedBy);
      const summary = { ...prepared.summary, refused: prepared.summary.refused.slice(0, REFUSALS_KEPT), refusedCount: prepared.summary.refused.length };
      if (start.dryRun) return void (await save({ state: 'finished', phase: 'done', summary, progress: { done: summary.rows, total: summary.rows } }));
      if (!prepared.importable) {
        return void (await save({ state: 'failed', phase: 'done', summary, error: `Nothing was imported: ${summary.refusedCount} problem(s) in the file. Run the dry run, correct the mapping or the file, and import again.` }));
      }
      await save({ phase: 'writing', summary, progress: { done: 0, total: prepared.toCreate.length } });
      let lastSaved = 0;
      const result = await importLegacyCases(store, orgId, prepared.toCreate, (p) => {
        // Every second at most: the page polls, it need not see every hundred.
        if (Date.now() - lastSaved < 1000 && p.done < p.total) return;
        lastSaved = Date.now();
        void save({ progress: { done: p.done, total: p.total } });
      });
      await save({
        state: 'finished',
        phase: 'done',
        progress: { done: prepared.toCreate.length, total: prepared.toCreate.length },
        created: result.created.length,
        skipped: summary.skipped + result.existing.length,
      });
    } catch (error) {
      start.onError?.(error);
      // Our own failures say what happened and what to do; anything else stays in the server's log.
      const told = error instanceof ImportFailedError || error instanceof ImportValidationError;
      await save({ state: 'failed', phase: 'done', error: told ? error.message : 'The job failed on the server (the error is logged). Nothing was left half-written; run it again, and if it fails again tell your IT service desk.' });
    } finally {
      clearInterval(heartbeat);
    }
  })();
  return first;
}
