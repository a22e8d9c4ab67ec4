/**
 * A report laid out as headings, paragraphs, tables and charts, independent of format: the HTML,
 * PDF and CSV renderers all read this, so every figure shown in HTML is also a row of the CSV.
 * Pure: which figures appear, in which words, is decided here once.
 */
import { STAGE_KEYS, type DimensionIndicators, type Indicators, type StageKey } from '../indicators';
import type { AnnualReport, PublicAction, QuarterlyReport, Report, YouSaidWeDidReport } from './models';
import { effectsSection, feedbackSection, spsoSection } from './document-learning';
import { FIGURE_INDICATORS, NARRATIVE_INDICATORS } from './indicator-order';
import { CONTRACTORS_LEFT_OUT, servicesLabel } from './scope';
import { periodLabelOn } from './so-far';
import type { ImprovementLine, ImprovementSummary, RootCauseCount, TrendPoint } from './summaries';

export type Unit = 'count' | 'percent' | 'days' | 'per1000' | 'text' | 'date';
export type Cell = string | number | null;

export interface Column {
  label: string;
  unit: Unit;
}

export interface TableBlock {
  kind: 'table';
  id: string;
  caption: string;
  /** Header of the first column, whose cells are row headers. */
  rowHeader: string;
  columns: Column[];
  rows: { header: string; cells: Cell[] }[];
}

/** A bar chart; renderers draw it and list its numbers beside it. */
export interface ChartBlock {
  kind: 'chart';
  id: string;
  title: string;
  /** Text alternative: what the chart shows and its main message. */
  description: string;
  unit: Unit;
  bars: { label: string; value: number | null }[];
}

export type Block =
  | { kind: 'paragraph'; text: string }
  /** `csv`: the items are content of their own (quotes), written to the CSV as text rows under that table name. */
  | { kind: 'list'; items: string[]; csv?: { table: string; measure: string } }
  | { kind: 'notice'; tone: 'info' | 'warning'; text: string }
  | TableBlock
  | ChartBlock;

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
  subsections?: Section[];
}

export interface ReportDocument {
  /** A report, or a case file (reports/case-file.ts), which shares the layout. */
  kind: Report['kind'] | 'case-file';
  title: string;
  orgName: string;
  periodId: string;
  periodLabel: string;
  generatedOn: string;
  /** Public documents (you said, we did; annual report) never name staff or customers. */
  audience: 'senior-management' | 'public';
  sections: Section[];
}

export const STAGE_LABELS: Record<StageKey, string> = {
  stage1: 'Stage 1 (frontline response)',
  stage2Direct: 'Stage 2 (direct to investigation)',
  escalated: 'Stage 2 (escalated after stage 1)',
};

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const fmt = (value: number | null, unit: Unit): string => {
  if (value === null) return 'no figure';
  if (unit === 'percent') return `${value}%`;
  if (unit === 'days') return `${value} working days`;
  return String(value);
};

function receivedTable(id: string, d: DimensionIndicators): TableBlock {
  const r = d.kpi4Received;
  const rows: TableBlock['rows'] = [
    { header: 'Received at stage 1', cells: [r.stage1] },
    { header: 'Received directly at stage 2', cells: [r.stage2Direct] },
    { header: 'Total complaints received', cells: [r.total] },
  ];
  if (r.per1000Population !== null) rows.push({ header: 'Complaints per 1,000 population', cells: [r.per1000Population] });
  rows.push(
    { header: 'Withdrawn before a response (counted apart)', cells: [r.withdrawn] },
    { header: 'Withdrawn at stage 2 after a stage 1 response', cells: [r.withdrawnAfterStage1] },
    { header: 'Not a complaint (counted apart)', cells: [r.notAComplaint] },
    { header: 'Compliments', cells: [r.compliments] },
    { header: 'Comments', cells: [r.comments] },
  );
  return { kind: 'table', id: `${id}-received`, caption: 'Indicator 4: complaints received', rowHeader: 'Measure', columns: [{ label: 'Number', unit: 'count' }], rows };
}

const stageRows = (cells: (key: StageKey) => Cell[]): TableBlock['rows'] => STAGE_KEYS.map((key) => ({ header: STAGE_LABELS[key], cells: cells(key) }));

function closedTable(id: string, d: DimensionIndicators): TableBlock {
  return {
    kind: 'table',
    id: `${id}-closed`,
    caption: 'Indicator 5: complaints closed at each stage (percent of all closures)',
    rowHeader: 'Stage',
    columns: [
      { label: 'Closed (number)', unit: 'count' },
      { label: 'Closed (% of all closures)', unit: 'percent' },
    ],
    rows: [
      ...stageRows((key) => [d.kpi5Closed[key].number, d.kpi5Closed[key].percent]),
      { header: 'All stages', cells: [d.kpi5Closed.total, d.kpi5Closed.total === 0 ? null : 100] },
    ],
  };
}

function averageTable(id: string, d: DimensionIndicators): TableBlock {
  return {
    kind: 'table',
    id: `${id}-average-days`,
    caption: 'Indicator 7: average time in working days for a full response at each stage',
    rowHeader: 'Stage',
    columns: [{ label: 'Average working days to full response', unit: 'days' }],
    rows: stageRows((key) => [d.kpi7AverageWorkingDays[key]]),
  };
}

function countPercentTable(id: string, caption: string, label: string, figures: Record<StageKey, { number: number; percent: number | null }>): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    rowHeader: 'Stage',
    columns: [
      { label: `${label} (number)`, unit: 'count' },
      { label: `${label} (%)`, unit: 'percent' },
    ],
    rows: STAGE_KEYS.map((key) => ({ header: STAGE_LABELS[key], cells: [figures[key].number, figures[key].percent] })),
  };
}

const OUTCOME_COLUMNS = [
  ['upheld', 'Upheld'],
  ['partiallyUpheld', 'Partially upheld'],
  ['notUpheld', 'Not upheld'],
  ['resolved', 'Resolved'],
  ['unrecorded', 'Outcome not recorded'],
] as const;

function outcomesTable(id: string, d: DimensionIndicators): TableBlock {
  return {
    kind: 'table',
    id: `${id}-outcomes`,
    caption: 'Indicator 6: outcomes at each stage (percent of closures at that stage)',
    rowHeader: 'Stage',
    columns: OUTCOME_COLUMNS.flatMap(([, label]) => [
      { label: `${label} (number)`, unit: 'count' as const },
      { label: `${label} (%)`, unit: 'percent' as const },
    ]),
    rows: STAGE_KEYS.map((key) => ({
      header: STAGE_LABELS[key],
      cells: OUTCOME_COLUMNS.flatMap(([k]) => [d.kpi6Outcomes[key][k].number, d.kpi6Outcomes[key][k].percent]),
    })),
  };
}

/** The table of each figure indicator, built in the SPSO's order (core/reports/indicator-order.ts). */
const INDICATOR_TABLES: Record<(typeof FIGURE_INDICATORS)[number]['key'], (id: string, d: DimensionIndicators) => TableBlock> = {
  kpi4Received: receivedTable,
  kpi5Closed: closedTable,
  kpi6Outcomes: outcomesTable,
  kpi7AverageWorkingDays: averageTable,
  kpi8WithinTimescale: (id, d) => countPercentTable(`${id}-within-timescale`, 'Indicator 8: closed in full within the timescale (5 working days at stage 1, 20 at stage 2)', 'Closed within timescale', d.kpi8WithinTimescale),
  kpi9Extended: (id, d) => countPercentTable(`${id}-extended`, 'Indicator 9: complaints where an extension was authorised', 'Extension authorised', d.kpi9Extended),
};

/** Every indicator 4–9 for one dimension (organisation, service, contractor), in the SPSO's order. */
function dimensionSection(id: string, heading: string, d: DimensionIndicators): Section {
  return { id, heading, blocks: FIGURE_INDICATORS.map((indicator) => INDICATOR_TABLES[indicator.key](id, d)) };
}

function summaryTable(id: string, caption: string, rowHeader: string, entries: [string, DimensionIndicators][]): TableBlock {
  const s2Closed = (d: DimensionIndicators): number => d.kpi5Closed.stage2Direct.number + d.kpi5Closed.escalated.number;
  return {
    kind: 'table',
    id,
    caption,
    rowHeader,
    columns: [
      { label: 'Received', unit: 'count' },
      { label: 'Closed at stage 1', unit: 'count' },
      { label: 'Closed at stage 2', unit: 'count' },
      { label: 'Stage 1 within 5 working days (%)', unit: 'percent' },
      { label: 'Stage 1 average working days', unit: 'days' },
      { label: 'Stage 2 average working days (direct)', unit: 'days' },
      { label: 'Stage 2 average working days (escalated)', unit: 'days' },
      { label: 'Stage 1 upheld or partially upheld', unit: 'count' },
    ],
    rows: entries.map(([name, d]) => ({
      header: name,
      cells: [
        d.kpi4Received.total,
        d.kpi5Closed.stage1.number,
        s2Closed(d),
        d.kpi8WithinTimescale.stage1.percent,
        d.kpi7AverageWorkingDays.stage1,
        d.kpi7AverageWorkingDays.stage2Direct,
        d.kpi7AverageWorkingDays.escalated,
        d.kpi6Outcomes.stage1.upheld.number + d.kpi6Outcomes.stage1.partiallyUpheld.number,
      ],
    })),
  };
}

function servicesSection(indicators: Indicators, services: string[]): Section {
  const names = [...new Set([...services, ...Object.keys(indicators.byService)])].sort((a, b) => a.localeCompare(b));
  const empty = indicatorsZero(indicators);
  const entries = names.map((s): [string, DimensionIndicators] => [s, indicators.byService[s] ?? empty]);
  return {
    id: 'services',
    heading: 'Indicators by service',
    blocks: [summaryTable('services-summary', 'Main indicators for each service', 'Service', entries)],
    subsections: entries.map(([name, d]) => dimensionSection(`service-${slug(name)}`, `Service: ${name}`, d)),
  };
}

/** A DimensionIndicators of zeros, for services with no complaints at all in the period. */
function indicatorsZero(indicators: Indicators): DimensionIndicators {
  const zero = (value: unknown): unknown => {
    if (typeof value === 'number') return 0;
    if (value === null) return null;
    if (typeof value === 'object' && value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zero(v)]));
    return value;
  };
  const result = zero(indicators.contractors) as DimensionIndicators;
  // Percentages and averages have no denominator: no figure rather than 0.
  for (const key of STAGE_KEYS) {
    result.kpi5Closed[key].percent = null;
    result.kpi7AverageWorkingDays[key] = null;
    for (const [k] of OUTCOME_COLUMNS) result.kpi6Outcomes[key][k].percent = null;
    result.kpi8WithinTimescale[key].percent = null;
    result.kpi9Extended[key].percent = null;
  }
  result.kpi4Received.per1000Population = null;
  return result;
}

function contractorsSection(indicators: Indicators): Section {
  const entries = Object.entries(indicators.byContractor);
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'Complaints about services delivered for us by contractors and arm’s-length external organisations (ALEOs), reported separately.' },
    ...dimensionSection('contractors', '', indicators.contractors).blocks,
  ];
  if (entries.length > 0) blocks.push(summaryTable('contractors-summary', 'Main indicators for each contractor or ALEO', 'Contractor or ALEO', entries));
  else blocks.push({ kind: 'paragraph', text: 'No complaints about contractors or ALEOs in this period.' });
  return { id: 'contractors', heading: 'Contractors and ALEOs', blocks };
}

function trendTable(id: string, caption: string, points: TrendPoint[]): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    rowHeader: 'Period',
    columns: [
      { label: 'Received', unit: 'count' },
      { label: 'Closed', unit: 'count' },
      { label: 'Stage 1 within 5 working days (%)', unit: 'percent' },
      { label: 'Stage 2 within 20 working days (%)', unit: 'percent' },
      { label: 'Stage 1 average working days', unit: 'days' },
      { label: 'Stage 2 average working days', unit: 'days' },
      { label: 'Upheld or partially upheld (% of closures)', unit: 'percent' },
    ],
    rows: points.map((p) => ({
      header: p.period.label,
      cells: [p.received, p.closed, p.stage1WithinTimescalePercent, p.stage2WithinTimescalePercent, p.stage1AverageWorkingDays, p.stage2AverageWorkingDays, p.upheldPercent],
    })),
  };
}

function describeSeries(what: string, bars: ChartBlock['bars'], unit: Unit): string {
  const known = bars.filter((b) => b.value !== null) as { label: string; value: number }[];
  if (known.length === 0) return `${what}: no figures for these periods.`;
  const first = known[0];
  const last = known[known.length - 1];
  const change = last.value === first.value ? 'unchanged' : last.value > first.value ? 'up' : 'down';
  const values = bars.map((b) => `${b.label}: ${fmt(b.value, unit)}`).join('; ');
  return `${what}, ${change} from ${fmt(first.value, unit)} (${first.label}) to ${fmt(last.value, unit)} (${last.label}). ${values}.`;
}

function chart(id: string, title: string, unit: Unit, bars: ChartBlock['bars']): ChartBlock {
  return { kind: 'chart', id, title, unit, bars, description: describeSeries(title, bars, unit) };
}

const shortLabel = (p: TrendPoint): string => p.period.id;

function trendCharts(prefix: string, points: TrendPoint[]): ChartBlock[] {
  return [
    chart(`${prefix}-received-chart`, 'Complaints received', 'count', points.map((p) => ({ label: shortLabel(p), value: p.received }))),
    chart(`${prefix}-timescale-chart`, 'Stage 1 complaints closed within 5 working days', 'percent', points.map((p) => ({ label: shortLabel(p), value: p.stage1WithinTimescalePercent }))),
  ];
}

function rootCauseSection(causes: RootCauseCount[]): Section {
  if (causes.length === 0) return { id: 'root-causes', heading: 'Top root causes', blocks: [{ kind: 'paragraph', text: 'No root causes were recorded for complaints in this period.' }] };
  return {
    id: 'root-causes',
    heading: 'Top root causes',
    blocks: [
      {
        kind: 'table',
        id: 'root-causes-table',
        caption: 'Most frequent root causes of complaints closed in the period',
        rowHeader: 'Root cause',
        columns: [
          { label: 'Complaints', unit: 'count' },
          { label: '% of complaints with a root cause', unit: 'percent' },
        ],
        rows: causes.map((c) => ({ header: c.category, cells: [c.count, c.percent] })),
      },
      chart('root-causes-chart', 'Complaints by root cause', 'count', causes.map((c) => ({ label: c.category, value: c.count }))),
    ],
  };
}

function improvementCountsTable(summary: ImprovementSummary): TableBlock {
  return {
    kind: 'table',
    id: 'improvements-summary',
    caption: 'Improvement actions in the period',
    rowHeader: 'Measure',
    columns: [{ label: 'Number', unit: 'count' }],
    rows: [
      { header: 'Opened (agreed)', cells: [summary.opened] },
      { header: 'Authorised', cells: [summary.authorised] },
      { header: 'Completed', cells: [summary.completed] },
      { header: 'Cancelled', cells: [summary.cancelled] },
      { header: 'Open at the end of the period', cells: [summary.openAtEnd] },
      { header: 'Overdue at the end of the period', cells: [summary.overdueAtEnd] },
      { header: 'Learning points shared', cells: [summary.learningShared] },
    ],
  };
}

function actionLines(id: string, caption: string, lines: ImprovementLine[], dateLabel: 'overdue' | 'completed'): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    rowHeader: 'Action',
    columns: [
      { label: 'Service', unit: 'text' },
      { label: 'Owner', unit: 'text' },
      { label: 'Target date', unit: 'date' },
      dateLabel === 'overdue' ? { label: 'Days overdue', unit: 'count' } : { label: 'Completed on', unit: 'date' },
    ],
    rows: lines.map((l) => ({ header: l.description, cells: [l.service, l.owner, l.targetDate, dateLabel === 'overdue' ? l.daysOverdue : (l.completedOn ?? null)] })),
  };
}

function improvementsSection(summary: ImprovementSummary, audience: ReportDocument['audience']): Section {
  const blocks: Block[] = [improvementCountsTable(summary)];
  if (audience === 'senior-management') {
    if (summary.overdue.length > 0) {
      blocks.push({ kind: 'notice', tone: 'warning', text: `${summary.overdue.length} improvement action${summary.overdue.length === 1 ? ' is' : 's are'} overdue.` });
      blocks.push(actionLines('improvements-overdue', 'Overdue improvement actions', summary.overdue, 'overdue'));
    }
    if (summary.completedActions.length > 0) blocks.push(actionLines('improvements-completed', 'Improvement actions completed in the period', summary.completedActions, 'completed'));
  }
  return { id: 'improvements', heading: 'Learning from complaints: improvement actions', blocks };
}

function narrativeSection(indicators: Indicators): Section {
  const item = (i: (typeof NARRATIVE_INDICATORS)[number]): string => `Indicator ${i.number}, ${i.name.toLowerCase()}: ${indicators[i.key] ?? 'not yet reported for this period.'}`;
  return { id: 'narrative-indicators', heading: 'Indicators 1 to 3', blocks: [{ kind: 'list', items: NARRATIVE_INDICATORS.map(item) }] };
}

/** `withContractors` false for a service report: contractors are not counted by service. */
function headline(indicators: Indicators, periodWord: string, withContractors = true): Block {
  const a = indicators.all;
  const complaints = (n: number) => `${n} complaint${n === 1 ? '' : 's'}`;
  const items = [
    `${complaints(a.kpi4Received.total)} received this ${periodWord}${a.kpi4Received.per1000Population !== null ? ` (${a.kpi4Received.per1000Population} per 1,000 population)` : ''}.`,
    `${complaints(a.kpi5Closed.total)} closed: ${a.kpi5Closed.stage1.number} at stage 1, ${a.kpi5Closed.stage2Direct.number} directly at stage 2 and ${a.kpi5Closed.escalated.number} after escalation.`,
    `Stage 1: average time to respond ${fmt(a.kpi7AverageWorkingDays.stage1, 'days')}; responses within 5 working days: ${fmt(a.kpi8WithinTimescale.stage1.percent, 'percent')}.`,
    `Complaints about contractors and ALEOs: ${indicators.contractors.kpi4Received.total} received, ${indicators.contractors.kpi5Closed.total} closed.`,
  ].slice(0, withContractors ? 4 : 3);
  return { kind: 'list', items };
}

function quarterlyDocument(r: QuarterlyReport): ReportDocument {
  const quiet: Section = {
    id: 'few-complaints',
    heading: 'Services with few or no complaints',
    blocks:
      r.quietServices.length === 0
        ? [{ kind: 'paragraph', text: 'Every service received a usual number of complaints this quarter.' }]
        : [
            { kind: 'paragraph', text: 'Few or no complaints may show good practice, or a barrier to complaining. Check which with each service.' },
            {
              kind: 'table',
              id: 'few-complaints-table',
              caption: 'Services with few or no complaints this quarter',
              rowHeader: 'Service',
              columns: [
                { label: 'Complaints received', unit: 'count' },
                { label: 'Flag', unit: 'text' },
              ],
              rows: r.quietServices.map((s) => ({ header: s.service, cells: [s.received, s.flag === 'none' ? 'No complaints' : 'Few complaints'] })),
            },
          ],
  };
  return {
    kind: 'quarterly',
    title: `Quarterly complaints performance report to senior management`,
    orgName: r.org.name,
    periodId: r.period.id,
    periodLabel: r.period.label,
    generatedOn: r.generatedOn,
    audience: 'senior-management',
    sections: [
      { id: 'summary', heading: 'Summary', blocks: [headline(r.indicators, 'quarter', !r.services)] },
      narrativeSection(r.indicators),
      { ...dimensionSection('organisation', 'Indicators 4 to 9: the whole organisation', r.indicators.all) },
      {
        id: 'trends',
        heading: 'Trends over the last five quarters',
        blocks: [
          trendTable('trend-table', 'Main indicators this quarter and the previous four', r.trend),
          ...trendCharts('trend', r.trend),
          {
            kind: 'table',
            id: 'trend-services',
            caption: 'Complaints received by service, quarter by quarter',
            rowHeader: 'Service',
            columns: r.trend.map((p) => ({ label: p.period.id, unit: 'count' as const })),
            rows: r.receivedByServiceTrend.map((s) => ({ header: s.service, cells: s.received })),
          },
        ],
      },
      quiet,
      rootCauseSection(r.rootCauses),
      improvementsSection(r.improvements, 'senior-management'),
      effectsSection(r.improvementEffects),
      spsoSection(r.spso),
      feedbackSection(r.feedback, 'senior-management'),
      contractorsSection(r.indicators),
      servicesSection(r.indicators, r.receivedByServiceTrend.map((s) => s.service)),
    ],
  };
}

function publicActionsTable(id: string, caption: string, actions: PublicAction[]): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    rowHeader: 'You said',
    columns: [
      { label: 'We did', unit: 'text' },
      { label: 'Service', unit: 'text' },
      { label: 'Status', unit: 'text' },
    ],
    rows: actions.map((a) => ({ header: a.youSaid, cells: [a.weDid, a.service, a.state === 'done' ? `Done${a.completedOn ? ` (${a.completedOn})` : ''}` : 'In progress'] })),
  };
}

/**
 * Public documents leave out any action whose text holds personal data, and say so without repeating
 * it (the API's publish answer and the action's own page tell staff exactly what to remove).
 */
function personalDataNotice(problems: YouSaidWeDidReport['personalData']): Block[] {
  return problems.map((p) => {
    const kinds = [...new Set(p.findings.map((f) => (f.what === 'any-email' ? 'an email address' : `a customer's ${f.what}`)))].join(', ');
    return { kind: 'notice' as const, tone: 'warning' as const, text: `Not ready to publish: improvement action ${p.actionId} is left out because its text contains ${kinds}. Edit its "you said, we did" text.` };
  });
}

function withoutPersonalData(actions: PublicAction[], problems: YouSaidWeDidReport['personalData']): PublicAction[] {
  const flagged = new Set(problems.map((p) => p.actionId));
  return actions.filter((a) => !flagged.has(a.actionId));
}

function youSaidDocument(r: YouSaidWeDidReport): ReportDocument {
  const o = r.outcomes;
  return {
    kind: 'you-said-we-did',
    title: 'You said, we did',
    orgName: r.org.name,
    periodId: r.period.id,
    periodLabel: r.period.label,
    generatedOn: r.generatedOn,
    audience: 'public',
    sections: [
      {
        id: 'outcomes',
        heading: 'Your complaints this quarter',
        blocks: [
          ...personalDataNotice(r.personalData),
          { kind: 'paragraph', text: `We received ${r.received} complaints and gave a full response to ${r.closed}. Thank you for telling us when things went wrong: it helps us improve.` },
          {
            kind: 'table',
            id: 'public-outcomes',
            caption: 'What we found when we responded',
            rowHeader: 'Outcome',
            columns: [{ label: 'Complaints', unit: 'count' }],
            rows: [
              { header: 'Upheld (we agreed with the complaint)', cells: [o.upheld] },
              { header: 'Partially upheld', cells: [o.partiallyUpheld] },
              { header: 'Not upheld', cells: [o.notUpheld] },
              { header: 'Resolved by agreement', cells: [o.resolved] },
            ],
          },
          ...(r.services
            ? []
            : [{ kind: 'paragraph' as const, text: `Complaints about services our contractors and arm’s-length organisations deliver for us: ${r.contractors.received} received, ${r.contractors.closed} responded to.` }]),
        ],
      },
      {
        id: 'you-said-we-did',
        heading: 'What you told us and what we changed',
        blocks:
          withoutPersonalData(r.actions, r.personalData).length === 0
            ? [{ kind: 'paragraph', text: 'No changes to report this quarter.' }]
            : [publicActionsTable('you-said-we-did-table', 'You said, we did', withoutPersonalData(r.actions, r.personalData))],
      },
      feedbackSection(r.feedback, 'public'),
    ],
  };
}

function annualDocument(r: AnnualReport): ReportDocument {
  return {
    kind: 'annual',
    title: `Annual complaints performance report ${r.period.id}`,
    orgName: r.org.name,
    periodId: r.period.id,
    periodLabel: r.period.label,
    generatedOn: r.generatedOn,
    audience: 'public',
    sections: [
      {
        id: 'summary',
        heading: 'Summary',
        blocks: [
          ...personalDataNotice(r.personalData),
          { kind: 'paragraph', text: `This report sets out how ${r.org.name} handled complaints in ${r.period.label}, measured by the Scottish Public Services Ombudsman’s complaints performance indicators.` },
          headline(r.indicators, 'year', !r.services),
        ],
      },
      narrativeSection(r.indicators),
      dimensionSection('organisation', 'Indicators 4 to 9', r.indicators.all),
      {
        id: 'trends',
        heading: 'Trends',
        blocks: [
          trendTable('year-on-year', `This year compared with ${r.previousYear.period.id}`, r.yearOnYear),
          trendTable('quarters', 'Quarter by quarter', r.quarters),
          ...trendCharts('quarters', r.quarters),
        ],
      },
      rootCauseSection(r.rootCauses),
      {
        ...improvementsSection(r.improvements, 'public'),
        heading: 'Actions we took to improve services',
        blocks: [
          ...improvementsSection(r.improvements, 'public').blocks,
          withoutPersonalData(r.actionsTaken, r.personalData).length === 0
            ? { kind: 'paragraph', text: 'No completed improvements were marked for publication this year.' }
            : publicActionsTable('actions-taken', 'Improvements made after complaints', withoutPersonalData(r.actionsTaken, r.personalData)),
        ],
      },
      spsoSection(r.spso),
      feedbackSection(r.feedback, 'public'),
      contractorsSection(r.indicators),
      servicesSection(r.indicators, []),
    ],
  };
}

function documentOf(report: Report): ReportDocument {
  switch (report.kind) {
    case 'quarterly':
      return quarterlyDocument(report);
    case 'you-said-we-did':
      return youSaidDocument(report);
    case 'annual':
      return annualDocument(report);
  }
}

/**
 * The document of a report, with what every format must say about it: a period still running is
 * "so far" / "year to date (to <date>)", and a report for some services names them (and says that
 * contractors' complaints are not split by service) before any figure.
 */
export function reportDocument(report: Report): ReportDocument {
  const doc = documentOf(report);
  const periodLabel = periodLabelOn(report.period, report.generatedOn);
  if (!report.services) return { ...doc, periodLabel };
  const scope: Block[] = [
    { kind: 'notice', tone: 'info', text: `${servicesLabel(report.services)}. These figures are for ${report.services.length === 1 ? 'this service' : 'these services'} only, not the whole organisation.` },
    { kind: 'paragraph', text: `${CONTRACTORS_LEFT_OUT} Indicators 2 and 3 (complainants' surveys and staff training) are recorded for the whole organisation.` },
  ];
  const [first, ...rest] = doc.sections.filter((s) => s.id !== 'contractors');
  return { ...doc, title: `${doc.title} — ${servicesLabel(report.services)}`, periodLabel, sections: [{ ...first, blocks: [...scope, ...first.blocks] }, ...rest] };
}
