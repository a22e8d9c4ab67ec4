/**
 * The three governance reports as pure data (model CHP Part 4 "Reporting and publicising"):
 * - quarterly report to senior management: every indicator (per stage, per service, contractors and
 *   ALEOs apart), trends against the previous four quarters, top root causes, improvement actions
 *   opened / completed / overdue, services with few or no complaints;
 * - "you said, we did": outcomes and the improvement actions marked for publication, for the public;
 * - annual complaints performance report: the indicators for the reporting year, trends (quarter by
 *   quarter and against the previous year), the actions taken.
 * Built from monthly counts, so the same code serves store aggregates and a recount from cases.
 */
import type { Indicators, NarrativeIndicators } from '../indicators';
import { checkPublication, findPersonalData, publishableActions, type ImprovementAction, type PersonalDataFinding } from '../learning';
import type { Case, IsoDate, OrgSettings } from '../types';
import { countsUnderCurrentNames } from '../services';
import { ALL_DIMENSION } from '../indicators';
import { improvementEffects, type ImprovementEffect } from './effect';
import { spsoFigures, type SpsoFigures } from './spso';
import { periodDateRange, previousQuarters, reportingQuarter, reportingYear, type ReportPeriod } from './periods';
import {
  countsForMonths,
  indicatorsForPeriod,
  quietServices,
  summariseImprovements,
  topRootCauses,
  trendPoint,
  type ImprovementSummary,
  type MonthlyCounts,
  type QuietService,
  type RootCauseCount,
  type TrendPoint,
} from './summaries';

export interface ReportOrg {
  orgId: string;
  name: string;
}

interface ReportBase {
  org: ReportOrg;
  period: ReportPeriod;
  /** The date the report was produced (figures for a period still running are to date). */
  generatedOn: IsoDate;
  /** The services the figures cover, when not the whole organisation (core/reports/scope.ts). */
  services?: string[];
}

export interface QuarterlyReport extends ReportBase {
  kind: 'quarterly';
  indicators: Indicators;
  /** The previous four quarters then this one, oldest first. */
  trend: TrendPoint[];
  /** Received per service for each quarter of the trend (same order). */
  receivedByServiceTrend: { service: string; received: number[] }[];
  rootCauses: RootCauseCount[];
  improvements: ImprovementSummary;
  quietServices: QuietService[];
  spso: SpsoJourney;
  /** "Did the improvement work?" for each action completed in the quarter. */
  improvementEffects: ImprovementEffect[];
  feedback: FeedbackSummary;
}

/** The SPSO journey of a period: the organisation, then each service with any SPSO figure. */
export interface SpsoJourney {
  all: SpsoFigures;
  byService: { service: string; figures: SpsoFigures }[];
}

/** Compliments and comments received in the period, by service; quotes only with consent. */
export interface FeedbackSummary {
  compliments: number;
  comments: number;
  byService: { service: string; compliments: number; comments: number }[];
  /** Compliments the customer agreed we may quote, in the words recorded for quoting. */
  quotes: { service: string; text: string }[];
  /** Quotes left out because their words hold the customer's personal data (or any email address). */
  quotesWithheld: number;
}

export interface ComplimentQuote {
  service: string;
  receivedOn: IsoDate;
  text: string;
  /** Who gave it, to check the words name nobody; never printed. */
  customer?: Case['customer'];
  representative?: Case['representative'];
}

export interface PublicAction {
  actionId: string;
  service: string;
  youSaid: string;
  weDid: string;
  state: 'done' | 'in-progress';
  completedOn?: IsoDate;
}

export interface YouSaidWeDidReport extends ReportBase {
  kind: 'you-said-we-did';
  received: number;
  closed: number;
  /** Outcomes of all closures in the quarter, every stage together. */
  outcomes: { upheld: number; partiallyUpheld: number; notUpheld: number; resolved: number };
  /** Complaints about contractors and ALEOs, published separately. */
  contractors: { received: number; closed: number };
  actions: PublicAction[];
  feedback: FeedbackSummary;
  /** Personal data found in the public text; publishing is refused while any remain. */
  personalData: { actionId: string; findings: PersonalDataFinding[]; message: string }[];
}

export interface AnnualReport extends ReportBase {
  kind: 'annual';
  indicators: Indicators;
  previousYear: { period: ReportPeriod; indicators: Indicators };
  /** The four quarters of the year, then the previous year as a whole for comparison. */
  quarters: TrendPoint[];
  yearOnYear: TrendPoint[];
  rootCauses: RootCauseCount[];
  improvements: ImprovementSummary;
  /** Completed actions marked for publication, in public words. */
  actionsTaken: PublicAction[];
  personalData: YouSaidWeDidReport['personalData'];
  spso: SpsoJourney;
  feedback: FeedbackSummary;
}

export type Report = QuarterlyReport | YouSaidWeDidReport | AnnualReport;
export type ReportKind = Report['kind'];
export const REPORT_KINDS: readonly ReportKind[] = ['quarterly', 'annual', 'you-said-we-did'];

export interface ReportInput {
  org: OrgSettings;
  period: ReportPeriod;
  /** Counts for at least the months the report needs (see monthsNeeded); others are ignored. */
  monthly: MonthlyCounts;
  improvements: readonly ImprovementAction[];
  today: IsoDate;
  narrative?: NarrativeIndicators;
  /** Compliments with a quote given with consent, received in the period (the caller loads only those). */
  quotes?: readonly ComplimentQuote[];
}

/** SPSO figures of the period for the organisation and each service that has any. */
export function spsoJourney(input: Pick<ReportInput, 'monthly' | 'period' | 'org'>): SpsoJourney {
  const counts = countsUnderCurrentNames(countsForMonths(input.monthly, input.period), input.org);
  const byService = Object.keys(counts)
    .filter((d) => d.startsWith('service:'))
    .map((d) => ({ service: d.slice('service:'.length), figures: spsoFigures(counts[d]) }))
    .filter((s) => s.figures.decided + s.figures.recommendationsDue + s.figures.recommendationsImplemented > 0)
    .sort((a, b) => a.service.localeCompare(b.service));
  return { all: spsoFigures(counts[ALL_DIMENSION]), byService };
}

/** Compliments and comments of the period (counted in the month received), by service. */
export function feedbackSummary(input: Pick<ReportInput, 'monthly' | 'period' | 'org' | 'quotes'>): FeedbackSummary {
  const counts = countsUnderCurrentNames(countsForMonths(input.monthly, input.period), input.org);
  const n = (d: string, counter: string): number => counts[d]?.[counter] ?? 0;
  const byService = Object.keys(counts)
    .filter((d) => d.startsWith('service:'))
    .map((d) => ({ service: d.slice('service:'.length), compliments: n(d, 'received.compliment'), comments: n(d, 'received.comment') }))
    .filter((s) => s.compliments + s.comments > 0)
    .sort((a, b) => a.service.localeCompare(b.service));
  const { from, to } = periodDateRange(input.period);
  const inPeriod = (input.quotes ?? []).filter((q) => q.receivedOn >= from && q.receivedOn <= to && q.text.trim());
  // The reports are published: a quote that names its customer or gives contact details is left out.
  const clean = inPeriod.filter((q) => findPersonalData(q.text, [{ reference: '', customer: q.customer ?? { withheldDetails: true, anonymous: true }, representative: q.representative }]).length === 0);
  const quotes = clean.map((q) => ({ service: q.service, text: q.text }));
  return { compliments: n(ALL_DIMENSION, 'received.compliment'), comments: n(ALL_DIMENSION, 'received.comment'), byService, quotes, quotesWithheld: inPeriod.length - clean.length };
}

/** The months a report reads: the period and its comparison periods. */
export function monthsNeeded(kind: ReportKind, period: ReportPeriod, startMonth: number): { fromMonth: string; toMonth: string } {
  if (kind === 'quarterly') return { fromMonth: previousQuarters(period, 4, startMonth)[0].fromMonth, toMonth: period.toMonth };
  if (kind === 'annual') return { fromMonth: reportingYear(Number(period.fromMonth.slice(0, 4)) - 1, startMonth).fromMonth, toMonth: period.toMonth };
  return { fromMonth: period.fromMonth, toMonth: period.toMonth };
}

const reportOrg = (org: OrgSettings): ReportOrg => ({ orgId: org.orgId, name: org.name });

/** KPI 1 in words, from the improvement actions of the period. */
export function learningStatement(summary: ImprovementSummary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(summary.opened, 'improvement action')} agreed and ${summary.completed} completed; ` +
    `learning shared ${plural(summary.learningShared, 'time')}; ${summary.openAtEnd} still open at the end of the period, ${summary.overdueAtEnd} of them overdue.`
  );
}

export function buildQuarterlyReport(input: ReportInput): QuarterlyReport {
  const { org, period } = input;
  const quarters = [...previousQuarters(period, 4, org.reportingYearStartMonth), period];
  const perQuarter = quarters.map((q) => indicatorsForPeriod(input.monthly, q, org));
  const improvements = summariseImprovements(input.improvements, period, input.today);
  const indicators = indicatorsForPeriod(input.monthly, period, org, { kpi1LearningFromComplaints: learningStatement(improvements), ...input.narrative });
  const services = [...new Set([...org.services, ...perQuarter.flatMap((i) => Object.keys(i.byService))])].sort((a, b) => a.localeCompare(b));
  return {
    kind: 'quarterly',
    org: reportOrg(org),
    period,
    generatedOn: input.today,
    indicators,
    trend: quarters.map((q, i) => trendPoint(q, perQuarter[i].all)),
    receivedByServiceTrend: services.map((service) => ({ service, received: perQuarter.map((i) => i.byService[service]?.kpi4Received.total ?? 0) })),
    rootCauses: topRootCauses(countsForMonths(input.monthly, period)),
    improvements,
    quietServices: quietServices(org, indicators),
    spso: spsoJourney(input),
    improvementEffects: improvementEffects(
      input.improvements.filter((a) => improvements.completedActions.some((l) => l.id === a.id)),
      input.monthly,
      org,
      input.today,
    ),
    feedback: feedbackSummary(input),
  };
}

function publicActions(actions: readonly ImprovementAction[], period: ReportPeriod, includeOpen: boolean): PublicAction[] {
  const { from, to } = periodDateRange(period);
  return publishableActions(actions)
    .filter((a) => (a.status === 'completed' ? !!a.completedOn && a.completedOn >= from && a.completedOn <= to : includeOpen && a.createdAt.slice(0, 10) <= to))
    .map((a) => ({
      actionId: a.id,
      service: a.service,
      youSaid: a.publication?.youSaid ?? '',
      weDid: a.publication?.weDid ?? '',
      state: a.status === 'completed' ? ('done' as const) : ('in-progress' as const),
      completedOn: a.completedOn,
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.actionId.localeCompare(b.actionId));
}

type CasePersonalData = Pick<Case, 'reference' | 'customer' | 'representative'>;

function personalDataIn(actions: readonly ImprovementAction[], shown: PublicAction[], cases: ReadonlyMap<string, CasePersonalData>): YouSaidWeDidReport['personalData'] {
  const ids = new Set(shown.map((a) => a.actionId));
  const check = checkPublication(actions.filter((a) => ids.has(a.id)), cases);
  return check.ok ? [] : check.problems;
}

/**
 * `cases` holds the customers of the cases linked to the published actions (by reference), for the
 * personal data check; the caller loads only those.
 */
export function buildYouSaidWeDid(input: ReportInput, cases: ReadonlyMap<string, CasePersonalData>): YouSaidWeDidReport {
  const indicators = indicatorsForPeriod(input.monthly, input.period, input.org);
  const outcomeSum = (key: 'upheld' | 'partiallyUpheld' | 'notUpheld' | 'resolved'): number =>
    (['stage1', 'stage2Direct', 'escalated'] as const).reduce((n, stage) => n + indicators.all.kpi6Outcomes[stage][key].number, 0);
  const actions = publicActions(input.improvements, input.period, true);
  return {
    kind: 'you-said-we-did',
    org: reportOrg(input.org),
    period: input.period,
    generatedOn: input.today,
    received: indicators.all.kpi4Received.total,
    closed: indicators.all.kpi5Closed.total,
    outcomes: { upheld: outcomeSum('upheld'), partiallyUpheld: outcomeSum('partiallyUpheld'), notUpheld: outcomeSum('notUpheld'), resolved: outcomeSum('resolved') },
    contractors: { received: indicators.contractors.kpi4Received.total, closed: indicators.contractors.kpi5Closed.total },
    actions,
    feedback: feedbackSummary(input),
    personalData: personalDataIn(input.improvements, actions, cases),
  };
}

export function buildAnnualReport(input: ReportInput, cases: ReadonlyMap<string, CasePersonalData>): AnnualReport {
  const { org, period } = input;
  const start = org.reportingYearStartMonth;
  const year = Number(period.fromMonth.slice(0, 4));
  const previous = reportingYear(year - 1, start);
  const quarterPeriods = [1, 2, 3, 4].map((q) => reportingQuarter(year, q, start));
  const improvements = summariseImprovements(input.improvements, period, input.today);
  const indicators = indicatorsForPeriod(input.monthly, period, org, { kpi1LearningFromComplaints: learningStatement(improvements), ...input.narrative });
  const previousIndicators = indicatorsForPeriod(input.monthly, previous, org);
  const actionsTaken = publicActions(input.improvements, period, false);
  return {
    kind: 'annual',
    org: reportOrg(org),
    period,
    generatedOn: input.today,
    indicators,
    previousYear: { period: previous, indicators: previousIndicators },
    quarters: quarterPeriods.map((q) => trendPoint(q, indicatorsForPeriod(input.monthly, q, org).all)),
    yearOnYear: [trendPoint(previous, previousIndicators.all), trendPoint(period, indicators.all)],
    rootCauses: topRootCauses(countsForMonths(input.monthly, period)),
    improvements,
    actionsTaken,
    personalData: personalDataIn(input.improvements, actionsTaken, cases),
    spso: spsoJourney(input),
    feedback: feedbackSummary(input),
  };
}
