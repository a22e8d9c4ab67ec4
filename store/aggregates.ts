/**
 * Report aggregates, so reports never load cases (docs/storage.md "Report aggregates").
 *
 * Write path (store/cases.ts): every case write stores the case's report contribution with it and,
 * in the SAME transactional batch, creates an immutable `aggregate-delta` document (cases
 * container, the organisation's partition) holding `new − old` contribution. One round trip, no
 * document shared between cases, so concurrent writers never contend.
 *
 * Fold (here): a background job (lease-protected, one per organisation at a time) adds deltas to
 * the `month:<YYYY-MM>` documents of the `aggregates` container and deletes them. Months and the
 * organisation's `fold-state` document are written in one atomic batch (same container and
 * partition); the state's `pending` lists the deltas just folded until they are deleted, so a
 * crash between the two steps never counts a delta twice.
 *
 * Read (monthlyCounts): months + deltas not yet folded, minus `pending`, bracketed by two reads of
 * the fold state: if a fold committed in between, read again. Reports are therefore always exact.
 */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { WorkingCalendar } from '../core/calendar';
import { addCounts, countsByMonth, type IndicatorCounts } from '../core/indicators';
import { reportContributions } from '../core/reports/contributions';
import { periodMonths } from '../core/reports/periods';
import type { MonthlyCounts } from '../core/reports/summaries';
import type { Case } from '../core/types';
import type { CaseDocument } from './case-document';
import { toCase } from './case-document';
import { contributionDelta, RETAINED_FIGURES_TYPE, type AggregateDeltaDocument, type CaseRepository, type MonthlyContribution, type RetainedFiguresDocument } from './cases';
import { ConflictError, isNotFound, isPreconditionFailed } from './errors';

export interface MonthDocument {
  id: string;
  orgId: string;
  type: 'month';
  month: string;
  counts: IndicatorCounts;
  _etag?: string;
}

/** Per organisation: bumped by every fold; `pending` = deltas already in the months but not yet deleted. */
export interface FoldStateDocument {
  id: typeof FOLD_STATE_ID;
  orgId: string;
  type: 'fold-state';
  version: number;
  pending: string[];
  _etag?: string;
}

export const FOLD_STATE_ID = 'fold-state';
export const DELTA_TYPE = 'aggregate-delta';
const READ_CONCURRENCY = 12;
const READ_ATTEMPTS = 20;
/** The most operations Cosmos DB takes in one transactional batch. */
const MAX_BATCH_OPERATIONS = 100;
/** A transactional batch holds at most 100 operations: months of one fold + the fold state. */
const MONTHS_PER_FOLD = 90;
const DELTAS_PER_FOLD = 1000;
export const monthId = (month: string): string => `month:${month}`;

/** The case's contribution to the figures, per month (what a case document stores as `reported`). */
export function contributionOf(c: Case, calendar: WorkingCalendar): MonthlyContribution {
  return countsByMonth(reportContributions(c, calendar));
}

/** `target += counts`, in place, dropping counters that reach 0: summing many deltas must not copy. */
function addInPlace(target: IndicatorCounts, counts: IndicatorCounts): void {
  for (const [dimension, counters] of Object.entries(counts)) {
    const into = (target[dimension] ??= {});
    for (const [counter, value] of Object.entries(counters)) {
      const sum = (into[counter] ?? 0) + value;
      if (sum === 0) delete into[counter];
      else into[counter] = sum;
    }
    if (Object.keys(into).length === 0) delete target[dimension];
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RebuildResult {
  cases: number;
  months: number;
  /** Case documents whose stored contribution was rewritten (it differed from a recount, e.g. after a calendar change). */
  casesCorrected: number;
  /** Deltas written before the rebuild that it replaced. */
  deltasCleared: number;
}

type DeltaRow = Pick<AggregateDeltaDocument, 'id' | 'months'>;

export class AggregateStore {
  /** `cases`: where case writes leave their deltas (same container and partition as the case, for the batch). */
  constructor(
    private readonly container: Container,
    private readonly cases: Container,
  ) {}

  private async read<T extends object>(id: string, orgId: string): Promise<T | undefined> {
    try {
      const { resource } = await this.container.item(id, orgId).read<T>();
      return resource;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private readState(orgId: string): Promise<FoldStateDocument | undefined> {
    return this.read<FoldStateDocument>(FOLD_STATE_ID, orgId);
  }

  /** Deltas not yet deleted, oldest first as far as the store can tell (single-partition query on `type`). */
  private async deltas(orgId: string, limit?: number): Promise<DeltaRow[]> {
    const query = { query: 'SELECT c.id, c.months FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: DELTA_TYPE }] };
    const iterator = this.cases.items.query<DeltaRow>(query, { partitionKey: orgId, maxItemCount: limit ?? 1000 });
    if (limit !== undefined) return (await iterator.fetchNext()).resources.slice(0, limit);
    return (await iterator.fetchAll()).resources;
  }

  /**
   * The monthly counts of an organisation from `fromMonth` to `toMonth` (both included), exact at
   * the moment of reading: the month documents (point reads, ids are known) plus the deltas not yet
   * folded into them. Read again if a fold committed while reading.
   */
  async monthlyCounts(orgId: string, fromMonth: string, toMonth: string): Promise<MonthlyCounts> {
    const months = periodMonths({ fromMonth, toMonth });
    const wanted = new Set(months);
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt += 1) {
      const before = await this.readState(orgId);
      const docs: (MonthDocument | undefined)[] = [];
      for (let i = 0; i < months.length; i += READ_CONCURRENCY) {
        docs.push(...(await Promise.all(months.slice(i, i + READ_CONCURRENCY).map((month) => this.read<MonthDocument>(monthId(month), orgId)))));
      }
      const deltas = await this.deltas(orgId);
      const after = await this.readState(orgId);
      if ((before?.version ?? 0) !== (after?.version ?? 0)) {
        await pause(Math.random() * 10);
        continue;
      }
      const folded = new Set(after?.pending ?? []);
      const totals = new Map<string, IndicatorCounts>();
      for (const doc of docs) if (doc) totals.set(doc.month, structuredClone(doc.counts));
      for (const delta of deltas) {
        if (folded.has(delta.id)) continue;
        for (const [month, counts] of Object.entries(delta.months)) {
          if (!wanted.has(month)) continue;
          let total = totals.get(month);
          if (!total) totals.set(month, (total = {}));
          addInPlace(total, counts);
        }
      }
      return Object.fromEntries([...totals].filter(([, counts]) => Object.keys(counts).length > 0).sort(([a], [b]) => a.localeCompare(b)));
    }
    throw new ConflictError(`The report aggregates of ${orgId} kept being folded while being read; try the report again.`);
  }

  /** What the stored case currently contributes to the figures (for checks and tests). */
  async reportedFor(orgId: string, reference: string): Promise<MonthlyContribution | undefined> {
    try {
      const { resource } = await this.cases.item(reference, orgId).read<CaseDocument>();
      return resource?.type === 'case' ? resource.reported : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** How many deltas wait to be folded (for the folder, tests and benches). */
  async unfoldedCount(orgId: string): Promise<number> {
    const { resources } = await this.cases.items
      .query<number>({ query: 'SELECT VALUE COUNT(1) FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: DELTA_TYPE }] }, { partitionKey: orgId })
      .fetchAll();
    return resources[0] ?? 0;
  }

  /**
   * Deletes deltas by id, a transactional batch per 100 (one request instead of one each). One
   * already gone is fine (a fold that crashed after deleting some): a batch refused for that is
   * done again one delete at a time.
   */
  private async deleteDeltas(orgId: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += MAX_BATCH_OPERATIONS) {
      const chunk = ids.slice(i, i + MAX_BATCH_OPERATIONS);
      const operations = chunk.map((id): OperationInput => ({ operationType: 'Delete', id, partitionKey: orgId }));
      const results = (await this.cases.items.batch(operations, orgId)).result ?? [];
      if (results.length === chunk.length && results.every((r) => r.statusCode < 400)) continue;
      for (let j = 0; j < chunk.length; j += READ_CONCURRENCY) {
        await Promise.all(chunk.slice(j, j + READ_CONCURRENCY).map((id) => this.cases.item(id, orgId).delete().catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)))));
      }
    }
  }

  /** Replaces the fold state if unchanged since `current`; false if another folder got there first. */
  private async writeState(orgId: string, current: FoldStateDocument | undefined, pending: string[]): Promise<boolean> {
    const next: FoldStateDocument = { id: FOLD_STATE_ID, orgId, type: 'fold-state', version: (current?.version ?? 0) + 1, pending };
    try {
      if (current) await this.container.item(FOLD_STATE_ID, orgId).replace(next, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
      else await this.container.items.create(next);
      return true;
    } catch (err) {
      if (isPreconditionFailed(err) || (err as { code?: number }).code === 409) return false;
      throw err;
    }
  }

  /**
   * One fold step: finishes a previous fold's deletions, then adds up to DELTAS_PER_FOLD deltas to
   * their months (one atomic batch with the fold state) and deletes them. Returns how many were
   * folded; 0 when there is nothing to do or another folder is at work (an ETag race lost).
   * Callers hold the organisation's fold lease; the ETags make a second folder harmless anyway.
   */
  async foldOnce(orgId: string): Promise<number> {
    let state = await this.readState(orgId);
    if (state && state.pending.length > 0) {
      await this.deleteDeltas(orgId, state.pending);
      if (!(await this.writeState(orgId, state, []))) return 0;
      state = await this.readState(orgId);
    }
    const chosen: DeltaRow[] = [];
    const totals = new Map<string, IndicatorCounts>();
    for (const delta of await this.deltas(orgId, DELTAS_PER_FOLD)) {
      const months = Object.keys(delta.months);
      const added = months.filter((m) => !totals.has(m)).length;
      if (totals.size + added > MONTHS_PER_FOLD) break;
      for (const month of months) {
        let total = totals.get(month);
        if (!total) totals.set(month, (total = {}));
        addInPlace(total, delta.months[month]);
      }
      chosen.push(delta);
    }
    if (chosen.length === 0) return 0;
    const entries = [...totals].sort(([a], [b]) => a.localeCompare(b));
    const current = await Promise.all(entries.map(([month]) => this.read<MonthDocument>(monthId(month), orgId)));
    const nextState: FoldStateDocument = { id: FOLD_STATE_ID, orgId, type: 'fold-state', version: (state?.version ?? 0) + 1, pending: chosen.map((d) => d.id) };
    const operations: OperationInput[] = [
      ...entries.map(([month, delta], i): OperationInput => {
        const existing = current[i];
        const doc: MonthDocument = { id: monthId(month), orgId, type: 'month', month, counts: addCounts(existing?.counts ?? {}, delta) };
        return existing
          ? { operationType: 'Replace', id: doc.id, partitionKey: orgId, ifMatch: existing._etag, resourceBody: doc as unknown as JSONObject }
          : { operationType: 'Create', resourceBody: doc as unknown as JSONObject };
      }),
      state
        ? { operationType: 'Replace', id: FOLD_STATE_ID, partitionKey: orgId, ifMatch: state._etag, resourceBody: nextState as unknown as JSONObject }
        : { operationType: 'Create', resourceBody: nextState as unknown as JSONObject },
    ];
    const results = (await this.container.items.batch(operations, orgId)).result ?? [];
    if (results.length !== operations.length || results.some((r) => r.statusCode >= 400)) return 0;
    await this.deleteDeltas(orgId, nextState.pending);
    const committed = await this.readState(orgId);
    if (committed?.version === nextState.version) await this.writeState(orgId, committed, []);
    return chosen.length;
  }

  /** Folds until no deltas are left (or another folder is at work); returns how many were folded. */
  async foldAll(orgId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const folded = await this.foldOnce(orgId);
      if (folded === 0) return total;
      total += folded;
    }
  }

  /** Sets the fold state's pending list, retrying while a folder moves the state on. */
  private async forceState(orgId: string, pending: string[]): Promise<void> {
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt += 1) {
      if (await this.writeState(orgId, await this.readState(orgId), pending)) return;
      await pause(10 + Math.random() * 50);
    }
    throw new ConflictError(`The aggregates of ${orgId} are being folded by another process; run the rebuild again.`);
  }

  /** The figures of the organisation's disposed cases (store/retention.ts keeps them). */
  private async retainedFigures(orgId: string): Promise<RetainedFiguresDocument[]> {
    const { resources } = await this.cases.items
      .query<RetainedFiguresDocument>({ query: 'SELECT * FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: RETAINED_FIGURES_TYPE }] }, { partitionKey: orgId })
      .fetchAll();
    return resources;
  }

  private async idsOfType(orgId: string, type: 'month'): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: type }] }, { partitionKey: orgId })
      .fetchAll();
    return resources.map((r) => r.id);
  }

  /**
   * Rebuilds an organisation's aggregates from scratch, streaming cases page by page: the month
   * documents become a recount (plus the figures kept from disposed cases), the deltas that existed before are deleted, and (unless
   * `rememberCases: false`) each stored case whose recorded contribution differs from the recount
   * (a calendar change, a case written around the store) is corrected, so later deltas start from
   * the truth. Only the monthly totals are held in memory. `rememberCases: false` writes only the
   * month documents (the 1M-case reports bench, whose cases are generated, not stored).
   * Run it when no one is writing: a case changed meanwhile may need it run again.
   */
  async rebuild(orgId: string, pages: AsyncIterable<readonly Case[]>, calendar: WorkingCalendar, options: { rememberCases?: boolean } = {}): Promise<RebuildResult> {
    const remember = options.rememberCases ?? true;
    const staleMonths = new Set(await this.idsOfType(orgId, 'month'));
    const earlierDeltas = (await this.deltas(orgId)).map((d) => d.id);
    const monthly = new Map<string, IndicatorCounts>();
    // Disposed cases are gone, but their figures were kept: the recount starts from them.
    for (const retained of await this.retainedFigures(orgId)) {
      for (const [month, counts] of Object.entries(retained.months)) {
        let total = monthly.get(month);
        if (!total) monthly.set(month, (total = {}));
        addInPlace(total, counts);
      }
    }
    let cases = 0;
    let casesCorrected = 0;
    for await (const page of pages) {
      const corrections: Promise<boolean>[] = [];
      for (const c of page) {
        if (c.orgId !== orgId) continue;
        const byMonth = contributionOf(c, calendar);
        for (const [month, counts] of Object.entries(byMonth)) {
          let total = monthly.get(month);
          if (!total) monthly.set(month, (total = {}));
          addInPlace(total, counts);
        }
        cases += 1;
        if (remember) corrections.push(this.correctReported(c, calendar));
      }
      casesCorrected += (await Promise.all(corrections)).filter(Boolean).length;
    }
    for (const [month, counts] of [...monthly.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      await this.container.items.upsert<MonthDocument>({ id: monthId(month), orgId, type: 'month', month, counts });
      staleMonths.delete(monthId(month));
    }
    for (const id of staleMonths) await this.container.item(id, orgId).delete().catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
    // The recount already holds what these deltas carried; mark them folded, then delete them.
    await this.forceState(orgId, earlierDeltas);
    await this.deleteDeltas(orgId, earlierDeltas);
    await this.forceState(orgId, []);
    return { cases, months: monthly.size, casesCorrected, deltasCleared: earlierDeltas.length };
  }

  /**
   * Sets the stored case's `reported` to its recount if it differs; true if it wrote. Computed from
   * the stored version itself and written under its ETag, so a case changed since its page was read
   * keeps a `reported` that matches it.
   */
  private async correctReported(c: Case, calendar: WorkingCalendar): Promise<boolean> {
    let doc: CaseDocument | undefined;
    try {
      doc = (await this.cases.item(c.reference, c.orgId).read<CaseDocument>()).resource;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    if (!doc || doc.type !== 'case') return false;
    const recount = contributionOf(toCase(doc), calendar);
    if (doc.reported && Object.keys(contributionDelta(doc.reported, recount)).length === 0) return false;
    try {
      await this.cases.item(c.reference, c.orgId).replace<CaseDocument>({ ...doc, reported: recount }, { accessCondition: { type: 'IfMatch', condition: doc._etag ?? '' } });
      return true;
    } catch (err) {
      if (isPreconditionFailed(err)) return false;
      throw err;
    }
  }
}

/** The working-day calendar of an organisation (from its settings), cached briefly per process. */
export function calendarLookup(orgs: { get(orgId: string): Promise<{ settings: { localHolidays: string[]; workedHolidays: string[] } } | undefined> }, ttlMs = 60_000) {
  const cache = new Map<string, { calendar: WorkingCalendar; until: number }>();
  return async (orgId: string): Promise<WorkingCalendar> => {
    const hit = cache.get(orgId);
    if (hit && hit.until > Date.now()) return hit.calendar;
    const org = await orgs.get(orgId);
    const calendar = new WorkingCalendar({ localHolidays: org?.settings.localHolidays ?? [], workedHolidays: org?.settings.workedHolidays ?? [] });
    cache.set(orgId, { calendar, until: Date.now() + ttlMs });
    return calendar;
  };
}

export interface FolderDependencies {
  aggregates: Pick<AggregateStore, 'foldAll'>;
  orgs: { list(): Promise<{ settings: { orgId: string } }[]> };
  leases: { acquire(name: string, holder: string, ttlSeconds: number): Promise<boolean>; release(name: string, holder: string): Promise<void> };
}

export const foldLeaseName = (orgId: string): string => `aggregate-fold:${orgId}`;

/** One pass over every organisation: folds its deltas if this holder gets its lease. Returns deltas folded. */
export async function foldEveryOrganisation(deps: FolderDependencies, holder: string, leaseSeconds = 120): Promise<number> {
  let folded = 0;
  for (const org of await deps.orgs.list()) {
    const orgId = org.settings.orgId;
    if (!(await deps.leases.acquire(foldLeaseName(orgId), holder, leaseSeconds))) continue;
    try {
      folded += await deps.aggregates.foldAll(orgId);
    } finally {
      await deps.leases.release(foldLeaseName(orgId), holder);
    }
  }
  return folded;
}

/**
 * Runs `work` holding an organisation's fold lease, so no server folds deltas while it runs (a
 * rebuild replaces what a fold would write). Waits up to `waitMs` for the lease, then gives up
 * (`acquired: false`); renews it every third of its lifetime while `work` runs; releases it after.
 */
export async function withFoldLease<T>(
  leases: FolderDependencies['leases'],
  orgId: string,
  holder: string,
  work: () => Promise<T>,
  options: { waitMs?: number; ttlSeconds?: number; pollMs?: number } = {},
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const name = foldLeaseName(orgId);
  const ttlSeconds = options.ttlSeconds ?? 120;
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  while (!(await leases.acquire(name, holder, ttlSeconds))) {
    if (Date.now() >= deadline) return { acquired: false };
    await pause(options.pollMs ?? 500);
  }
  let renewal: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => (renewal = leases.acquire(name, holder, ttlSeconds).catch(() => false)), (ttlSeconds * 1000) / 3);
  try {
    return { acquired: true, value: await work() };
  } finally {
    clearInterval(timer);
    await renewal;
    await leases.release(name, holder);
  }
}

/**
 * The background folder a server runs: every `intervalMs`, fold each organisation's deltas under
 * its lease (so two servers never fold one organisation at once). Reports are exact whether or not
 * it has caught up; it only keeps the number of deltas a report adds small. Returns a stop function
 * that waits for a pass in progress.
 */
export function startAggregateFolder(deps: FolderDependencies, options: { holder: string; intervalMs?: number; onError?: (error: unknown) => void }): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 5_000;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = foldEveryOrganisation(deps, options.holder)
      .catch((error: unknown) => (options.onError ?? ((e) => console.error('aggregate folder:', e)))(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, intervalMs).unref();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/** The case repository's write hook: the contribution of a case under its organisation's calendar. */
export function contributionLookup(calendarFor: (orgId: string) => Promise<WorkingCalendar>): (c: Case) => Promise<MonthlyContribution> {
  return async (c) => contributionOf(c, await calendarFor(c.orgId));
}

/** Every case of an organisation, page by page in reference order (what rebuild() reads). */
export async function* storedCasePages(cases: Pick<CaseRepository, 'list'>, orgId: string, pageSize = 500): AsyncGenerator<Case[]> {
  let continuation: string | undefined;
  do {
    const page = await cases.list(orgId, { scope: { all: true, services: [], userId: '', socialWork: false }, sort: 'reference', limit: pageSize, continuation });
    if (page.items.length > 0) yield page.items;
    continuation = page.continuation;
  } while (continuation);
}
