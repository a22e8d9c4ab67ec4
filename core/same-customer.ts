/**
 * "Has this person complained before?": the customer's other cases, matched by email, phone or name
 * the forgiving way subject access matches (core/subject-access.ts), but only on the customer's own
 * details — not a representative or a mention in the text, which would be someone else's case.
 * Pure; the store scans only the cases the viewer may see (their caseload scope).
 */
import { matchCase, normaliseSearch, type MatchedField, type NormalisedSearch } from './subject-access';
import type { Case } from './types';

export type CustomerMatch = 'email' | 'phone' | 'name';

/** The search for a case's customer; undefined when there is nothing to match (anonymous, no details). */
export function customerSearch(c: Pick<Case, 'customer'>): NormalisedSearch | undefined {
  const { name, email, phone } = c.customer;
  const search = normaliseSearch({ name, email, phone });
  return search.name || search.email || search.phone ? search : undefined;
}

/** How another case's customer matches the search; empty when it is not the same person. */
export function customerMatches(other: Pick<Case, 'customer'>, search: NormalisedSearch): CustomerMatch[] {
  const fields: MatchedField[] = matchCase({ customer: other.customer, nature: '' }, search);
  return fields.filter((f) => f.startsWith('customer.')).map((f) => f.slice('customer.'.length) as CustomerMatch);
}

/** One of the customer's other cases, as the case page lists it. */
export interface SameCustomerCase {
  reference: string;
  kind: Case['kind'];
  status: Case['status'];
  service: string;
  receivedOn: string;
  matched: CustomerMatch[];
}
