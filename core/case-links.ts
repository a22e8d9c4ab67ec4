/**
 * Linking cases: the same customer complaining again (a repeat) or several complaints about one
 * incident. A link is recorded on both cases (the `link-case` action applied to each, core/workflow),
 * so either case's timeline shows it. Pure.
 */
import { violation, type RuleViolation } from './errors';
import { canSeeCase } from './permissions';
import type { Actor, Case } from './types';

export const CASE_LINK_RELATIONS = ['repeat', 'same-incident', 'related'] as const;
export type CaseLinkRelation = (typeof CASE_LINK_RELATIONS)[number];

export const CASE_LINK_WORDS: Record<CaseLinkRelation, string> = {
  repeat: 'Repeat complaint',
  'same-incident': 'Same incident',
  related: 'Related case',
};

/** Why `from` may not be linked to `to` by this person (both cases read by the adapter), or null. */
export function checkCaseLink(actor: Actor, from: Case, to: Case | undefined, toReference: string): RuleViolation | null {
  if (from.reference === toReference.trim()) return violation('invalid-input', `A case cannot be linked to itself; give the reference of another case than ${from.reference}.`);
  // Another organisation's case, or one the person cannot see, is as good as missing.
  if (!to || to.orgId !== from.orgId || !canSeeCase(actor, to))
    return violation('invalid-input', `There is no case ${toReference} in your organisation that you can see; check the reference.`);
  return null;
}
