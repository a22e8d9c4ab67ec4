/**
 * The SPSO journey: what the Scottish Public Services Ombudsman decided about complaints that came to
 * it after our final response, and how we kept up with its recommendations. Counted from case
 * contributions (so the monthly aggregates carry them and a rebuild equals a recount), read back by
 * the reports per service and per stage.
 *
 * Counting rules (each has a test named after it in test/governance/spso.test.ts):
 * - SPSO-1 decided: a case counts once as `spso.decided` in the month the SPSO's decision is recorded
 *   (`spso.decidedOn`), whatever the decision ("not taken forward" included). Referred cases not yet
 *   decided are not counted here: they are on the liaison officer's list of open SPSO cases.
 * - SPSO-2 upheld after we did not uphold: of those, the SPSO upheld or partly upheld the complaint
 *   while our last response (stage 2 if the case reached stage 2, else stage 1) was "not upheld".
 *   Counted as `spso.upheldAfterNotUpheld.<stage>` with the stage of that last response: `stage1`,
 *   `stage2Direct` or `escalated`. A complaint we upheld or partly upheld, or resolved, is never
 *   counted here whatever the SPSO decided.
 * - SPSO-3 recommendations due: one per recommendation with a due date, in the month it is due.
 * - SPSO-4 recommendations implemented: one per recommendation, in the month it was implemented.
 * - SPSO-5 recommendations overdue: one per recommendation due in the period that was implemented
 *   after its due date or has not been implemented, counted in the month it was due. (For a period
 *   still running, a recommendation due later in the period and not yet implemented is counted too:
 *   the liaison officer's list shows each with its date.)
 * - All counters are kept for the organisation, each service and contractors, like the indicators.
 */
import { dimensionsOf, type Contribution, type StageKey } from '../indicators';
import type { Case, IsoDate, Outcome } from '../types';

export const SPSO_DECIDED = 'spso.decided';
export const SPSO_UPHELD_AFTER_NOT_UPHELD = 'spso.upheldAfterNotUpheld';
export const SPSO_RECOMMENDATION_DUE = 'spso.recommendation.due';
export const SPSO_RECOMMENDATION_IMPLEMENTED = 'spso.recommendation.implemented';
export const SPSO_RECOMMENDATION_OVERDUE = 'spso.recommendation.overdue';

/** Our last response to a complaint: its stage key and outcome, or undefined when none was given. */
export function lastResponse(c: Case): { stage: StageKey; outcome?: Outcome } | undefined {
  if (c.stage2?.closedOn) {
    const outcome = c.stage2.outcome ?? (c.stage2.signOff?.decision === 'approved' ? c.stage2.signOff.proposedOutcome : undefined);
    return { stage: c.stage1 ? 'escalated' : 'stage2Direct', outcome };
  }
  if (c.stage1?.closedOn) return { stage: 'stage1', outcome: c.stage1.outcome };
  return undefined;
}

interface Fact {
  on: IsoDate;
  counter: string;
}

function spsoFacts(c: Case): Fact[] {
  const spso = c.spso;
  if (c.kind !== 'complaint' || !spso) return [];
  const facts: Fact[] = [];
  if (spso.decidedOn && spso.decision) {
    facts.push({ on: spso.decidedOn, counter: SPSO_DECIDED });
    const ours = lastResponse(c);
    const spsoUpheld = spso.decision === 'upheld' || spso.decision === 'partially-upheld';
    if (spsoUpheld && ours?.outcome === 'not-upheld') facts.push({ on: spso.decidedOn, counter: `${SPSO_UPHELD_AFTER_NOT_UPHELD}.${ours.stage}` });
  }
  for (const r of spso.recommendations) {
    if (r.dueOn) facts.push({ on: r.dueOn, counter: SPSO_RECOMMENDATION_DUE });
    if (r.implementedOn) facts.push({ on: r.implementedOn, counter: SPSO_RECOMMENDATION_IMPLEMENTED });
    if (r.dueOn && (!r.implementedOn || r.implementedOn > r.dueOn)) facts.push({ on: r.dueOn, counter: SPSO_RECOMMENDATION_OVERDUE });
  }
  return facts;
}

/** What one case adds to the SPSO counters, under every dimension it belongs to. */
export function spsoContributions(c: Case): Contribution[] {
  const dimensions = dimensionsOf(c);
  return spsoFacts(c).flatMap((f) => dimensions.map((dimension) => ({ month: f.on.slice(0, 7), on: f.on, dimension, counter: f.counter, value: 1 })));
}

export interface SpsoFigures {
  decided: number;
  upheldAfterNotUpheld: Record<StageKey, number> & { total: number };
  recommendationsDue: number;
  recommendationsOverdue: number;
  recommendationsImplemented: number;
}

/** The SPSO figures of one dimension's counters (one period's sum). */
export function spsoFigures(counters: Readonly<Record<string, number>> | undefined): SpsoFigures {
  const n = (counter: string): number => counters?.[counter] ?? 0;
  const stage1 = n(`${SPSO_UPHELD_AFTER_NOT_UPHELD}.stage1`);
  const stage2Direct = n(`${SPSO_UPHELD_AFTER_NOT_UPHELD}.stage2Direct`);
  const escalated = n(`${SPSO_UPHELD_AFTER_NOT_UPHELD}.escalated`);
  return {
    decided: n(SPSO_DECIDED),
    upheldAfterNotUpheld: { stage1, stage2Direct, escalated, total: stage1 + stage2Direct + escalated },
    recommendationsDue: n(SPSO_RECOMMENDATION_DUE),
    recommendationsOverdue: n(SPSO_RECOMMENDATION_OVERDUE),
    recommendationsImplemented: n(SPSO_RECOMMENDATION_IMPLEMENTED),
  };
}

/** The counting rules in words, printed beside the figures. */
export const SPSO_COUNTING_RULES: readonly string[] = [
  'Decided: complaints the SPSO decided in the period (by the date its decision was recorded), whatever it decided, including complaints it did not take forward.',
  'Upheld after we did not uphold: of those, complaints the SPSO upheld or partly upheld when our last response (stage 2 if the complaint reached it, otherwise stage 1) found it not upheld. Shown by the stage of that last response.',
  'Recommendations due: SPSO recommendations whose due date falls in the period. Implemented: recommendations implemented in the period, whenever they were due.',
  'Overdue: recommendations due in the period that were implemented after their due date or have not been implemented yet (for a period still running, this includes any due later in the period and not yet implemented).',
];

export interface OpenSpsoCase {
  reference: string;
  service: string;
  referredOn: IsoDate;
  decision?: string;
  decidedOn?: IsoDate;
  /** Recommendations not yet implemented, with their due dates, soonest first. */
  outstanding: { text: string; dueOn?: IsoDate; overdue: boolean }[];
}

/**
 * A case is open with the SPSO while the SPSO has not decided, or while any of its recommendations
 * is not yet implemented.
 */
export function openSpsoCase(c: Pick<Case, 'reference' | 'service' | 'spso'>, today: IsoDate): OpenSpsoCase | undefined {
  const spso = c.spso;
  if (!spso) return undefined;
  const outstanding = spso.recommendations
    .filter((r) => !r.implementedOn)
    .map((r) => ({ text: r.text, dueOn: r.dueOn, overdue: !!r.dueOn && r.dueOn < today }))
    .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  if (spso.decision && outstanding.length === 0) return undefined;
  return { reference: c.reference, service: c.service, referredOn: spso.referredOn, decision: spso.decision, decidedOn: spso.decidedOn, outstanding };
}
