/**
 * The archive the caseload benches grow: the demo organisation topped up with generated cases, of
 * which ~500 stay open (the working set) and the rest are closed (the years of archive). Used by
 * bench/archive.ts and bench/openloop.ts. No side effects when run (bench/run.ts runs every file).
 */
import type { JSONObject, OperationInput } from '@azure/cosmos';
import { contributionOf } from '../store/aggregates';
import { isOpenStatus, toDocument } from '../store/case-document';
import type { Store } from '../store/index';
import type { Case } from '../core/types';
import { generateCaseBatches, MemoCalendar } from './generate-cases';

export const ORG = 'glenmore';
export const OPEN_TARGET = 500;
export const OWNERS = ['demo-handler', 'demo-investigator', 'demo-head-of-service'];
export const ALL_SCOPE = { all: true, services: [], userId: '', socialWork: false };
export const OPEN = ['stage1', 'stage2', 'stage2-signoff', 'stage2-signed-off'] as const;
/**
 * Generated references start here, far above the numbers the organisation's own counter hands out;
 * the generator pads to seven digits, cut to the six of a real reference (CHP-yyyy-nnnnnn) so the
 * API can be asked for them.
 */
const FIRST_SEQUENCE = 500_000;

/** Tops the organisation up to `total` cases, keeping ~OPEN_TARGET open: the rest are the archive. */
export async function growTo(store: Store, total: number, state: { written: number; open: number }): Promise<void> {
  const org = await store.orgs.get(ORG);
  if (!org) throw new Error(`the demo organisation ${ORG} is missing`);
  const have = await store.cases.count(ORG, { scope: ALL_SCOPE });
  const missing = total - have;
  if (missing <= 0) return;
  const calendar = new MemoCalendar();
  const batches = generateCaseBatches(missing, 100, { org: org.settings, calendar, from: '2019-04-01', to: '2026-11-20', today: '2026-11-25', seed: 7 + state.written, firstSequence: FIRST_SEQUENCE + state.written });
  for (const batch of batches) {
    const operations: OperationInput[] = batch.map((generated, i) => {
      const c = shaped({ ...generated, reference: generated.reference.replace(/-0(\d{6})$/, '-$1'), owner: OWNERS[(state.written + i) % OWNERS.length], loggedBy: OWNERS[0] }, state);
      return { operationType: 'Create', resourceBody: { ...toDocument(c), reported: contributionOf(c, calendar) } as unknown as JSONObject };
    });
    const { result } = await store.containers.cases.items.batch(operations, ORG);
    if (!result || result.some((r) => r.statusCode >= 400)) throw new Error('a generated batch failed');
    state.written += batch.length;
  }
}

/** Open while the open working set is short of its target, closed after. */
export function shaped(c: Case, state: { open: number }): Case {
  if (state.open < OPEN_TARGET && c.stage1) {
    state.open += 1;
    return { ...c, status: 'stage1', stage1: { ...c.stage1, closedOn: undefined, outcome: undefined }, stage2: undefined };
  }
  if (!isOpenStatus(c.status)) return c;
  return { ...c, status: c.status === 'stage1' ? 'stage1-closed' : 'stage2-closed' };
}
