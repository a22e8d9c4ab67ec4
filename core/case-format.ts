/**
 * The case interchange format: CSV (one row per case, columns named after the SPSO minimum
 * dataset) and JSON (an array of the same rows, or of Case objects), to import history and export
 * it. Pure: it parses and writes strings, never files.
 *
 * Reading is all-or-nothing: every bad row is reported (row number, column, reason) and no case is
 * returned unless every row is good. Stage clocks are computed by core/clocks from the calendar
 * given, so imported history produces correct indicators.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from './calendar';
import { ZONE } from './calendar';
import { acknowledgeBy, extendClock, startClock } from './clocks';
import { CASE_COLUMNS, caseRowSchema, type CaseColumn, type CaseRow } from './case-format-rows';
import { caseSchema } from './case-format-case-schema';
import { checkTextTree, textProblem } from './text';
import type { Case, CaseStatus, IsoDate, IsoDateTime, Stage2Record, StageRecord } from './types';

export { CASE_COLUMNS, type CaseColumn, type CaseRow } from './case-format-rows';

export interface CaseImportOptions {
  /** The organisation the cases belong to (overrides any orgId in JSON Case objects). */
  orgId: string;
  calendar: WorkingCalendar;
  /** Who imported (recorded as `loggedBy` and on the `logged` event); default `import`. */
  importedBy?: string;
  /** When (recorded on the `logged` event); default the case's receipt. */
  importedAt?: IsoDateTime;
  /**
   * Why the case's owner (`staff_member`) may not own it, or undefined when they may: the
   * organisation's rule (core/ownership ownerProblem) over its staff. Absent: owners are not checked.
   */
  ownerProblem?: (owner: string, c: Case) => string | undefined;
}

/** One problem in one row. `row` is the spreadsheet row for CSV (header = row 1) and the 1-based item for JSON. */
export interface RowError {
  row: number;
  column?: string;
  message: string;
}

export type CaseImportResult = { ok: true; cases: Case[] } | { ok: false; errors: RowError[] };

/** `row 3, stage1_closed: must be on or after date_received` — one line per error. */
export function formatRowErrors(errors: RowError[], rowWord = 'row'): string {
  return errors.map((e) => `${rowWord} ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`).join('\n');
}

/** London midnight (a bare date) or the instant given, as UTC `…Z`. */
function receivedInstant(value: string): IsoDateTime {
  return DateTime.fromISO(value, { zone: ZONE }).toUTC().toISO({ suppressMilliseconds: true }) as IsoDateTime;
}

function stage(calendar: WorkingCalendar, start: IsoDate, n: 1 | 2, extension: number | undefined): StageRecord {
  const clock = startClock(calendar, start, n);
  return { clock: extension ? extendClock(calendar, clock, extension) : clock, extensions: [] };
}

function statusOf(row: CaseRow, hasStage2: boolean): CaseStatus {
  if (row.kind === 'compliment' || row.kind === 'comment') return 'recorded';
  if (row.kind === 'not-a-complaint') return 'not-a-complaint';
  if (row.withdrawn_on) return 'withdrawn';
  if (hasStage2) return row.stage2_closed ? 'stage2-closed' : 'stage2';
  return row.stage1_closed ? 'stage1-closed' : 'stage1';
}

const hasStage2Fields = (row: CaseRow): boolean =>
  Boolean(row.stage2_initiated || row.stage2_route || row.stage2_action || row.stage2_outcome || row.stage2_closed || row.stage2_acknowledged || row.stage2_extension_days);

/** A validated row as a Case, clocks computed from the calendar. */
export function rowToCase(row: CaseRow, options: CaseImportOptions): Case {
  const { calendar } = options;
  const receivedAt = receivedInstant(row.date_received);
  const receivedOn = DateTime.fromISO(receivedAt).setZone(ZONE).toISODate() as IsoDate;
  const kind = row.kind === 'not-a-complaint' ? 'complaint' : (row.kind ?? 'complaint');
  const clocked = row.kind === undefined || row.kind === 'complaint';
  const stage2Present = clocked && hasStage2Fields(row);
  const route = row.stage2_route ?? (row.stage1_closed ? 'escalated' : 'direct');
  const by = options.importedBy ?? 'import';
  const c: Case = {
    reference: row.reference,
    orgId: options.orgId,
    kind,
    status: statusOf(row, stage2Present),
    channel: row.channel ?? 'other',
    receivedAt,
    receivedOn,
    customer: {
      withheldDetails: row.customer_withheld_details ?? false,
      anonymous: row.anonymous ?? false,
      ...(row.customer_name && { name: row.customer_name }),
      ...(row.customer_email && { email: row.customer_email }),
      ...(row.customer_phone && { phone: row.customer_phone }),
      ...(row.customer_address && { address: row.customer_address }),
    },
    nature: row.nature,
    service: row.service,
    socialWork: row.social_work ?? false,
    loggedBy: by,
    events: [{ id: `import:${row.reference}`, at: options.importedAt ?? receivedAt, by, type: 'logged', summary: 'Imported from a case file' }],
  };
  if (row.representative_name) {
    c.representative = { name: row.representative_name, consentRecorded: row.representative_consent ?? false };
    if (row.representative_relationship) c.representative.relationship = row.representative_relationship;
  }
  if (row.contractor) c.contractor = { name: row.contractor, kind: row.contractor_kind ?? 'contractor' };
  if (row.staff_member) c.owner = row.staff_member;
  if (row.legacy_reference) c.legacyReference = row.legacy_reference;
  if (clocked && !(stage2Present && route === 'direct')) {
    c.stage1 = stage(calendar, receivedOn, 1, row.stage1_extension_days);
    if (row.stage1_action) c.stage1.actionTaken = row.stage1_action;
    if (row.stage1_outcome) c.stage1.outcome = row.stage1_outcome;
    if (row.stage1_closed) c.stage1.closedOn = row.stage1_closed;
  }
  if (stage2Present) {
    const initiatedOn = row.stage2_initiated ?? receivedOn;
    const stage2: Stage2Record = {
      ...stage(calendar, initiatedOn, 2, row.stage2_extension_days),
      initiatedOn,
      route,
      acknowledgeBy: acknowledgeBy(calendar, initiatedOn),
    };
    if (row.stage2_acknowledged) stage2.acknowledgedOn = row.stage2_acknowledged;
    if (row.stage2_action) stage2.actionTaken = row.stage2_action;
    if (row.stage2_outcome) stage2.outcome = row.stage2_outcome;
    if (row.stage2_closed) stage2.closedOn = row.stage2_closed;
    c.stage2 = stage2;
  }
  if (row.kind === 'not-a-complaint') c.notAComplaintReason = row.not_a_complaint_reason;
  if (row.withdrawn_on) c.withdrawnOn = row.withdrawn_on;
  if (row.root_cause) c.rootCause = { category: row.root_cause, ...(row.root_cause_detail && { text: row.root_cause_detail }) };
  if (row.remedial_action) c.remedialAction = row.remedial_action;
  if (row.spso_referred) {
    c.spso = { referredOn: row.spso_referred, recommendations: [] };
    if (row.spso_outcome) c.spso.decision = row.spso_outcome;
    if (row.spso_decided) c.spso.decidedOn = row.spso_decided;
  }
  return c;
}

const text = (value: string | undefined): string => value ?? '';
const yesNo = (value: boolean | undefined): string => (value ? 'yes' : 'no');
const days = (record: StageRecord | undefined): string => (record?.clock.extensionDays ? String(record.clock.extensionDays) : '');

/** A case as a row of strings, one per column (blank when absent). */
export function caseToRow(c: Case): Record<CaseColumn, string> {
  // A case found not to be a complaint (or a compliment/comment) is outside the procedure: any
  // stage it had before is not part of its record in the file.
  const inProcedure = c.kind === 'complaint' && c.status !== 'not-a-complaint';
  const s1 = inProcedure ? c.stage1 : undefined;
  const s2 = inProcedure ? c.stage2 : undefined;
  return {
    reference: c.reference,
    kind: c.status === 'not-a-complaint' ? 'not-a-complaint' : c.kind,
    channel: c.channel,
    date_received: c.receivedAt,
    customer_name: text(c.customer.name),
    customer_email: text(c.customer.email),
    customer_phone: text(c.customer.phone),
    customer_address: text(c.customer.address),
    customer_withheld_details: yesNo(c.customer.withheldDetails),
    anonymous: yesNo(c.customer.anonymous),
    representative_name: text(c.representative?.name),
    representative_relationship: text(c.representative?.relationship),
    representative_consent: c.representative ? yesNo(c.representative.consentRecorded) : '',
    nature: c.nature,
    service: c.service,
    staff_member: text(c.owner),
    social_work: yesNo(c.socialWork),
    contractor: text(c.contractor?.name),
    contractor_kind: text(c.contractor?.kind),
    stage1_action: text(s1?.actionTaken),
    stage1_outcome: text(s1?.outcome),
    stage1_extension_days: days(s1),
    stage1_closed: text(s1?.closedOn),
    stage2_initiated: text(s2?.initiatedOn),
    stage2_route: text(s2?.route),
    stage2_acknowledged: text(s2?.acknowledgedOn),
    stage2_action: text(s2?.actionTaken),
    stage2_outcome: text(s2?.outcome ?? (s2?.signOff?.decision === 'approved' ? s2.signOff.proposedOutcome : undefined)),
    stage2_extension_days: days(s2),
    stage2_closed: text(s2?.closedOn),
    withdrawn_on: text(c.withdrawnOn),
    not_a_complaint_reason: c.status === 'not-a-complaint' ? text(c.notAComplaintReason) : '',
    root_cause: text(c.rootCause?.category),
    root_cause_detail: text(c.rootCause?.text),
    remedial_action: text(c.remedialAction),
    spso_referred: text(c.spso?.referredOn),
    spso_outcome: text(c.spso?.decision),
    spso_decided: text(c.spso?.decidedOn),
    legacy_reference: text(c.legacyReference),
  };
}

/** Cases as CSV: a header of CASE_COLUMNS, then one row per case. Reads back with parseCasesCsv. */
export function casesToCsv(cases: readonly Case[]): string {
  return stringify(cases.map(caseToRow), { header: true, columns: [...CASE_COLUMNS] });
}

export interface RawRow {
  row: number;
  values: Record<string, unknown>;
}

/** Validates raw rows (and any Case objects) and builds the cases, or returns every error found. */
export function buildCases(rows: RawRow[], objects: { row: number; value: unknown }[], options: CaseImportOptions): CaseImportResult {
  const errors: RowError[] = [];
  const built: { row: number; case: Case }[] = [];
  for (const { row, values } of rows) {
    // The text rule first, over names and values alike, so no message ever echoes a refused character.
    const checked = checkTextTree(values);
    if (checked.problems.length) {
      for (const problem of checked.problems) errors.push({ row, column: problem.path.map(String).join('.') || undefined, message: problem.message });
      continue;
    }
    const unknown = Object.keys(values).filter((key) => !(CASE_COLUMNS as readonly string[]).includes(key));
    if (unknown.length) errors.push({ row, message: `unknown field(s) ${unknown.join(', ')}; the columns are listed in the README` });
    const parsed = caseRowSchema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, column: issue.path.map(String).join('.') || undefined, message: issue.message });
      continue;
    }
    built.push({ row, case: rowToCase(parsed.data, options) });
  }
  for (const { row, value } of objects) {
    // Every string of a Case object, extra fields included, keeps the text rule.
    const checked = checkTextTree(value);
    if (checked.problems.length) {
      for (const problem of checked.problems) errors.push({ row, column: problem.path.map(String).join('.') || undefined, message: problem.message });
      continue;
    }
    const parsed = caseSchema.safeParse(checked.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, column: issue.path.map(String).join('.') || undefined, message: issue.message });
      continue;
    }
    // The same rules as a row (dates in order, stages consistent) apply to a Case object.
    const asRow = caseRowSchema.safeParse(caseToRow(parsed.data as Case));
    if (!asRow.success) {
      for (const issue of asRow.error.issues) errors.push({ row, column: issue.path.map(String).join('.') || undefined, message: issue.message });
      continue;
    }
    built.push({ row, case: { ...(parsed.data as Case), orgId: options.orgId } });
  }
  const objectRows = new Set(objects.map((o) => o.row));
  for (const { row, case: c } of built) {
    const problem = c.owner === undefined ? undefined : options.ownerProblem?.(c.owner, c);
    if (problem) errors.push({ row, column: objectRows.has(row) ? 'owner' : 'staff_member', message: problem });
  }
  const seen = new Map<string, number>();
  for (const { row, case: c } of built.sort((a, b) => a.row - b.row)) {
    const first = seen.get(c.reference);
    if (first !== undefined) errors.push({ row, column: 'reference', message: `"${c.reference}" is also used in row ${first}; references must be unique` });
    else seen.set(c.reference, row);
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, cases: built.map((b) => b.case) };
}

const headerName = (name: string): string => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Reads cases from CSV text. Row numbers in errors are spreadsheet rows: the header is row 1. */
export function parseCasesCsv(csv: string, options: CaseImportOptions): CaseImportResult {
  let records: string[][];
  try {
    records = parseCsv(csv, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, errors: [{ row: line ?? 1, message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { ok: false, errors: [{ row: 1, message: 'the file is empty: expected a header row of column names' }] };
  const errors: RowError[] = [];
  const badNames = records[0]
    .map((name, i) => ({ column: `column ${i + 1}`, problem: textProblem(name, { singleLine: true }) }))
    .filter((c): c is { column: string; problem: string } => c.problem !== null);
  if (badNames.length) return { ok: false, errors: badNames.map((c) => ({ row: 1, column: c.column, message: `the column name ${c.problem}` })) };
  const header = records[0].map(headerName);
  const duplicates = header.filter((name, i) => name && header.indexOf(name) !== i);
  if (duplicates.length) errors.push({ row: 1, message: `column(s) ${[...new Set(duplicates)].join(', ')} appear more than once` });
  const rows: RawRow[] = [];
  records.slice(1).forEach((record, index) => {
    const row = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    if (record.length !== header.length) {
      errors.push({ row, message: `has ${record.length} fields but the header has ${header.length} columns` });
      return;
    }
    rows.push({ row, values: Object.fromEntries(header.map((name, i) => [name, record[i]])) });
  });
  const unknown = header.filter((name) => !(CASE_COLUMNS as readonly string[]).includes(name));
  if (unknown.length) {
    errors.push({ row: 1, message: `unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are listed in the README` });
    return { ok: false, errors };
  }
  const result = buildCases(rows, [], options);
  if (!result.ok) return { ok: false, errors: [...errors, ...result.errors].sort((a, b) => a.row - b.row) };
  return errors.length ? { ok: false, errors } : result;
}

/**
 * Reads cases from JSON text: an array whose items are rows (objects keyed by the CSV column
 * names; values strings, numbers, booleans or null) or Case objects (recognised by `receivedAt`).
 * Row numbers in errors are 1-based array positions.
 */
export function parseCasesJson(json: string, options: CaseImportOptions): CaseImportResult {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, errors: [{ row: 0, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data)) return { ok: false, errors: [{ row: 0, message: 'expected a JSON array of case rows or Case objects' }] };
  const rows: RawRow[] = [];
  const objects: { row: number; value: unknown }[] = [];
  const errors: RowError[] = [];
  data.forEach((item: unknown, index) => {
    const row = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) errors.push({ row, message: 'each item must be an object' });
    else if ('receivedAt' in item) objects.push({ row, value: item });
    else rows.push({ row, values: item as Record<string, unknown> });
  });
  const result = buildCases(rows, objects, options);
  if (!result.ok || errors.length) return { ok: false, errors: [...errors, ...(result.ok ? [] : result.errors)].sort((a, b) => a.row - b.row) };
  return result;
}
