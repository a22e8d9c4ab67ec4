/**
 * The whole case file for one case, as the same accessible document the reports use (one h1, a
 * heading per section, captioned tables with row headers; reports/html.ts), printed to a tagged PDF.
 *
 * The file is a list of section builders: each takes what is known about the case and gives a
 * section, or nothing. Notes, correspondence and documents plug in by adding a builder to
 * CASE_FILE_SECTIONS (and, if they need more than the case, a field to CaseFileInput). The
 * "Recorded details" section walks every field of the case, so a field added to the case later
 * appears without a change here.
 */
import { CHANNEL_LABELS, formatDate, formatDateTime, outcomeLabel, readableSummary, STATUS_LABELS } from '../core/labels';
import type { Section, TableBlock } from '../core/reports/document';
import type { Case, SourceLink } from '../core/types';
import { CASE_RECORD_SECTIONS } from './case-file-records';
import { VIA_WORDS, type CaseRecords } from '../core/case-records';
import { renderHtml } from './html';
import type { PdfRenderer } from './pdf';

export interface CaseFileInput {
  case: Case;
  orgName: string;
  /** When the file was produced, and by whom (printed on it). */
  producedAt: string;
  producedBy: string;
  /** People's names by user id, where known. */
  nameOf?: (userId: string) => string | undefined;
  /** Notes, letters and documents (store/case-records.ts); without them those sections are left out. */
  records?: CaseRecords;
}

export type CaseFileSection = (input: CaseFileInput) => Section | undefined;

/** Fields shown in sections of their own, not among the recorded details. */
const OWN_SECTIONS = new Set(['events', 'source', 'linkedMessages']);

const LABELS: Record<string, string> = {
  reference: 'Reference',
  orgId: 'Organisation id',
  kind: 'Kind',
  status: 'Status',
  channel: 'How it was received',
  receivedAt: 'Received at',
  receivedOn: 'Received on',
  customer: 'Customer',
  representative: 'Representative',
  nature: 'What the complaint is about',
  service: 'Service',
  contractor: 'Contractor or ALEO',
  socialWork: 'Social work complaint',
  owner: 'Owner',
  loggedBy: 'Logged by',
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  clock: 'Clock',
  startedOn: 'Started on',
  standardDue: 'Standard due date',
  extensionDays: 'Extension (working days)',
  due: 'Due',
  notAComplaintReason: 'Why it is not a complaint',
  withdrawnOn: 'Withdrawn on',
  rootCause: 'Root cause',
  remedialAction: 'Remedial action',
  spso: 'SPSO',
  disposalOn: 'May be disposed of from',
  legalHold: 'Legal hold',
  quoteWithConsent: 'Quote agreed by the customer',
};

/** `withheldDetails` → `Withheld details`, for fields without a label of their own. */
const words = (key: string): string => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
const labelOf = (key: string): string => LABELS[key] ?? (/^\d+$/.test(key) ? `${Number(key) + 1}` : words(key));

function valueText(key: string, value: string | number | boolean, input: CaseFileInput): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (key === 'status') return STATUS_LABELS[value as Case['status']] ?? value;
  if (key === 'channel') return CHANNEL_LABELS[value as Case['channel']] ?? value;
  if (key === 'outcome' || key === 'decision' || key === 'proposedOutcome') return outcomeLabel(value);
  if (key === 'via' && value in VIA_WORDS) return VIA_WORDS[value as keyof typeof VIA_WORDS];
  if (['owner', 'loggedBy', 'author', 'decidedBy', 'authorisedBy', 'setBy', 'recordedBy'].includes(key)) {
    const name = input.nameOf?.(value);
    return name ? `${name} (${value})` : value;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return value;
}

/** Every leaf of a value as a row "Stage 1 › Clock › Due"; empty lists say so rather than vanish. */
function fieldRows(path: string[], key: string, value: unknown, input: CaseFileInput): TableBlock['rows'] {
  const here = [...path, labelOf(key)];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ header: here.join(' › '), cells: ['None'] }];
    return value.flatMap((item, i) => fieldRows(here, String(i), item, input));
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => fieldRows(here, k, v, input));
  return [{ header: here.join(' › '), cells: [valueText(key, value as string | number | boolean, input)] }];
}

const detailsSection: CaseFileSection = (input) => ({
  id: 'details',
  heading: 'Recorded details',
  blocks: [
    {
      kind: 'table',
      id: 'details-table',
      caption: `Every field recorded for ${input.case.reference}`,
      rowHeader: 'Field',
      columns: [{ label: 'Recorded', unit: 'text' }],
      rows: Object.entries(input.case)
        .filter(([key]) => !OWN_SECTIONS.has(key))
        .flatMap(([key, value]) => fieldRows([], key, value, input)),
    },
  ],
});

const timelineSection: CaseFileSection = ({ case: c, nameOf }) => ({
  id: 'timeline',
  heading: 'Timeline',
  blocks:
    c.events.length === 0
      ? [{ kind: 'paragraph', text: 'No events are recorded.' }]
      : [
          {
            kind: 'table',
            id: 'timeline-table',
            caption: `Everything recorded on ${c.reference}, oldest first`,
            rowHeader: 'When',
            columns: [
              { label: 'Who', unit: 'text' },
              { label: 'What', unit: 'text' },
            ],
            rows: [...c.events]
              .sort((a, b) => a.at.localeCompare(b.at))
              .map((e) => ({ header: formatDateTime(e.at), cells: [nameOf?.(e.by) ?? e.by, readableSummary(e.summary, nameOf)] })),
          },
        ],
});

function messageRow(role: string, m: SourceLink): TableBlock['rows'][number] {
  const kind = m.kind === 'email' ? 'Email' : m.kind === 'chat' ? 'Teams message' : 'Form in the Teams tab';
  return { header: role, cells: [kind, m.receivedAt ? formatDateTime(m.receivedAt) : null, m.webLink ?? null, String(m.attachments?.length ?? 0)] };
}

const messagesSection: CaseFileSection = ({ case: c }) => {
  const rows = [...(c.source ? [messageRow('Logged from', c.source)] : []), ...(c.linkedMessages ?? []).map((m, i) => messageRow(`Linked message ${i + 1}`, m))];
  return {
    id: 'messages',
    heading: 'Messages',
    blocks:
      rows.length === 0
        ? [{ kind: 'paragraph', text: 'The case was not logged from a message and has no linked messages.' }]
        : [
            {
              kind: 'table',
              id: 'messages-table',
              caption: 'The message the case was logged from and later messages linked to it',
              rowHeader: 'Message',
              columns: [
                { label: 'Kind', unit: 'text' },
                { label: 'Received', unit: 'text' },
                { label: 'Link', unit: 'text' },
                { label: 'Attachments', unit: 'text' },
              ],
              rows,
            },
          ],
  };
};

const attachmentsSection: CaseFileSection = ({ case: c }) => {
  const messages = [...(c.source ? [{ label: 'Logged from', m: c.source }] : []), ...(c.linkedMessages ?? []).map((m, i) => ({ label: `Linked message ${i + 1}`, m }))];
  const rows = messages.flatMap(({ label, m }) =>
    (m.attachments ?? []).map((a) => ({ header: a.name, cells: [label, `${a.size} bytes`, a.fetched ? 'Copied to the case' : 'Not copied'] })),
  );
  return {
    id: 'attachments',
    heading: 'Attachments',
    blocks:
      rows.length === 0
        ? [{ kind: 'paragraph', text: 'No attachments.' }]
        : [
            {
              kind: 'table',
              id: 'attachments-table',
              caption: 'Attachments of the case’s messages',
              rowHeader: 'File',
              columns: [
                { label: 'From', unit: 'text' },
                { label: 'Size', unit: 'text' },
                { label: 'Copied', unit: 'text' },
              ],
              rows,
            },
          ],
  };
};

/** The file's sections, in order. Add a builder here to add a section. */
export const CASE_FILE_SECTIONS: CaseFileSection[] = [detailsSection, timelineSection, ...CASE_RECORD_SECTIONS, messagesSection, attachmentsSection];

export function caseFileHtml(input: CaseFileInput, sections: readonly CaseFileSection[] = CASE_FILE_SECTIONS): string {
  const c = input.case;
  return renderHtml({
    kind: 'case-file',
    title: `Case file ${c.reference}`,
    orgName: input.orgName,
    periodId: c.reference,
    periodLabel: `${c.service}, received ${formatDate(c.receivedOn)}; produced by ${input.producedBy} at ${formatDateTime(input.producedAt)}`,
    generatedOn: input.producedAt.slice(0, 10),
    audience: 'senior-management',
    sections: sections.map((build) => build(input)).filter((s): s is Section => !!s),
  });
}

export async function caseFilePdf(input: CaseFileInput, renderer: PdfRenderer): Promise<Buffer> {
  return renderer.render(caseFileHtml(input), `${input.orgName} — case file ${input.case.reference} — confidential`, { tagged: true });
}
