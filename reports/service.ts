/**
 * Builds a report for an organisation from the store: monthly aggregates for the figures (never
 * the cases themselves), the improvement actions, and only the few cases linked to actions marked
 * for publication (for the personal data check). Shared by the API and the CLI.
 */
import { surveyStatement, trainingStatement } from '../core/awareness';
import type { NarrativeIndicators } from '../core/indicators';
import { monthsNeeded, type Report, type ReportKind } from '../core/reports/models';
import { buildReportFor } from '../core/reports/scope';
import { lastCompletePeriod, parseQuarter, parseYear, periodDateRange, type ReportPeriod } from '../core/reports/periods';
import { publishableActions } from '../core/learning';
import type { Case, IsoDate, OrgSettings } from '../core/types';
import type { AggregateStore } from '../store/aggregates';
import type { AwarenessStore } from '../store/awareness';
import type { ImprovementStore, PublicationRecord } from '../store/improvements';
import { effectMonthsNeeded } from '../core/reports/effect';
import type { LearningQueries } from '../store/learning';
import { renderHtml } from './html';
import { reportDocument } from '../core/reports/document';

export interface ReportSources {
  aggregates: Pick<AggregateStore, 'monthlyCounts'>;
  improvements: Pick<ImprovementStore, 'list' | 'savePublication'>;
  cases: { get(orgId: string, reference: string): Promise<Case | undefined> };
  awareness: Pick<AwarenessStore, 'listTraining' | 'listSurveys'>;
  /** Compliments quoted with consent (store/learning.ts); without it the reports quote none. */
  learning?: Pick<LearningQueries, 'quotedCompliments'>;
}

/** Indicators 2 and 3 of a period, from the survey results and training records kept for them. */
export async function awarenessNarrative(sources: Pick<ReportSources, 'awareness'>, orgId: string, period: ReportPeriod): Promise<NarrativeIndicators> {
  const [training, surveys] = await Promise.all([sources.awareness.listTraining(orgId), sources.awareness.listSurveys(orgId)]);
  return { kpi2ProcessExperience: surveyStatement(surveys, period), kpi3StaffAwarenessAndTraining: trainingStatement(training, period) };
}

/** The period a person asked for, or the last complete one. */
export function resolvePeriod(kind: ReportKind, text: string | undefined, org: OrgSettings, today: IsoDate): ReportPeriod {
  const start = org.reportingYearStartMonth;
  if (kind === 'annual') return text ? parseYear(text, start) : lastCompletePeriod('year', today, start);
  return text ? parseQuarter(text, start) : lastCompletePeriod('quarter', today, start);
}

export async function loadReport(
  sources: ReportSources,
  org: OrgSettings,
  kind: ReportKind,
  period: ReportPeriod,
  today: IsoDate,
  narrative?: NarrativeIndicators,
  /** The services the figures cover (core/reports/scope.ts); null or absent: the whole organisation. */
  services: readonly string[] | null = null,
): Promise<Report> {
  const needed = monthsNeeded(kind, period, org.reportingYearStartMonth);
  // "Did the improvement work?" reads the months after each action up to the last complete month.
  const effectMonths = effectMonthsNeeded(period.fromMonth, today);
  const months = kind === 'quarterly' && effectMonths.toMonth > needed.toMonth ? { ...needed, toMonth: effectMonths.toMonth } : needed;
  const { from, to } = periodDateRange(period);
  const [monthly, improvements, kept, quotes] = await Promise.all([
    sources.aggregates.monthlyCounts(org.orgId, months.fromMonth, months.toMonth),
    sources.improvements.list(org.orgId),
    awarenessNarrative(sources, org.orgId, period),
    sources.learning?.quotedCompliments(org.orgId, from, to) ?? [],
  ]);
  const input = { org, period, monthly, improvements, today, narrative: { ...kept, ...narrative }, quotes };
  if (kind === 'quarterly') return buildReportFor(kind, input, new Map(), services);
  const references = [...new Set(publishableActions(improvements).flatMap((a) => a.caseReferences))];
  const linked = await Promise.all(references.map((reference) => sources.cases.get(org.orgId, reference)));
  const cases = new Map(linked.filter((c): c is Case => !!c).map((c) => [c.reference, c]));
  return buildReportFor(kind, input, cases, services);
}

export class PublicationRefused extends Error {
  constructor(readonly problems: { actionId: string; message: string }[]) {
    super(`The report cannot be published yet. ${problems.map((p) => `Improvement action ${p.actionId}: ${p.message}`).join(' ')}`);
    this.name = 'PublicationRefused';
  }
}

/**
 * Publishes "you said, we did" or the annual report: refused while any published text contains a
 * linked customer's name or contact details; otherwise the HTML is kept as the published record.
 */
export async function publishReport(sources: ReportSources, report: Report, by: string, now: string, byName?: string): Promise<PublicationRecord> {
  if (report.kind === 'quarterly') throw new Error('The quarterly report is for senior management and is not published.');
  if (report.services) throw new Error('Only the whole organisation’s report is published, not one for some services.');
  if (report.personalData.length > 0) throw new PublicationRefused(report.personalData);
  const record: PublicationRecord = {
    orgId: report.org.orgId,
    kind: report.kind,
    periodId: report.period.id,
    publishedAt: now,
    publishedBy: by,
    ...(byName ? { publishedByName: byName } : {}),
    actionIds: report.kind === 'annual' ? report.actionsTaken.map((a) => a.actionId) : report.actions.map((a) => a.actionId),
    html: renderHtml(reportDocument(report)),
  };
  await sources.improvements.savePublication(record);
  return record;
}
