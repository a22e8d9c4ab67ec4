/**
 * What one case adds to the complaints performance indicators, as a list of dated counter
 * increments. The same list feeds both a full recount from cases and the per-organisation,
 * per-month aggregates kept in the store: when a case changes, the store subtracts the old case's
 * contributions and adds the new one's, so the aggregates always equal a recount.
 *
 * Counting rules (SPSO complaints performance indicators, 2020 set):
 * - Only kind `complaint` counts towards KPIs 4–9. Compliments and comments are counted apart
 *   (`received.compliment`, `received.comment`) in the month received.
 * - Not a complaint (status `not-a-complaint`): counted apart as `notAComplaint` in the month
 *   received; nothing else.
 * - Withdrawn before any stage was closed: counted apart as `withdrawn` in the month received and
 *   not in `received` (it never got a response). Withdrawn during stage 2, after a stage 1
 *   response: it stays a received complaint (its stage 1 closure counts) and is also counted as
 *   `withdrawnAfterStage1` in the month received; its stage 2 never closes.
 * - KPI 4 received: every other complaint counts once in the month it was received (receivedOn):
 *   `received.stage1` if it started at stage 1, `received.stage2Direct` if it went straight to
 *   stage 2. An escalation is not a new complaint.
 * - KPIs 5–9 count stage closures in the month the stage was closed (closedOn). An escalated
 *   complaint closes twice: at stage 1 (key `stage1`) and then at stage 2 (key `escalated`); a
 *   direct stage 2 complaint closes once (key `stage2Direct`).
 *   - `closed.<key>`: 1 per closure (KPI 5).
 *   - `outcome.<key>.<outcome>`: the outcome recorded at that closure (KPI 6); `unrecorded` when
 *     none was recorded, so the outcome percentages still add up to 100.
 *   - `workingDays.<key>`: working days taken, clocks.workingDaysTaken from the stage clock's start
 *     (receipt, or escalation for an escalated complaint); averaged over closures (KPI 7).
 *   - `withinTimescale.<key>`: 1 when closed on or before the standard due date (5th working day at
 *     stage 1, 20th at stage 2). Closing within an extension is NOT within the timescale (KPI 8).
 *   - `extended.<key>`: 1 when an extension was authorised for that stage (KPI 9).
 * - Every contribution is counted under the dimensions `all`, `service:<service>` and, for a
 *   complaint about a contractor or ALEO, `contractors` and `contractor:<name>`.
 */
import type { WorkingCalendar } from '../calendar';
import { workingDaysTaken } from '../clocks';
import type { Case, IsoDate, Outcome, StageRecord } from '../types';

/** The three kinds of closure the indicators report on. */
export const STAGE_KEYS = ['stage1', 'stage2Direct', 'escalated'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

export interface Contribution {
  /** `YYYY-MM`, the month of `on`: the bucket the store aggregates by. */
  month: string;
  /** The date the counted event happened (receipt or closure). */
  on: IsoDate;
  /** `all`, `service:<name>`, `contractors` or `contractor:<name>`. */
  dimension: string;
  counter: string;
  value: number;
}

export const ALL_DIMENSION = 'all';
export const CONTRACTORS_DIMENSION = 'contractors';
export const serviceDimension = (service: string): string => `service:${service}`;
export const contractorDimension = (name: string): string => `contractor:${name}`;

/** The dimensions a case is counted under. */
export function dimensionsOf(c: Case): string[] {
  const dimensions = [ALL_DIMENSION, serviceDimension(c.service)];
  if (c.contractor) dimensions.push(CONTRACTORS_DIMENSION, contractorDimension(c.contractor.name));
  return dimensions;
}

interface Fact {
  on: IsoDate;
  counter: string;
  value: number;
}

/** The outcome of a stage 2 closure: recorded on the stage, or the approved signed-off proposal. */
function stageOutcome(stage: StageRecord & { signOff?: { decision?: string; proposedOutcome: Outcome } }): Outcome | undefined {
  if (stage.outcome) return stage.outcome;
  return stage.signOff?.decision === 'approved' ? stage.signOff.proposedOutcome : undefined;
}

function closureFacts(key: StageKey, stage: StageRecord, closedOn: IsoDate, calendar: WorkingCalendar): Fact[] {
  const facts: Fact[] = [
    { on: closedOn, counter: `closed.${key}`, value: 1 },
    { on: closedOn, counter: `outcome.${key}.${stageOutcome(stage) ?? 'unrecorded'}`, value: 1 },
    { on: closedOn, counter: `workingDays.${key}`, value: workingDaysTaken(calendar, stage.clock, closedOn) },
  ];
  if (closedOn <= stage.clock.standardDue) facts.push({ on: closedOn, counter: `withinTimescale.${key}`, value: 1 });
  if (stage.clock.extensionDays > 0 || stage.extensions.length > 0) {
    facts.push({ on: closedOn, counter: `extended.${key}`, value: 1 });
  }
  return facts;
}

function caseFacts(c: Case, calendar: WorkingCalendar): Fact[] {
  const received = c.receivedOn;
  if (c.kind !== 'complaint') return [{ on: received, counter: `received.${c.kind}`, value: 1 }];
  if (c.status === 'not-a-complaint') return [{ on: received, counter: 'notAComplaint', value: 1 }];
  const stage1Closed = c.stage1?.closedOn;
  if (c.status === 'withdrawn' && !stage1Closed) return [{ on: received, counter: 'withdrawn', value: 1 }];

  const facts: Fact[] = [];
  if (c.status === 'withdrawn') facts.push({ on: received, counter: 'withdrawnAfterStage1', value: 1 });
  const direct = !c.stage1 && c.stage2?.route === 'direct';
  facts.push({ on: received, counter: direct ? 'received.stage2Direct' : 'received.stage1', value: 1 });
  if (c.stage1 && stage1Closed) facts.push(...closureFacts('stage1', c.stage1, stage1Closed, calendar));
  const stage2 = c.stage2;
  if (stage2?.closedOn && c.status !== 'withdrawn') {
    facts.push(...closureFacts(direct ? 'stage2Direct' : 'escalated', stage2, stage2.closedOn, calendar));
  }
  return facts;
}

/** Everything one case contributes, for every dimension it belongs to. Pure and deterministic. */
export function caseContributions(c: Case, calendar: WorkingCalendar): Contribution[] {
  const dimensions = dimensionsOf(c);
  return caseFacts(c, calendar).flatMap((fact) =>
    dimensions.map((dimension) => ({ month: fact.on.slice(0, 7), on: fact.on, dimension, counter: fact.counter, value: fact.value })),
  );
}
