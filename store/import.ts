/**
 * Importing cases into an organisation: idempotent on reference (and on source message), all or
 * nothing per file.
 *
 * All or nothing, by compensation: every case is validated before the first write; if a write then
 * fails, the import deletes the cases *it* created (never ones that were already there) and reports
 * the failure. We chose this over a staging marker because a marker would have to be honoured by
 * every reader (lists, reports, the bot) forever, for a failure that is rare; compensation keeps the
 * read paths unaware of imports. The one gap — the importing process itself dies mid-file — leaves
 * a partial import that is safe to complete by running the same file again (existing references are
 * skipped), which the CLI tells the user.
 */
import type { Case } from '../core/types';
import { caseSchema } from '../core/case-format-case-schema';
import type { Store } from './index';
import { parseReference } from './ids';
import { PartialCreateError } from './cases';

export interface ImportProgress { done: number; total: number; created: number; existing: number }
export interface ImportResult { created: string[]; existing: string[] }

/** The file is refused before anything is written; `problems` holds one sentence per bad case. */
export class ImportValidationError extends Error {
  override readonly name = 'ImportValidationError';
  constructor(readonly problems: string[]) {
    super(`The import was refused, nothing was written. ${problems.length} problem(s):\n${problems.slice(0, 50).join('\n')}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ''}`);
  }
}

/** A write failed midway; what this import had written was removed again (see `leftBehind`). */
export class ImportFailedError extends Error {
  override readonly name = 'ImportFailedError';
  constructor(override readonly cause: unknown, readonly leftBehind: string[]) {
    super(
      `The import failed while writing (${(cause as Error)?.message ?? String(cause)}). ` +
        (leftBehind.length === 0
          ? 'Everything it had written was removed again; fix the cause and run it again.'
          : `${leftBehind.length} case(s) it wrote could not be removed (${leftBehind.slice(0, 10).join(', ')}); run the same import again to complete it.`),
    );
  }
}

/**
 * Cases per request: store.cases.createMany packs them into transactional batches (claims, cases and
 * one aggregate delta), so a chunk is one or two requests instead of one per case. Chunks in flight:
 * each touches no document another touches, so writers do not contend; locally the server applies
 * writes one at a time, and a few in flight keep it busy while the client prepares the next.
 */
const CHUNK = 48;
const CONCURRENCY = 4;
const PROGRESS_EVERY = 100;

export function validateImport(orgId: string, cases: readonly Case[]): string[] {
  const problems: string[] = [];
  const references = new Map<string, number>();
  const messages = new Map<string, number>();
  cases.forEach((c, index) => {
    const item = `case ${index + 1}${c?.reference ? ` (${c.reference})` : ''}`;
    const parsed = caseSchema.safeParse(c);
    if (!parsed.success) {
      problems.push(`${item}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'case'} ${i.message}`).join('; ')}`);
      return;
    }
    if (c.orgId !== orgId) problems.push(`${item}: belongs to organisation "${c.orgId}", not "${orgId}"`);
    if (!parseReference(c.reference)) problems.push(`${item}: the reference must look like CHP-2026-000123`);
    const seen = references.get(c.reference);
    if (seen !== undefined) problems.push(`${item}: the reference is also used by case ${seen}`);
    references.set(c.reference, index + 1);
    for (const id of [c.source?.messageId, c.source?.internetMessageId]) {
      if (!id) continue;
      const other = messages.get(id);
      if (other !== undefined) problems.push(`${item}: logged from the same message as case ${other}`);
      messages.set(id, index + 1);
    }
  });
  return problems;
}

export async function importCases(store: Store, orgId: string, cases: readonly Case[], onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
  const problems = validateImport(orgId, cases);
  if (problems.length > 0) throw new ImportValidationError(problems);

  // Move the reference counters past the imported numbers first, so no case logged meanwhile gets one.
  const highest = new Map<number, number>();
  for (const c of cases) {
    const parsed = parseReference(c.reference);
    if (parsed) highest.set(parsed.year, Math.max(highest.get(parsed.year) ?? 0, parsed.sequence));
  }
  for (const [year, sequence] of highest) await store.references.reserveThrough(orgId, year, sequence);

  const created: string[] = [];
  const existing: string[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const report = () => onProgress?.({ done: created.length + existing.length, total: cases.length, created: created.length, existing: existing.length });
  const worker = async () => {
    while (!failure && next < cases.length) {
      const chunk = cases.slice(next, next + CHUNK);
      next += chunk.length;
      try {
        const results = await store.cases.createMany(chunk);
        const before = created.length + existing.length;
        for (const result of results) (result.created ? created : existing).push(result.reference);
        const done = created.length + existing.length;
        if (Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY) || done === cases.length) report();
      } catch (error) {
        if (error instanceof PartialCreateError) created.push(...error.created);
        failure ??= { error: error instanceof PartialCreateError ? error.cause : error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.ceil(cases.length / CHUNK)) }, worker));
  if (!failure) return { created, existing };

  const leftBehind: string[] = [];
  for (const reference of created) {
    try {
      await store.cases.remove(orgId, reference);
    } catch {
      leftBehind.push(reference);
    }
  }
  throw new ImportFailedError(failure.error, leftBehind);
}
