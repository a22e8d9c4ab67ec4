/**
 * The columns of the case interchange format and the rules a row must meet (zod). Every column is
 * optional in the file except where a rule below says otherwise; blank cells mean "not recorded".
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseIsoDate, ZONE } from './calendar';
import { STAGE1_MAX_EXTENSION_DAYS } from './clocks';
import { safeLine, safeString } from './text-schema';
import { CHANNELS, OUTCOMES, SPSO_DECISIONS } from './types';

/** Column order of an exported file; the SPSO minimum dataset first, then what the product adds. */
export const CASE_COLUMNS = [
  'reference',
  'kind',
  'channel',
  'date_received',
  'customer_name',
  'customer_email',
  'customer_phone',
  'customer_address',
  'customer_withheld_details',
  'anonymous',
  'representative_name',
  'representative_relationship',
  'representative_consent',
  'nature',
  'service',
  'staff_member',
  'social_work',
  'contractor',
  'contractor_kind',
  'stage1_action',
  'stage1_outcome',
  'stage1_extension_days',
  'stage1_closed',
  'stage2_initiated',
  'stage2_route',
  'stage2_acknowledged',
  'stage2_action',
  'stage2_outcome',
  'stage2_extension_days',
  'stage2_closed',
  'withdrawn_on',
  'not_a_complaint_reason',
  'root_cause',
  'root_cause_detail',
  'remedial_action',
  'spso_referred',
  'spso_outcome',
  'spso_decided',
  'legacy_reference',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

export const ROW_KINDS = ['complaint', 'compliment', 'comment', 'not-a-complaint'] as const;

/** Cells arrive as strings (CSV) or JSON scalars: trim, and read blank or null as "absent". */
const cell = (value: unknown): unknown => {
  if (value === null || value === undefined) return undefined;
  const textValue = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  return textValue === '' ? undefined : textValue;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(cell, schema.optional());
// Every text cell keeps the text rule of core/text.ts (refused with row and column, stored NFC);
// names, references, services and codes are single lines.
const requiredLine = (what: string) =>
  safeLine({ error: (issue) => (issue.input === undefined ? `${what} is required` : 'must be text') });
const requiredText = (what: string) =>
  safeString({}, { error: (issue) => (issue.input === undefined ? `${what} is required` : 'must be text') });

const text = safeString({}, { error: 'must be text' });
const line = safeLine({ error: 'must be text' });
const isoDate = text.refine((v) => {
  try {
    parseIsoDate(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a date written YYYY-MM-DD');
const isDateOrDateTime = [
  (v: string) => /^\d{4}-\d{2}-\d{2}($|T)/.test(v) && DateTime.fromISO(v, { zone: ZONE }).isValid,
  'must be a date (YYYY-MM-DD) or an ISO date-time (YYYY-MM-DDTHH:MM, London time unless an offset is given)',
] as const;
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const yesNo = text.transform((v, ctx) => {
  const lower = v.toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(lower)) return true;
  if (['no', 'n', 'false', '0'].includes(lower)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be yes or no' });
  return z.NEVER;
});
const wholeDays = (max: number) =>
  text
    .regex(/^\d+$/, 'must be a whole number of working days')
    .transform(Number)
    .refine((n) => n <= max, `must be at most ${max} working days`);

const rowShape = z.object({
  reference: z.preprocess(cell, requiredLine('reference')),
  kind: optional(oneOf(ROW_KINDS)),
  channel: optional(oneOf(CHANNELS)),
  date_received: z.preprocess(cell, requiredLine('date_received').refine(...isDateOrDateTime)),
  customer_name: optional(line),
  customer_email: optional(line),
  customer_phone: optional(line),
  customer_address: optional(text),
  customer_withheld_details: optional(yesNo),
  anonymous: optional(yesNo),
  representative_name: optional(line),
  representative_relationship: optional(line),
  representative_consent: optional(yesNo),
  nature: z.preprocess(cell, requiredText('nature')),
  service: z.preprocess(cell, requiredLine('service')),
  staff_member: optional(line),
  social_work: optional(yesNo),
  contractor: optional(line),
  contractor_kind: optional(oneOf(['contractor', 'aleo'] as const)),
  stage1_action: optional(text),
  stage1_outcome: optional(oneOf(OUTCOMES)),
  stage1_extension_days: optional(wholeDays(STAGE1_MAX_EXTENSION_DAYS)),
  stage1_closed: optional(isoDate),
  stage2_initiated: optional(isoDate),
  stage2_route: optional(oneOf(['escalated', 'direct'] as const)),
  stage2_acknowledged: optional(isoDate),
  stage2_action: optional(text),
  stage2_outcome: optional(oneOf(OUTCOMES)),
  stage2_extension_days: optional(wholeDays(200)),
  stage2_closed: optional(isoDate),
  withdrawn_on: optional(isoDate),
  not_a_complaint_reason: optional(text),
  root_cause: optional(line),
  root_cause_detail: optional(text),
  remedial_action: optional(text),
  spso_referred: optional(isoDate),
  spso_outcome: optional(oneOf(SPSO_DECISIONS)),
  spso_decided: optional(isoDate),
  legacy_reference: optional(line),
});
export type CaseRow = z.infer<typeof rowShape>;

const STAGE1_FIELDS = ['stage1_action', 'stage1_outcome', 'stage1_extension_days', 'stage1_closed'] as const;
const STAGE2_FIELDS = ['stage2_initiated', 'stage2_route', 'stage2_acknowledged', 'stage2_action', 'stage2_outcome', 'stage2_extension_days', 'stage2_closed'] as const;

/** The rules between columns: stages consistent, dates in order. Every broken rule is reported. */
function checkRow(row: CaseRow, ctx: z.RefinementCtx): void {
  const fail = (column: string, message: string): void => ctx.addIssue({ code: 'custom', path: [column], message });
  const received = DateTime.fromISO(row.date_received, { zone: ZONE }).toISODate() as string;
  const notBefore = (column: keyof CaseRow, earlier: string | undefined, earlierName: string): void => {
    const value = row[column] as string | undefined;
    if (value && earlier && value < earlier) fail(column, `${value} is before ${earlierName} (${earlier})`);
  };
  const stage1Given = STAGE1_FIELDS.filter((f) => row[f] !== undefined);
  const stage2Given = STAGE2_FIELDS.filter((f) => row[f] !== undefined);
  const kind = row.kind ?? 'complaint';

  if (kind !== 'complaint') {
    for (const f of [...stage1Given, ...stage2Given, ...(row.withdrawn_on ? ['withdrawn_on' as const] : [])]) {
      fail(f, `a ${kind} has no complaint stages; leave ${f} blank`);
    }
  }
  if (kind === 'not-a-complaint' && !row.not_a_complaint_reason) fail('not_a_complaint_reason', 'say why it is not a complaint (e.g. a first request for service)');
  if (kind !== 'not-a-complaint' && row.not_a_complaint_reason) fail('kind', 'not_a_complaint_reason is given: set kind to not-a-complaint');
  if (row.anonymous) {
    for (const f of ['customer_name', 'customer_email', 'customer_phone', 'customer_address'] as const) {
      if (row[f]) fail(f, 'an anonymous complaint has no customer name or contact details; leave it blank or set anonymous to no');
    }
  }
  if (row.contractor_kind && !row.contractor) fail('contractor', 'contractor_kind is given: name the contractor or ALEO');
  if (!row.representative_name && (row.representative_relationship || row.representative_consent)) fail('representative_name', 'name the representative');
  if (row.root_cause_detail && !row.root_cause) fail('root_cause', 'root_cause_detail is given: give the root cause category');
  if ((row.spso_outcome || row.spso_decided) && !row.spso_referred) fail('spso_referred', 'give the date the complaint was referred to the SPSO');

  // Stage 1: closed and outcome go together; dates in order.
  if (row.stage1_outcome && !row.stage1_closed) fail('stage1_closed', 'stage1_outcome is given: give the date stage 1 was closed');
  if (row.stage1_closed && !row.stage1_outcome) fail('stage1_outcome', 'stage1_closed is given: give the stage 1 outcome');
  notBefore('stage1_closed', received, 'date_received');

  // Stage 2: escalated after a closed stage 1, or direct with no stage 1 at all.
  if (stage2Given.length && kind === 'complaint') {
    const route = row.stage2_route ?? (stage1Given.length ? 'escalated' : 'direct');
    if (route === 'escalated' && !row.stage1_closed) fail('stage1_closed', 'an escalated complaint must have stage 1 closed first');
    if (route === 'escalated' && !row.stage2_initiated) fail('stage2_initiated', 'give the date the complaint was escalated to stage 2');
    if (route === 'direct') for (const f of stage1Given) fail(f, 'a complaint that went directly to stage 2 has no stage 1; leave it blank or set stage2_route to escalated');
    const initiated = row.stage2_initiated ?? received;
    notBefore('stage2_initiated', received, 'date_received');
    if (route === 'escalated') notBefore('stage2_initiated', row.stage1_closed, 'stage1_closed');
    notBefore('stage2_acknowledged', initiated, 'stage2_initiated');
    notBefore('stage2_closed', initiated, 'stage2_initiated');
    if (row.stage2_outcome && !row.stage2_closed) fail('stage2_closed', 'stage2_outcome is given: give the date stage 2 was closed');
    if (row.stage2_closed && !row.stage2_outcome) fail('stage2_outcome', 'stage2_closed is given: give the stage 2 outcome');
  }

  // Withdrawal: only while a stage is open.
  if (row.withdrawn_on && kind === 'complaint') {
    notBefore('withdrawn_on', received, 'date_received');
    if (row.stage2_closed) fail('withdrawn_on', 'a complaint closed at stage 2 cannot also be withdrawn');
    else if (!stage2Given.length && row.stage1_closed) fail('withdrawn_on', 'a complaint closed at stage 1 (and not escalated) cannot also be withdrawn');
    else if (stage2Given.length) notBefore('withdrawn_on', row.stage2_initiated, 'stage2_initiated');
  }
  notBefore('spso_referred', row.stage2_closed ?? row.stage1_closed, 'the last stage closure');
  notBefore('spso_decided', row.spso_referred, 'spso_referred');
}

export const caseRowSchema = rowShape.superRefine(checkRow);
