/**
 * Finding every case about a person in an organisation, for a subject access request. Whatever the
 * caller's caseload scope: the route checks the privacy.subject-access permission instead.
 *
 * Cost: a scan of the organisation's partition. Customer details and the nature text are not indexed
 * (docs/storage.md), and a phone number or a name written another way cannot be matched by an index
 * lookup anyway, so the query reads every case document of the organisation, projected to the few
 * fields matching needs, 500 a page; then only the matches are read whole (point reads). A council
 * holding 60,000 cases (six years of retention) pays some thousands of RU per search — acceptable
 * for a request made a few times a year by one person; a searchable index of normalised identifiers
 * (kept with each case write) would be the next step if that changes.
 */
import { matchCase, normaliseSearch, type MatchableCase, type MatchedCase, type SubjectSearch } from '../core/subject-access';
import type { Store } from './index';

const SCAN_PAGE = 500;

/** More matches than this are not one person: the search needs narrowing (the route says so). */
export const MAX_SUBJECT_CASES = 200;

export class TooManyMatches extends Error {
  constructor(readonly count: number) {
    super(`More than ${MAX_SUBJECT_CASES} cases match this search.`);
    this.name = 'TooManyMatches';
  }
}

type Projected = MatchableCase & { id: string };

/** The cases about the person, oldest first, each with where they were found on it. */
export async function findCasesAbout(store: Store, orgId: string, search: SubjectSearch): Promise<MatchedCase[]> {
  const wanted = normaliseSearch(search);
  const spec = {
    query: "SELECT c.id, c.customer, c.representative, c.nature FROM c WHERE c.orgId = @orgId AND c.type = 'case'",
    parameters: [{ name: '@orgId', value: orgId }],
  };
  const hits: { reference: string; matched: MatchedCase['matched'] }[] = [];
  const pages = store.containers.cases.items.query<Projected>(spec, { partitionKey: orgId, maxItemCount: SCAN_PAGE });
  while (pages.hasMoreResults()) {
    const { resources } = await pages.fetchNext();
    for (const doc of resources) {
      const matched = matchCase(doc, wanted);
      if (matched.length === 0) continue;
      hits.push({ reference: doc.id, matched });
      if (hits.length > MAX_SUBJECT_CASES) throw new TooManyMatches(hits.length);
    }
  }
  const found: MatchedCase[] = [];
  for (const hit of hits) {
    const c = await store.cases.get(orgId, hit.reference);
    if (c) found.push({ case: c, matched: hit.matched }); // disposed of between the scan and the read: gone
  }
  return found.sort((a, b) => a.case.receivedAt.localeCompare(b.case.receivedAt));
}
