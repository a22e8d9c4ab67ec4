/**
 * Gathers what is kept about a case beside the case document (core/case-records.ts): all its notes,
 * its letters and the list of documents still kept with it (removed ones are on the timeline). For
 * the case file and the subject access bundle; whoever calls has already checked the person may see
 * the case.
 */
import type { CaseRecords } from '../core/case-records';
import { documentRecords } from '../core/documents';
import type { Case } from '../core/types';
import { CorrespondenceStore } from './correspondence';
import type { DocumentStore } from './documents';
import type { Store } from './index';

const NOTES_PAGE = 200;

export async function loadCaseRecords(store: Store, documents: DocumentStore | undefined, c: Case): Promise<CaseRecords> {
  const notes: CaseRecords['notes'] = [];
  let continuation: string | undefined;
  do {
    const page = await store.notes.page(c.orgId, c.reference, NOTES_PAGE, continuation);
    notes.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  const letters = await new CorrespondenceStore(store.containers.orgs).letters(c.orgId, c.reference);
  if (!documents) return { notes, letters };
  const records = documentRecords(c);
  const kept = (await documents.list(c.orgId, c.reference))
    .filter((d) => !records.get(d.id)?.removed)
    .map((d) => {
      const record = records.get(d.id);
      return { id: d.id, name: d.name, contentType: d.contentType, size: d.size, ...(record ? { addedBy: record.addedBy, addedAt: record.addedAt, via: record.via } : {}) };
    });
  return { notes, letters, documents: kept };
}
