/**
 * "Did the improvement work?": for a completed improvement action, the complaints with the same root
 * cause in the same service, in the same number of whole months before and after the month it was
 * completed. Read from the monthly aggregates (`rootCause.<category>` under `service:<name>`, see
 * contributions.ts), never from cases.
 *
 * Counting rules (tested in test/governance/effect.test.ts, each by name):
 * - EFFECT-1 windows: the month of completion belongs to neither side. "After" is the whole months
 *   from the month after completion to the last complete month before `asOf` (at most
 *   EFFECT_MAX_MONTHS); "before" is as many months ending with the month before completion.
 * - EFFECT-2 too early: with no whole month after completion yet, there is nothing to compare.
 * - EFFECT-3 no root cause: an action with no root cause category cannot be measured.
 * - EFFECT-4 too few to tell: when the two windows together hold fewer than EFFECT_MIN_COMPLAINTS
 *   complaints, the figures are shown with a caution that they are too small to mean anything.
 * - A complaint counts in the month of its root cause (its latest closure, or receipt while open),
 *   under the service's current name.
 */
import type { ImprovementAction } from '../learning';
import { serviceDimension } from '../indicators';
import { countsUnderCurrentNames, type ServiceSettings } from '../services';
import type { IsoDate } from '../types';
import { ROOT_CAUSE_PREFIX } from './contributions';
import { monthFromIndex, monthIndex } from './periods';
import { countsForMonths, type MonthlyCounts } from './summaries';

export const EFFECT_MAX_MONTHS = 12;
/** Below this many complaints in both windows together, a change means nothing. */
export const EFFECT_MIN_COMPLAINTS = 10;

export type EffectVerdict = 'too-early' | 'no-root-cause' | 'too-few' | 'fewer' | 'same' | 'more';

export interface ImprovementEffect {
  actionId: string;
  service: string;
  description: string;
  rootCauseCategory?: string;
  completedOn: IsoDate;
  months: number;
  before?: { fromMonth: string; toMonth: string; complaints: number };
  after?: { fromMonth: string; toMonth: string; complaints: number };
  verdict: EffectVerdict;
  /** What the figures say, in plain words, with the caution when they are too few. */
  statement: string;
}

/** The months the effect of actions completed from `fromMonth` on needs, up to `asOf`. */
export function effectMonthsNeeded(fromMonth: string, asOf: IsoDate): { fromMonth: string; toMonth: string } {
  return { fromMonth: monthFromIndex(monthIndex(fromMonth) - EFFECT_MAX_MONTHS), toMonth: monthFromIndex(monthIndex(asOf.slice(0, 7)) - 1) };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function improvementEffect(action: ImprovementAction, monthly: MonthlyCounts, settings: ServiceSettings, asOf: IsoDate): ImprovementEffect | undefined {
  if (action.status !== 'completed' || !action.completedOn) return undefined;
  const base = { actionId: action.id, service: action.service, description: action.description, rootCauseCategory: action.rootCauseCategory, completedOn: action.completedOn };
  const completedMonth = monthIndex(action.completedOn.slice(0, 7));
  const lastComplete = monthIndex(asOf.slice(0, 7)) - 1;
  const months = Math.min(EFFECT_MAX_MONTHS, Math.max(0, lastComplete - completedMonth));
  if (!action.rootCauseCategory) {
    return { ...base, months, verdict: 'no-root-cause', statement: 'No root cause is recorded on this action, so its effect on complaints cannot be measured.' };
  }
  if (months === 0) {
    return { ...base, months, verdict: 'too-early', statement: 'Too early to tell: no whole month has passed since the action was completed.' };
  }
  const count = (from: number, to: number): { fromMonth: string; toMonth: string; complaints: number } => {
    const window = { fromMonth: monthFromIndex(from), toMonth: monthFromIndex(to) };
    const counts = countsUnderCurrentNames(countsForMonths(monthly, window), settings);
    return { ...window, complaints: counts[serviceDimension(action.service)]?.[`${ROOT_CAUSE_PREFIX}${action.rootCauseCategory}`] ?? 0 };
  };
  const before = count(completedMonth - months, completedMonth - 1);
  const after = count(completedMonth + 1, completedMonth + months);
  const span = plural(months, 'month');
  const figures = `${plural(before.complaints, 'complaint')} about "${action.rootCauseCategory}" in ${action.service} in the ${span} before, ${after.complaints} in the ${span} after`;
  if (before.complaints + after.complaints < EFFECT_MIN_COMPLAINTS) {
    return {
      ...base,
      months,
      before,
      after,
      verdict: 'too-few',
      statement: `${figures}. Caution: fewer than ${EFFECT_MIN_COMPLAINTS} complaints in the two periods together are too few to say whether the action made a difference.`,
    };
  }
  const verdict: EffectVerdict = after.complaints < before.complaints ? 'fewer' : after.complaints > before.complaints ? 'more' : 'same';
  const words = { fewer: 'fewer complaints since', more: 'more complaints since', same: 'no change' }[verdict];
  return { ...base, months, before, after, verdict, statement: `${figures}: ${words}.` };
}

/** The effect of each action completed on or before `asOf`, most recently completed first. */
export function improvementEffects(actions: readonly ImprovementAction[], monthly: MonthlyCounts, settings: ServiceSettings, asOf: IsoDate): ImprovementEffect[] {
  return actions
    .map((a) => improvementEffect(a, monthly, settings, asOf))
    .filter((e): e is ImprovementEffect => !!e && e.completedOn <= asOf)
    .sort((a, b) => b.completedOn.localeCompare(a.completedOn) || a.actionId.localeCompare(b.actionId));
}
