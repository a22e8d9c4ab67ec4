/**
 * Report aggregates, kept as cases change so reports never load cases (docs: README "Reports and
 * governance"). In the `aggregates` container, partition = organisation:
 * - `month:<YYYY-MM>`: the IndicatorCounts of every event in that month (core/reports/contributions).
 * - `applied:<bucket>`: for up to 100 cases (bucket = reference without its last 2 digits), the
 *   contribution last applied for each and the case's version then (its number of audit events), so
 *   a change applies only the difference and an older version arriving late is ignored.
 *
 * applyCase() reads the case's applied entry and the months involved, then writes the applied entry
 * and the changed months in one transactional batch, each guarded by its ETag. In Azure the batch is
 * atomic; a lost race (412) retries from fresh reads. The embedded server runs a batch without
 * interruption but does not roll back: the applied entry is written first, so if a month write then
 * fails (another writer got there first) the remaining month deltas are added one by one — additions
 * commute, so the result is the same.
 */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { WorkingCalendar } from '../core/calendar';
import { addCounts, countsByMonth, subtractCounts, type IndicatorCounts } from '../core/indicators';
import { reportContributions } from '../core/reports/contributions';
import { periodMonths } from '../core/reports/periods';
import type { MonthlyCounts } from '../core/reports/summaries';
import type { Case } from '../core/types';
import type { CaseRepository } from './cases';
import { ConflictError, isConflict, isNotFound, isPreconditionFailed } from './errors';

export interface MonthDocument {
  id: string;
  orgId: string;
  type: 'month';
  month: string;
  counts: IndicatorCounts;
  _etag?: string;
}

/** What was last applied for one case, and from which version of it. */
export interface AppliedEntry {
  /** The case's number of audit events: every workflow action appends one, so it only grows. */
  version: number;
  months: Record<string, IndicatorCounts>;
}

export interface AppliedDocument {
  id: string;
  orgId: string;
  type: 'applied';
  /** reference → what was last applied for that case. */
  cases: Record<string, AppliedEntry>;
  _etag?: string;
}

/** Other processes may race for the same documents; each lost race re-reads and tries again. */
const ATTEMPTS = 20;
const READ_CONCURRENCY = 12;
export const monthId = (month: string): string => `month:${month}`;
/**
 * Cases whose references differ only in the last 2 characters share a bucket (≤ 100 per bucket):
 * small enough that rewriting a bucket on each change stays cheap, few enough that a rebuild of a
 * million cases writes 10,000 documents rather than a million.
 */
export const appliedId = (reference: string): string => `applied:${reference.length > 2 ? reference.slice(0, -2) : ''}`;

function sameCounts(a: Record<string, IndicatorCounts>, b: Record<string, IndicatorCounts>): boolean {
  const months = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const month of months) {
    const diff = subtractCounts(a[month] ?? {}, b[month] ?? {});
    if (Object.keys(diff).length > 0) return false;
  }
  return true;
}

/** `target += counts`, in place: the rebuild adds a million cases and must not copy the month each time. */
function addInPlace(target: IndicatorCounts, counts: IndicatorCounts): void {
  for (const [dimension, counters] of Object.entries(counts)) {
    const into = (target[dimension] ??= {});
    for (const [counter, value] of Object.entries(counters)) into[counter] = (into[counter] ?? 0) + value;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RebuildResult {
  cases: number;
  months: number;
  appliedDocuments: number;
}

export class AggregateStore {
  constructor(private readonly container: Container) {}

  private async read<T extends object>(id: string, orgId: string): Promise<T | undefined> {
    try {
      const { resource } = await this.container.item(id, orgId).read<T>();
      return resource;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * The monthly counts of an organisation from `fromMonth` to `toMonth` (both included): one point
   * read per month (ids are known), in parallel — cheaper than a query in Azure (1 RU each) and
   * independent of how many applied documents share the partition.
   */
  async monthlyCounts(orgId: string, fromMonth: string, toMonth: string): Promise<MonthlyCounts> {
    const months = periodMonths({ fromMonth, toMonth });
    const found: [string, IndicatorCounts][] = [];
    for (let i = 0; i < months.length; i += READ_CONCURRENCY) {
      const docs = await Promise.all(months.slice(i, i + READ_CONCURRENCY).map((month) => this.read<MonthDocument>(monthId(month), orgId)));
      for (const doc of docs) if (doc) found.push([doc.month, doc.counts]);
    }
    return Object.fromEntries(found);
  }

  /** What the aggregates last applied for a case (for checks and tests). */
  async appliedFor(orgId: string, reference: string): Promise<Record<string, IndicatorCounts> | undefined> {
    return (await this.read<AppliedDocument>(appliedId(reference), orgId))?.cases[reference]?.months;
  }

  /** Per applied bucket, the tail of this process's queue: writers in one process take turns instead of racing. */
  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Brings the aggregates in line with the case as it is now; returns the months that changed.
   * A version older than the one already applied (two processes' applications arriving out of
   * order) is ignored, so the newer state of the case wins.
   */
  async applyCase(c: Case, calendar: WorkingCalendar): Promise<string[]> {
    return this.queued(c.orgId, c.reference, { version: c.events.length, months: countsByMonth(reportContributions(c, calendar)) });
  }

  /** Takes a removed case out of the figures (an import rolled back, a record disposed of). */
  async removeCase(orgId: string, reference: string): Promise<string[]> {
    return this.queued(orgId, reference, undefined);
  }

  private async queued(orgId: string, reference: string, next: AppliedEntry | undefined): Promise<string[]> {
    const key = `${orgId}|${appliedId(reference)}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.applyNow(orgId, reference, next));
    this.queues.set(key, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }
  }

  /** `next` undefined: the case is gone; its entry is removed and its counts subtracted. */
  private async applyNow(orgId: string, reference: string, nextOrGone: AppliedEntry | undefined): Promise<string[]> {
    const c = { orgId, reference };
    const next = nextOrGone?.months ?? {};
    const bucketId = appliedId(c.reference);
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const bucket = await this.read<AppliedDocument>(bucketId, c.orgId);
      const applied = bucket?.cases[c.reference];
      if (nextOrGone && applied && nextOrGone.version < applied.version) return [];
      const previous = applied?.months ?? {};
      if (sameCounts(previous, next) && (nextOrGone ? applied?.version === nextOrGone.version : !applied)) return [];
      const deltas = [...new Set([...Object.keys(previous), ...Object.keys(next)])]
        .sort()
        .map((month) => ({ month, delta: subtractCounts(next[month] ?? {}, previous[month] ?? {}) }))
        .filter((d) => Object.keys(d.delta).length > 0);
      const months = await Promise.all(deltas.map((d) => this.read<MonthDocument>(monthId(d.month), c.orgId)));

      const entries = { ...(bucket?.cases ?? {}) };
      if (nextOrGone) entries[c.reference] = nextOrGone;
      else delete entries[c.reference];
      const appliedDoc: AppliedDocument = { id: bucketId, orgId: c.orgId, type: 'applied', cases: entries };
      const operations: OperationInput[] = [
        bucket
          ? { operationType: 'Replace', id: bucketId, partitionKey: c.orgId, resourceBody: appliedDoc as unknown as JSONObject, ifMatch: bucket._etag }
          : { operationType: 'Create', resourceBody: appliedDoc as unknown as JSONObject },
        ...deltas.map(({ month, delta }, i): OperationInput => {
          const current = months[i];
          const doc: MonthDocument = { id: monthId(month), orgId: c.orgId, type: 'month', month, counts: addCounts(current?.counts ?? {}, delta) };
          return current
            ? { operationType: 'Replace', id: doc.id, partitionKey: c.orgId, resourceBody: doc as unknown as JSONObject, ifMatch: current._etag }
            : { operationType: 'Create', resourceBody: doc as unknown as JSONObject };
        }),
      ];
      const response = await this.container.items.batch(operations, c.orgId);
      const results = response.result ?? [];
      if (results.length === operations.length && results.every((r) => r.statusCode < 400)) return deltas.map((d) => d.month);
      if (!results[0] || results[0].statusCode >= 400) {
        await pause(Math.random() * (5 + attempt * 10));
        continue;
      }
      // Applied entry written but a month write lost its race: add the remaining deltas one by one.
      for (let i = 1; i < operations.length; i += 1) {
        if (results[i] && results[i].statusCode < 400) continue;
        await this.addToMonth(c.orgId, deltas[i - 1].month, deltas[i - 1].delta);
      }
      return deltas.map((d) => d.month);
    }
    throw new ConflictError(`The report aggregates for case ${c.reference} kept changing while being updated; run the change again.`);
  }

  private async addToMonth(orgId: string, month: string, delta: IndicatorCounts): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS * 3; attempt += 1) {
      const current = await this.read<MonthDocument>(monthId(month), orgId);
      const doc: MonthDocument = { id: monthId(month), orgId, type: 'month', month, counts: addCounts(current?.counts ?? {}, delta) };
      try {
        if (current) await this.container.item(doc.id, orgId).replace(doc, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
        else await this.container.items.create(doc);
        return;
      } catch (err) {
        if (!isPreconditionFailed(err) && !isConflict(err)) throw err;
        await pause(Math.random() * (5 + attempt * 5));
      }
    }
    throw new ConflictError(`Month ${month} of the report aggregates kept changing; rebuild the aggregates with chp rebuild-aggregates.`);
  }

  private async idsOfType(orgId: string, type: 'month' | 'applied'): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: type }] }, { partitionKey: orgId })
      .fetchAll();
    return resources.map((r) => r.id);
  }

  /**
   * Rebuilds an organisation's aggregates from scratch, streaming cases page by page (`pages` in
   * reference order, so each applied bucket is complete when the next begins and is written then).
   * Only the monthly totals and one bucket of applied entries are held in memory. With
   * `rememberCases: false` only the month documents are written (a snapshot that later case changes
   * cannot update; used by the 1M-case bench to time the report path).
   */
  async rebuild(orgId: string, pages: AsyncIterable<readonly Case[]>, calendar: WorkingCalendar, options: { rememberCases?: boolean } = {}): Promise<RebuildResult> {
    const remember = options.rememberCases ?? true;
    const staleMonths = new Set(await this.idsOfType(orgId, 'month'));
    const staleApplied = new Set(await this.idsOfType(orgId, 'applied'));
    const monthly = new Map<string, IndicatorCounts>();
    let bucket: AppliedDocument | undefined;
    let cases = 0;
    let appliedDocuments = 0;
    const flushed = new Set<string>();
    const flush = async (): Promise<void> => {
      if (!bucket) return;
      // Pages out of reference order would meet a bucket twice: merge rather than overwrite.
      if (flushed.has(bucket.id)) bucket.cases = { ...(await this.read<AppliedDocument>(bucket.id, orgId))?.cases, ...bucket.cases };
      await this.container.items.upsert(bucket);
      flushed.add(bucket.id);
      staleApplied.delete(bucket.id);
      appliedDocuments += 1;
      bucket = undefined;
    };
    for await (const page of pages) {
      for (const c of page) {
        if (c.orgId !== orgId) continue;
        const byMonth = countsByMonth(reportContributions(c, calendar));
        for (const [month, counts] of Object.entries(byMonth)) {
          let total = monthly.get(month);
          if (!total) monthly.set(month, (total = {}));
          addInPlace(total, counts);
        }
        cases += 1;
        if (!remember) continue;
        const id = appliedId(c.reference);
        if (bucket && bucket.id !== id) await flush();
        bucket ??= { id, orgId, type: 'applied', cases: {} };
        bucket.cases[c.reference] = { version: c.events.length, months: byMonth };
      }
    }
    await flush();
    await this.writeMonths(orgId, monthly);
    for (const month of monthly.keys()) staleMonths.delete(monthId(month));
    for (const id of [...staleMonths, ...staleApplied]) await this.container.item(id, orgId).delete().catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
    return { cases, months: monthly.size, appliedDocuments };
  }

  private async writeMonths(orgId: string, monthly: Map<string, IndicatorCounts>): Promise<void> {
    for (const [month, counts] of [...monthly.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const doc: MonthDocument = { id: monthId(month), orgId, type: 'month', month, counts };
      await this.container.items.upsert(doc);
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

type CaseWrites = Pick<CaseRepository, 'create' | 'update' | 'remove'>;

/**
 * The update path: the case repository with the aggregates brought in line after every successful
 * create and update. A replayed action (case unchanged) re-applies too, which costs one read and
 * repairs aggregates left behind if an earlier attempt failed after the case was saved. Removing a
 * case (an import rolled back, retention disposal) takes it out of the figures too, so the
 * aggregates always equal a recount of the cases there are.
 */
export function withAggregates<R extends CaseWrites>(cases: R, aggregates: AggregateStore, calendarFor: (orgId: string) => Promise<WorkingCalendar>): R {
  return {
    ...cases,
    async create(c: Case) {
      const result = await cases.create(c);
      await aggregates.applyCase(result.case, await calendarFor(result.case.orgId));
      return result;
    },
    async update(orgId, reference, change) {
      const result = await cases.update(orgId, reference, change);
      if (result.ok) await aggregates.applyCase(result.value.case, await calendarFor(orgId));
      return result;
    },
    async remove(orgId: string, reference: string) {
      const removed = await cases.remove(orgId, reference);
      await aggregates.removeCase(orgId, reference);
      return removed;
    },
  } as R;
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
