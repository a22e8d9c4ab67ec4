/**
 * `chp migrate-attachments`: moves attachment files kept on disk by earlier versions
 * (`<CHP_DATA_DIR>/attachments/<org>/<reference>/<sha256>`) into document storage (Blob Storage). Each
 * file is checked against its SHA-256 name, kept under its case with the name the case's timeline
 * recorded for it, read back, and only then deleted from disk. Running it again moves only what is
 * left, so an interrupted run is finished by running it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Case } from '../../core/types';
import { connectFromEnv } from '../../store/connect';
import { DOCUMENT_ID, sha256Of, type DocumentStore } from '../../store/documents';
import { connectDocumentsFromEnv } from '../../store/documents-connect';
import { InputError, type Command } from '../command';
import { optionalString } from '../options';

interface Skipped {
  file: string;
  reason: string;
}

export interface MigrationReport {
  from: string;
  dryRun: boolean;
  keep: boolean;
  files: number;
  moved: number;
  /** Already in document storage (a run before was interrupted after copying, or --keep was used). */
  alreadyThere: number;
  removedFromDisk: number;
  skipped: Skipped[];
  documents: string;
  store: string;
}

/** Types for the names attachments usually have; anything else is kept as plain bytes. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.msg': 'application/vnd.ms-outlook',
  '.eml': 'message/rfc822',
};

/** The names the case's timeline recorded for its copied attachments, by SHA-256. */
function recordedNames(found: Case | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of found?.events ?? []) {
    if (event.type !== 'attachments-copied') continue;
    const copied = (event.after as { attachmentsCopied?: { name?: unknown; sha256?: unknown }[] } | undefined)?.attachmentsCopied ?? [];
    for (const a of copied) if (typeof a.sha256 === 'string' && typeof a.name === 'string') names.set(a.sha256, a.name);
  }
  return names;
}

const directories = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];

function removeIfEmpty(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

export async function migrateAttachments(
  from: string,
  deps: { documents: DocumentStore; caseOf(orgId: string, reference: string): Promise<Case | undefined> },
  options: { dryRun: boolean; keep: boolean; progress(line: string): void },
): Promise<Omit<MigrationReport, 'documents' | 'store'>> {
  const report = { from, dryRun: options.dryRun, keep: options.keep, files: 0, moved: 0, alreadyThere: 0, removedFromDisk: 0, skipped: [] as Skipped[] };
  const orgs = directories(from);
  for (const orgId of orgs) {
    for (const reference of directories(path.join(from, orgId))) {
      const folder = path.join(from, orgId, reference);
      const files = fs.readdirSync(folder, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
      if (files.length === 0) continue;
      const names = recordedNames(await deps.caseOf(orgId, reference).catch(() => undefined));
      const kept = new Set((await deps.documents.list(orgId, reference)).map((d) => d.id));
      for (const file of files) {
        report.files += 1;
        const relative = path.join(orgId, reference, file);
        const skip = (reason: string) => {
          report.skipped.push({ file: relative, reason });
          options.progress(`skipped ${relative}: ${reason}\n`);
        };
        if (!DOCUMENT_ID.test(file)) {
          skip('the file name is not a SHA-256, so it was not written by the attachment copy; left in place');
          continue;
        }
        const bytes = fs.readFileSync(path.join(folder, file));
        if (sha256Of(bytes) !== file) {
          skip('the content does not match its SHA-256 name (damaged on disk?); left in place');
          continue;
        }
        const name = names.get(file) ?? `${file.slice(0, 12)}.bin`;
        if (kept.has(file)) report.alreadyThere += 1;
        else if (!options.dryRun) {
          const stored = await deps.documents.put(orgId, reference, name, TYPES_BY_EXTENSION[path.extname(name).toLowerCase()], bytes);
          // Deleted from disk only once storage gives the same bytes back.
          const back = await deps.documents.get(orgId, reference, stored.id);
          if (!back || !back.content.equals(bytes)) {
            skip('document storage did not give the same bytes back; left in place, run again');
            continue;
          }
          report.moved += 1;
        } else report.moved += 1;
        if (!options.dryRun && !options.keep) {
          fs.rmSync(path.join(folder, file));
          report.removedFromDisk += 1;
        }
        options.progress(`${kept.has(file) ? 'already there' : options.dryRun ? 'would move' : 'moved'} ${relative} (${name}, ${bytes.length} bytes)\n`);
      }
      if (!options.dryRun) removeIfEmpty(folder);
    }
    if (!options.dryRun) removeIfEmpty(path.join(from, orgId));
  }
  return report;
}

export const migrateAttachmentsCommand: Command = {
  summary: 'move attachment files kept on disk (CHP_DATA_DIR/attachments) into document storage',
  help: `Usage: chp migrate-attachments [--from <dir>] [--dry-run] [--keep]

Moves the copied email attachments that earlier versions kept as files
(<dir>/<org>/<reference>/<sha256>) into document storage: Azure Blob Storage when
BLOB_ACCOUNT_URL is set, otherwise the local storage in CHP_DATA_DIR. Each file is checked
against its SHA-256 name, stored under its case with the name recorded in the case's timeline,
read back, and then deleted from disk. Safe to run again: what is already stored is not copied
twice, and an interrupted run is finished by the next. Progress goes to stderr.

  --from     the folder of attachment files (default: CHP_DATA_DIR/attachments)
  --dry-run  say what would move; change nothing
  --keep     copy, but leave the files on disk

Output: {"from", "dryRun", "keep", "files", "moved", "alreadyThere", "removedFromDisk",
"skipped": [{"file", "reason"}], "documents", "store"}.`,
  options: { from: { type: 'string' }, 'dry-run': { type: 'boolean' }, keep: { type: 'boolean' } },
  async run(values, io) {
    const from = path.resolve(io.cwd, optionalString(values, 'from') ?? path.join(process.env.CHP_DATA_DIR || './data', 'attachments'));
    if (fs.existsSync(from) && !fs.statSync(from).isDirectory()) throw new InputError(`${from} is a file, not a folder of attachments`);
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      const documents = await connectDocumentsFromEnv(process.env, io.cwd);
      try {
        const report = await migrateAttachments(
          from,
          { documents: documents.documents, caseOf: (orgId, reference) => connection.store.cases.get(orgId, reference) },
          { dryRun: values['dry-run'] === true, keep: values.keep === true, progress: io.stderr },
        );
        io.stderr(`${report.dryRun ? 'would move' : 'moved'} ${report.moved} of ${report.files} file${report.files === 1 ? '' : 's'}; ${report.alreadyThere} already there; ${report.skipped.length} skipped\n`);
        return { ...report, documents: documents.description, store: connection.description };
      } finally {
        await documents.close();
      }
    } finally {
      await connection.close();
    }
  },
};
