/**
 * Importing a council's history from its previous system (core/legacy-import.ts reads the file):
 * which cases are already here, what the reports would show before and after, the writing itself,
 * and the column mappings saved per organisation for the next file.
 *
 * Idempotent on the legacy reference: a case whose legacy reference is already claimed in the
 * organisation is skipped (store/cases.ts writes the claim in the same batch as the case, so two
 * imports of one file at once still create it once). New cases get product references from the same
 * counters as cases logged here, numbered in the year they were received.
 */
import { WorkingCalendar } from '../core/calendar';
import type { RowError } from '../core/case-format';
import { addCounts, type IndicatorCounts } from '../core/indicators';
import { readLegacyExport, withReference, legacyMappingSchema, type LegacyMapping, type LegacyReadResult } from '../core/legacy-import';
import { ownerCheck } from '../core/ownership';
import { monthIndex, periodMonths, quarterOf } from '../core/reports/periods';
import type { Case } from '../core/types';
import { contributionOf } from './aggregates';
import { isNotFound } from './errors';
import { legacyKey } from './ids';
import { importCases, type ImportProgress } from './import';
import type { OrgRecord, Store } from './index';

export interface LegacyPlan {
  toCreate: Case[];
  /** Already imported: legacy reference → the product reference it has. */
  skipped: { legacyReference: string; reference: string }[];
}

/** Splits the file's cases into those to create and those already here (by legacy reference). */
export async function planLegacyImport(store: Store, orgId: string, cases: readonly Case[]): Promise<LegacyPlan> {
  const existing = new Map([...(await store.cases.legacyReferences(orgId))].map(([legacy, reference]) => [legacyKey(legacy), reference]));
  const plan: LegacyPlan = { toCreate: [], skipped: [] };
  for (const c of cases) {
    const reference = existing.get(legacyKey(c.legacyReference ?? ''));
    if (reference) plan.skipped.push({ legacyReference: c.legacyReference ?? '', reference });
    else plan.toCreate.push(c);
  }
  return plan;
}

/** KPI 4 (complaints received) and KPI 5 (stage closures) of one reporting quarter, before and after the import. */
export interface QuarterFigures {
  quarter: string;
  label: string;
  received: { before: number; after: number };
  closed: { before: number; after: number };
}

const RECEIVED = ['received.stage1', 'received.stage2Direct'];
const CLOSED = ['closed.stage1', 'closed.stage2Direct', 'closed.escalated'];
const sum = (counts: IndicatorCounts, counters: string[]): number => counters.reduce((n, counter) => n + (counts.all?.[counter] ?? 0), 0);

/**
 * What the reports of every quarter the new cases touch would show: the store's aggregates now, and
 * with the new cases' contributions (core/indicators, the same rules a case logged here counts by) added.
 */
export async function figuresBeforeAndAfter(store: Store, orgId: string, toCreate: readonly Case[], calendar: WorkingCalendar, reportingYearStartMonth: number): Promise<QuarterFigures[]> {
  const added = new Map<string, IndicatorCounts>();
  for (const c of toCreate) {
    for (const [month, counts] of Object.entries(contributionOf(c, calendar))) added.set(month, addCounts(added.get(month) ?? {}, counts));
  }
  const quarters = new Map([...added.keys()].map((month) => quarterOf(month, reportingYearStartMonth)).map((q) => [q.id, q]));
  const result: QuarterFigures[] = [];
  for (const period of [...quarters.values()].sort((a, b) => monthIndex(a.fromMonth) - monthIndex(b.fromMonth))) {
    const stored = await store.aggregates.monthlyCounts(orgId, period.fromMonth, period.toMonth);
    let before: IndicatorCounts = {};
    let after: IndicatorCounts = {};
    for (const month of periodMonths(period)) {
      before = addCounts(before, stored[month] ?? {});
      after = addCounts(after, addCounts(stored[month] ?? {}, added.get(month) ?? {}));
    }
    result.push({
      quarter: period.id,
      label: period.label,
      received: { before: sum(before, RECEIVED), after: sum(after, RECEIVED) },
      closed: { before: sum(before, CLOSED), after: sum(after, CLOSED) },
    });
  }
  return result;
}

/** The reference counters hand out at most this many numbers at once. */
const REFERENCE_BLOCK = 1000;

/**
 * Gives the new cases product references (a block per year of receipt from the reference counters)
 * and writes them all or nothing (store/import.ts). Returns the references given, by legacy reference.
 */
export async function importLegacyCases(store: Store, orgId: string, toCreate: readonly Case[], onProgress?: (p: ImportProgress) => void): Promise<{ created: string[]; existing: string[] }> {
  const byYear = new Map<number, Case[]>();
  for (const c of toCreate) {
    const year = Number(c.receivedOn.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), c]);
  }
  const referenced: Case[] = [];
  for (const [year, cases] of [...byYear].sort(([a], [b]) => a - b)) {
    for (let i = 0; i < cases.length; i += REFERENCE_BLOCK) {
      const chunk = cases.slice(i, i + REFERENCE_BLOCK);
      const references = await store.references.reserveBlock(orgId, year, chunk.length);
      chunk.forEach((c, j) => referenced.push(withReference(c, references[j])));
    }
  }
  return importCases(store, orgId, referenced, onProgress);
}

/** What a dry run says (the CLI prints it; the tab shows it): counts, every refusal, the figures before and after. */
export interface LegacyDryRun {
  rows: number;
  create: number;
  skipped: number;
  refused: RowError[];
  unknownValues: LegacyReadResult['unknownValues'];
  unassignedOwners: LegacyReadResult['unassignedOwners'];
  ignoredColumns: string[];
  periods: QuarterFigures[];
}

export interface PreparedLegacyImport {
  summary: LegacyDryRun;
  /** The cases to write: only when nothing is refused is the import allowed (see `importable`). */
  toCreate: Case[];
  /** No row refused and no value unknown: the import may write. */
  importable: boolean;
}

/**
 * The dry run, and the import's first half: the file read through the mapping against the
 * organisation's services, calendar and staff (who may own what), the cases already here, and the
 * figures of every quarter touched. The CLI (`chp import --mapping`) and the API (server/routes/
 * legacy-import.ts) both come here, so the rules are one.
 */
export async function prepareLegacyImport(store: Store, org: OrgRecord, text: string, mapping: LegacyMapping, importedBy: string): Promise<PreparedLegacyImport> {
  const { settings } = org;
  const orgId = settings.orgId;
  const calendar = new WorkingCalendar({ localHolidays: settings.localHolidays, workedHolidays: settings.workedHolidays });
  const staff = await store.staff.list(orgId);
  const read = readLegacyExport(text, mapping, {
    orgId,
    calendar,
    services: [...settings.services, ...(settings.retiredServices ?? [])],
    ownerProblem: ownerCheck(org.roleAssignments, staff, settings.name, org.roleDefinitions),
    importedBy,
  });
  const plan = await planLegacyImport(store, orgId, read.cases);
  const periods = await figuresBeforeAndAfter(store, orgId, plan.toCreate, calendar, settings.reportingYearStartMonth);
  const summary: LegacyDryRun = {
    rows: read.rows,
    create: plan.toCreate.length,
    skipped: plan.skipped.length,
    refused: read.refused,
    unknownValues: read.unknownValues,
    unassignedOwners: read.unassignedOwners,
    ignoredColumns: read.ignoredColumns,
    periods,
  };
  return { summary, toCreate: plan.toCreate, importable: read.refused.length === 0 };
}

/** True when the mapping itself fits the file and the organisation (no refusal of the header row): it may be saved. */
export const mappingFits = (summary: Pick<LegacyDryRun, 'refused'>): boolean => summary.refused.every((e) => e.row !== 1);

/** A column mapping saved for an organisation's next file (in the orgs container, beside the organisation record). */
interface MappingDocument {
  id: string;
  orgId: string;
  type: 'import-mapping';
  name: string;
  savedAt: string;
  mapping: LegacyMapping;
}

const mappingId = (name: string): string => `import-mapping:${name}`;
export const MAPPING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function saveMapping(store: Store, orgId: string, name: string, mapping: LegacyMapping, savedAt: string): Promise<void> {
  const doc: MappingDocument = { id: mappingId(name), orgId, type: 'import-mapping', name, savedAt, mapping };
  await store.containers.orgs.items.upsert(doc);
}

export async function loadMapping(store: Store, orgId: string, name: string): Promise<LegacyMapping | undefined> {
  try {
    const { resource } = await store.containers.orgs.item(mappingId(name), orgId).read<MappingDocument>();
    return resource?.type === 'import-mapping' ? legacyMappingSchema.parse(resource.mapping) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function mappingNames(store: Store, orgId: string): Promise<string[]> {
  const query = { query: "SELECT VALUE c.name FROM c WHERE c.orgId = @orgId AND c.type = 'import-mapping'", parameters: [{ name: '@orgId', value: orgId }] };
  const { resources } = await store.containers.orgs.items.query<string>(query, { partitionKey: orgId }).fetchAll();
  return resources.sort();
}
