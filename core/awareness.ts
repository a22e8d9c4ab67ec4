/**
 * Staff awareness and training records (F16) and customer satisfaction survey results: the
 * evidence behind SPSO indicators 3 ("what was done to keep staff aware and trained") and 2
 * ("customer satisfaction with the complaints process"). The reports print the sentences built here.
 */
import type { ReportPeriod } from './reports/periods';
import type { IsoDate, IsoDateTime } from './types';

export const TRAINING_KINDS = ['induction', 'refresher', 'awareness'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  induction: 'Induction training',
  refresher: 'Refresher training',
  awareness: 'Awareness (briefing, bulletin)',
};

export interface TrainingInput {
  kind: TrainingKind;
  /** What it was, e.g. "Complaints handling procedure: frontline induction". */
  title: string;
  deliveredOn: IsoDate;
  /** Who it was for, e.g. "New starts, Housing Repairs". */
  audience: string;
  /** How many staff took part (0 for a bulletin whose readers are not counted). */
  attendees: number;
}

export interface TrainingRecord extends TrainingInput {
  id: string;
  orgId: string;
  recordedBy: string;
  recordedAt: IsoDateTime;
}

export interface SurveyInput {
  /** The months of complaints the survey asked about (`YYYY-MM`, both included). */
  fromMonth: string;
  toMonth: string;
  responses: number;
  /** Respondents satisfied with how their complaint was handled. */
  satisfied: number;
  /** How it was asked, e.g. "Text message survey after closure". */
  method: string;
  /** What people said, in a sentence or two. */
  summary?: string;
}

export interface SurveyResult extends SurveyInput {
  id: string;
  orgId: string;
  recordedBy: string;
  recordedAt: IsoDateTime;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** What is wrong with a training record a person entered, field by field (empty when it is fine). */
export function trainingProblems(input: TrainingInput, today: IsoDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.deliveredOn > today) problems.push({ field: 'deliveredOn', message: 'is in the future: record training once it has taken place' });
  if (!Number.isInteger(input.attendees) || input.attendees < 0) problems.push({ field: 'attendees', message: 'must be a whole number, 0 or more' });
  return problems;
}

/** What is wrong with a survey result a person entered, field by field (empty when it is fine). */
export function surveyProblems(input: SurveyInput, today: IsoDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.fromMonth > input.toMonth) problems.push({ field: 'toMonth', message: 'is before the first month: the survey must cover from one month to the same or a later one' });
  if (input.toMonth > today.slice(0, 7)) problems.push({ field: 'toMonth', message: 'is in the future: record a survey of complaints already handled' });
  if (!Number.isInteger(input.responses) || input.responses < 1) problems.push({ field: 'responses', message: 'must be a whole number, 1 or more' });
  if (!Number.isInteger(input.satisfied) || input.satisfied < 0) problems.push({ field: 'satisfied', message: 'must be a whole number, 0 or more' });
  else if (input.satisfied > input.responses) problems.push({ field: 'satisfied', message: `cannot be more than the ${input.responses} responses` });
  return problems;
}

type Months = Pick<ReportPeriod, 'fromMonth' | 'toMonth'>;

const inPeriod = (record: TrainingRecord, period: Months): boolean => {
  const month = record.deliveredOn.slice(0, 7);
  return month >= period.fromMonth && month <= period.toMonth;
};

/** A survey counts for a period when the months it asked about overlap the period. */
const overlaps = (survey: SurveyInput, period: Months): boolean => survey.fromMonth <= period.toMonth && survey.toMonth >= period.fromMonth;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;

/** Indicator 3 for a period: the training and awareness activity delivered in it; null when none was recorded. */
export function trainingStatement(records: readonly TrainingRecord[], period: Months): string | null {
  const held = records.filter((r) => inPeriod(r, period));
  if (held.length === 0) return null;
  const parts = TRAINING_KINDS.map((kind) => {
    const ofKind = held.filter((r) => r.kind === kind);
    if (ofKind.length === 0) return undefined;
    const staff = ofKind.reduce((sum, r) => sum + r.attendees, 0);
    const what = { induction: plural(ofKind.length, 'induction session'), refresher: plural(ofKind.length, 'refresher session'), awareness: plural(ofKind.length, 'awareness briefing or bulletin', 'awareness briefings or bulletins') }[kind];
    return staff > 0 ? `${what} (${plural(staff, 'member of staff', 'members of staff')})` : what;
  }).filter((part): part is string => part !== undefined);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `${list} on the complaints handling procedure.`;
}

/** Indicator 2 for a period: the survey results that cover it, added up; null when none was recorded. */
export function surveyStatement(surveys: readonly SurveyResult[], period: Months): string | null {
  const covering = surveys.filter((s) => overlaps(s, period));
  if (covering.length === 0) return null;
  const responses = covering.reduce((sum, s) => sum + s.responses, 0);
  const satisfied = covering.reduce((sum, s) => sum + s.satisfied, 0);
  const methods = [...new Set(covering.map((s) => s.method.trim()).filter((m) => m !== ''))];
  const how = methods.length > 0 ? ` (${methods.join('; ')})` : '';
  const surveysAnswered = covering.length === 1 ? 'the survey' : `${covering.length} surveys`;
  return `${satisfied.toLocaleString('en-GB')} of ${plural(responses, 'person', 'people')} who answered ${surveysAnswered}${how} ${satisfied === 1 ? 'was' : 'were'} satisfied with how their complaint was handled: ${percent(satisfied, responses)}.`;
}
