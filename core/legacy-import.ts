/**
 * Reading a council's export from its previous complaints system through a column mapping, into the
 * case interchange format (core/case-format.ts), so the same rules check every row. Pure.
 *
 * The mapping says which of their columns is which of our fields, translates their words (outcomes,
 * stage names, channels, service names, owners) and how they wrote dates. Their reference becomes
 * the case's `legacyReference`; the product gives the case a reference of its own when it is written.
 *
 * What the mapping does not cover is reported, never guessed: every unknown value (grouped by their
 * column, with counts) and every refused row (row, column, reason). An owner who is not one of the
 * organisation's complaints staff does not refuse the file: the case is left unassigned and the name
 * listed, for the complaints manager to assign.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { WorkingCalendar } from './calendar';
import { ZONE } from './calendar';
import { buildCases, CASE_COLUMNS, type RawRow, type RowError } from './case-format';
import { ROW_KINDS } from './case-format-rows';
import { textProblem } from './text';
import { CHANNELS, OUTCOMES, type Case } from './types';

/** Fields a column may map to besides the interchange columns: the stage reached, and its outcome and closing date. */
export const VIRTUAL_FIELDS = ['stage', 'outcome', 'closed_on'] as const;
export const TARGETS = [...CASE_COLUMNS.filter((c) => c !== 'reference'), ...VIRTUAL_FIELDS] as const;
export type Target = (typeof TARGETS)[number];
/** The fields every mapping must give a column. */
export const REQUIRED_TARGETS = ['legacy_reference', 'date_received', 'nature', 'service'] as const;

const DATE_FIELDS = new Set<string>(['date_received', 'stage1_closed', 'stage2_initiated', 'stage2_acknowledged', 'stage2_closed', 'withdrawn_on', 'spso_referred', 'spso_decided', 'closed_on']);
const OUTCOME_FIELDS = new Set<string>(['outcome', 'stage1_outcome', 'stage2_outcome']);
/** Value maps by name: `outcome` serves every outcome column. */
export const VALUE_MAPS = ['outcome', 'stage', 'service', 'channel', 'kind', 'staff_member'] as const;
export type ValueMapName = (typeof VALUE_MAPS)[number];

const word = z.string().trim().min(1).max(200);
export const legacyMappingSchema = z.strictObject({
  /** Their system's name, for the case timeline ("Imported from iCasework"). */
  system: word.optional(),
  /** Their column name → our field (a CSV column of the interchange format, or stage / outcome / closed_on); null to ignore it. */
  columns: z.record(word, z.enum(TARGETS, { error: `must be one of ${TARGETS.join(', ')}, or null to ignore the column` }).nullable()),
  /** Their words → ours, per field: outcome, stage (1 or 2), service, channel, kind, staff_member (their name → a user id). */
  values: z
    .partialRecord(z.enum(VALUE_MAPS), z.record(word, z.union([word, z.literal(1), z.literal(2)])))
    .default({}),
  /** How their dates are written, e.g. dd/mm/yyyy (also yyyy-mm-dd, mm/dd/yyyy); a time (HH:MM) may follow the date. Default: ISO dates. */
  dateFormat: word.optional(),
});
export type LegacyMapping = z.infer<typeof legacyMappingSchema>;

export interface LegacyImportOptions {
  orgId: string;
  calendar: WorkingCalendar;
  /** Services a case may be recorded under: the organisation's current and retired ones. */
  services: readonly string[];
  /** Why this person may not own the case (core/ownership ownerCheck), or undefined if they may. */
  ownerProblem: (owner: string, c: Pick<Case, 'service'>) => string | undefined;
  importedBy?: string;
}

export interface LegacyReadResult {
  /** Cases of the good rows, reference still a placeholder (`LEGACY-ROW-<row>`): given one when written. */
  cases: Case[];
  rows: number;
  /** Every row that cannot be imported: row (spreadsheet, header = 1), their column, reason. */
  refused: RowError[];
  /** Their column → value → how many rows have it: words the mapping does not translate. */
  unknownValues: Record<string, Record<string, number>>;
  /** Their owner name → how many cases are left unassigned because of it (not mapped to complaints staff). */
  unassignedOwners: Record<string, number>;
  /** Their columns the mapping ignores or does not mention. */
  ignoredColumns: string[];
}

/** Reads a friendly dd/mm/yyyy as a luxon format (mm is the month there); luxon formats pass unchanged. */
export function luxonDateFormat(format: string): string {
  if (!/[mM]/.test(format) || /MM/.test(format)) return format.replace(/dd/g, 'd').replace(/MM/g, 'M');
  return format.replace(/yyyy/gi, 'yyyy').replace(/dd/gi, 'd').replace(/mm/gi, 'M');
}

/** A date in their format as YYYY-MM-DD (or YYYY-MM-DDTHH:mm for date_received with a time); undefined if not readable. */
function readDate(value: string, format: string | undefined, withTime: boolean): string | undefined {
  if (!format) return /^\d{4}-\d{2}-\d{2}/.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid ? value : undefined;
  const base = luxonDateFormat(format);
  for (const [pattern, timed] of [[base, false], [`${base} H:mm`, true], [`${base} H:mm:ss`, true]] as const) {
    const parsed = DateTime.fromFormat(value, pattern, { zone: ZONE });
    if (!parsed.isValid) continue;
    if (timed && withTime) return parsed.toFormat("yyyy-MM-dd'T'HH:mm");
    return parsed.toISODate() ?? undefined;
  }
  return undefined;
}

const lookup = (map: Record<string, string | number> | undefined, value: string): string | number | undefined => {
  if (!map) return undefined;
  if (value in map) return map[value];
  const lower = value.toLowerCase();
  const key = Object.keys(map).find((k) => k.trim().toLowerCase() === lower);
  return key === undefined ? undefined : map[key];
};

export const valueMapOf = (field: string): ValueMapName | undefined =>
  OUTCOME_FIELDS.has(field) ? 'outcome' : (VALUE_MAPS as readonly string[]).includes(field) ? (field as ValueMapName) : undefined;

/** Our own words for a field, accepted as they are when the mapping does not list them. */
function ownWords(field: ValueMapName, services: readonly string[]): readonly (string | number)[] {
  switch (field) {
    case 'outcome':
      return OUTCOMES;
    case 'stage':
      return [1, 2];
    case 'service':
      return services;
    case 'channel':
      return CHANNELS;
    case 'kind':
      return ROW_KINDS;
    case 'staff_member':
      return [];
  }
}

/** Problems of the mapping against the file's header and the organisation, before any row is read. */
function mappingProblems(mapping: LegacyMapping, header: string[], services: readonly string[]): RowError[] {
  const problems: RowError[] = [];
  const targets = Object.entries(mapping.columns).filter(([, t]) => t !== null) as [string, Target][];
  for (const [column] of targets) if (!header.includes(column)) problems.push({ row: 1, column, message: 'the mapping names this column but the file has no such column' });
  const byTarget = new Map<string, string[]>();
  for (const [column, target] of targets) byTarget.set(target, [...(byTarget.get(target) ?? []), column]);
  for (const [target, columns] of byTarget) if (columns.length > 1) problems.push({ row: 1, message: `columns ${columns.map((c) => `"${c}"`).join(', ')} all map to ${target}; map one` });
  for (const required of REQUIRED_TARGETS) {
    if (!byTarget.has(required)) problems.push({ row: 1, message: `the mapping must name the column holding ${required}` });
  }
  if ((byTarget.has('outcome') || byTarget.has('closed_on')) && !byTarget.has('stage')) problems.push({ row: 1, message: 'outcome and closed_on need a stage column, to say which stage they close' });
  for (const [their, ours] of Object.entries(mapping.values.service ?? {})) {
    if (!services.includes(String(ours))) problems.push({ row: 1, message: `values.service maps "${their}" to "${ours}", which is not one of the organisation's services (${services.join(', ')})` });
  }
  for (const [their, ours] of Object.entries(mapping.values.outcome ?? {})) {
    if (!(OUTCOMES as readonly string[]).includes(String(ours))) problems.push({ row: 1, message: `values.outcome maps "${their}" to "${ours}"; an outcome is one of ${OUTCOMES.join(', ')}` });
  }
  for (const [their, ours] of Object.entries(mapping.values.stage ?? {})) {
    if (ours !== 1 && ours !== 2 && ours !== '1' && ours !== '2') problems.push({ row: 1, message: `values.stage maps "${their}" to "${ours}"; a stage is 1 or 2` });
  }
  for (const [their, ours] of Object.entries(mapping.values.channel ?? {})) {
    if (!(CHANNELS as readonly string[]).includes(String(ours))) problems.push({ row: 1, message: `values.channel maps "${their}" to "${ours}"; a channel is one of ${CHANNELS.join(', ')}` });
  }
  for (const [their, ours] of Object.entries(mapping.values.kind ?? {})) {
    if (!(ROW_KINDS as readonly string[]).includes(String(ours))) problems.push({ row: 1, message: `values.kind maps "${their}" to "${ours}"; a kind is one of ${ROW_KINDS.join(', ')}` });
  }
  return problems;
}

/** A first look at their export, before any mapping: for the administrator to map columns and values. */
export interface LegacyPreview {
  columns: string[];
  /** The first data rows; a cell the text rule refuses is shown blank (and counted in `refusedCells`). */
  rows: string[][];
  /** Data rows in the file (blank lines not counted). */
  rowCount: number;
  /** Per column: its different values, most frequent first (at most `maxValues`), and how many there are in all. */
  values: Record<string, { distinct: number; top: { value: string; count: number }[] }>;
  refusedCells: number;
}

/** Parsed rows, or why the file cannot be read as CSV (row and reason) — for the preview and the import alike. */
function parseExport(csv: string): { records: string[][] } | { problem: RowError } {
  let records: string[][];
  try {
    records = parseCsv(csv, { bom: true, relax_column_count: true });
  } catch (error) {
    return { problem: { row: (error as { lines?: number }).lines ?? 1, message: `not readable as CSV: ${(error as Error).message}` } };
  }
  if (records.length === 0) return { problem: { row: 1, message: 'the file is empty: expected a header row of column names' } };
  const badName = records[0].map((name, i) => ({ i, problem: textProblem(name.trim(), { singleLine: true }) })).find((c) => c.problem !== null);
  if (badName) return { problem: { row: 1, column: `column ${badName.i + 1}`, message: `the column name ${badName.problem}` } };
  return { records };
}

/** Their header, first rows and each column's values — the same CSV reading and text rule as the import. */
export function previewLegacyExport(csv: string, sampleRows = 10, maxValues = 100): { ok: true; preview: LegacyPreview } | { ok: false; problem: RowError } {
  const parsed = parseExport(csv);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem };
  const columns = parsed.records[0].map((name) => name.trim());
  const counts = columns.map(() => new Map<string, number>());
  const rows: string[][] = [];
  let rowCount = 0;
  let refusedCells = 0;
  for (const record of parsed.records.slice(1)) {
    if (record.every((cell) => cell.trim() === '')) continue;
    rowCount += 1;
    const cells = columns.map((_, i) => {
      const value = (record[i] ?? '').trim();
      if (value === '' || textProblem(value) === null) return value;
      refusedCells += 1;
      return '';
    });
    if (rows.length < sampleRows) rows.push(cells);
    cells.forEach((value, i) => value !== '' && counts[i].set(value, (counts[i].get(value) ?? 0) + 1));
  }
  const values = Object.fromEntries(
    columns.map((column, i) => [
      column,
      { distinct: counts[i].size, top: [...counts[i]].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxValues).map(([value, count]) => ({ value, count })) },
    ]),
  );
  return { ok: true, preview: { columns, rows, rowCount, values, refusedCells } };
}

/** Our own words for each value map (the organisation's services for `service`), for a page to offer. */
export function ourWords(services: readonly string[]): Record<Exclude<ValueMapName, 'staff_member'>, readonly (string | number)[]> {
  return { outcome: ownWords('outcome', services), stage: ownWords('stage', services), service: ownWords('service', services), channel: ownWords('channel', services), kind: ownWords('kind', services) };
}

/** Reads their CSV export through the mapping. Nothing is refused silently: see LegacyReadResult. */
export function readLegacyExport(csv: string, mapping: LegacyMapping, options: LegacyImportOptions): LegacyReadResult {
  const empty = { cases: [], rows: 0, unknownValues: {}, unassignedOwners: {}, ignoredColumns: [] };
  const parsed = parseExport(csv);
  if ('problem' in parsed) return { ...empty, refused: [parsed.problem] };
  const { records } = parsed;
  const header = records[0].map((name) => name.trim());
  const problems = mappingProblems(mapping, header, options.services);
  const ignoredColumns = header.filter((h) => !mapping.columns[h]);
  if (problems.length) return { ...empty, ignoredColumns, refused: problems };

  const theirColumn = new Map<string, string>(Object.entries(mapping.columns).filter((e): e is [string, Target] => e[1] !== null).map(([their, ours]) => [ours, their]));
  const refused: RowError[] = [];
  const unknownValues: Record<string, Record<string, number>> = {};
  const unassignedOwners: Record<string, number> = {};
  const rows: RawRow[] = [];
  /** Where a row's our-field problem came from, in their words: row → our column → their column. */
  const sourceOf = new Map<number, Map<string, string>>();
  const seenLegacy = new Map<string, number>();
  let dataRows = 0;

  records.slice(1).forEach((record, index) => {
    const row = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    dataRows += 1;
    if (record.length !== header.length) {
      refused.push({ row, message: `has ${record.length} fields but the header has ${header.length} columns` });
      return;
    }
    const mapped: Record<string, string> = {};
    const from = new Map<string, string>();
    let stage: number | undefined;
    let rowRefused = false;
    header.forEach((column, i) => {
      const target = mapping.columns[column];
      const value = record[i].trim();
      if (!target || value === '') return;
      // The text rule first, so no list or message ever echoes a refused character.
      const problem = textProblem(value);
      if (problem) {
        refused.push({ row, column, message: problem });
        rowRefused = true;
        return;
      }
      const mapName = valueMapOf(target);
      let ours: string | number | undefined = value;
      if (mapName && mapName !== 'staff_member') {
        ours = lookup(mapping.values[mapName], value) ?? ownWords(mapName, options.services).find((w) => String(w).toLowerCase() === value.toLowerCase());
        if (ours === undefined) {
          (unknownValues[column] ??= {})[value] = (unknownValues[column][value] ?? 0) + 1;
          refused.push({ row, column, message: `"${value}" is not in the mapping's values.${mapName}` });
          rowRefused = true;
          return;
        }
      } else if (mapName === 'staff_member') {
        ours = lookup(mapping.values.staff_member, value) ?? value;
      } else if (DATE_FIELDS.has(target)) {
        ours = readDate(value, mapping.dateFormat, target === 'date_received');
        if (ours === undefined) {
          refused.push({ row, column, message: `"${value}" is not a date written ${mapping.dateFormat ?? 'YYYY-MM-DD'}` });
          rowRefused = true;
          return;
        }
      }
      if (target === 'stage') stage = Number(ours);
      else {
        mapped[target] = String(ours);
        from.set(target, column);
      }
    });
    if (rowRefused) return;
    // Their single outcome and closing date belong to the stage the case reached.
    for (const field of ['outcome', 'closed_on'] as const) {
      if (mapped[field] === undefined) continue;
      const ours = `stage${stage ?? 1}_${field === 'outcome' ? 'outcome' : 'closed'}`;
      if (mapped[ours] === undefined) {
        mapped[ours] = mapped[field];
        from.set(ours, from.get(field) ?? field);
      }
      delete mapped[field];
    }
    // A problem with the reached stage's outcome or closing date is told by their Outcome / Date Closed columns.
    for (const [virtual, ours] of [['outcome', `stage${stage ?? 1}_outcome`], ['closed_on', `stage${stage ?? 1}_closed`]]) {
      const theirs = theirColumn.get(virtual);
      if (theirs && !from.has(ours)) from.set(ours, theirs);
    }
    // At stage 2 with nothing else about stage 2: say so, or the row would read as a stage 1 case.
    if (stage === 2 && !Object.keys(mapped).some((k) => k.startsWith('stage2_'))) mapped.stage2_route = mapped.stage1_closed ? 'escalated' : 'direct';
    const legacy = mapped.legacy_reference;
    if (!legacy) {
      refused.push({ row, column: theirColumn.get('legacy_reference'), message: 'the reference from the previous system is blank; every case must keep its reference' });
      return;
    }
    const first = seenLegacy.get(legacy.toUpperCase());
    if (first !== undefined) {
      refused.push({ row, column: theirColumn.get('legacy_reference'), message: `"${legacy}" is also the reference in row ${first}; each row must be a different case` });
      return;
    }
    seenLegacy.set(legacy.toUpperCase(), row);
    const owner = mapped.staff_member;
    if (owner && mapped.service && options.ownerProblem(owner, { service: mapped.service })) {
      const theirs = record[header.indexOf(theirColumn.get('staff_member') ?? '')]?.trim() ?? owner;
      unassignedOwners[theirs] = (unassignedOwners[theirs] ?? 0) + 1;
      delete mapped.staff_member;
    }
    sourceOf.set(row, from);
    rows.push({ row, values: { ...mapped, reference: `LEGACY-ROW-${row}` } });
  });

  const system = mapping.system ? ` from ${mapping.system}` : '';
  const cases: Case[] = [];
  // Row by row, so the good rows are counted (and shown in the dry run's figures) beside the refused ones.
  for (const raw of rows) {
    const built = buildCases([raw], [], { orgId: options.orgId, calendar: options.calendar, importedBy: options.importedBy });
    if (built.ok) {
      const c = built.cases[0];
      const summary = `Imported${system} (their reference ${c.legacyReference})`;
      cases.push({ ...c, events: c.events.map((e) => (e.type === 'logged' ? { ...e, summary } : e)) });
      continue;
    }
    for (const e of built.errors) {
      const ours = e.column;
      const theirs = ours === undefined ? undefined : (sourceOf.get(e.row)?.get(ours) ?? theirColumn.get(ours));
      refused.push({ row: e.row, column: ours === undefined ? undefined : theirs ? `${theirs} (${ours})` : ours, message: e.message });
    }
  }
  return { cases, rows: dataRows, refused: refused.sort((a, b) => a.row - b.row), unknownValues, unassignedOwners, ignoredColumns };
}

/** The case with the reference the product gave it (its `logged` event id follows). */
export function withReference(c: Case, reference: string): Case {
  return { ...c, reference, events: c.events.map((e) => (e.id === `import:${c.reference}` ? { ...e, id: `import:${reference}` } : e)) };
}
