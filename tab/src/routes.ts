/** The tab's routes as pure functions of the address hash or a Teams sub-page id (no DOM here). */
export type Route = { name: 'caseload' } | { name: 'case'; reference: string } | { name: 'improvements' } | { name: 'reports' } | { name: 'awareness' } | { name: 'subject-access' } | { name: 'settings' } | { name: 'roles' } | { name: 'templates' } | { name: 'import-history' };

const REFERENCE = /^CHP-\d{4}-\d{6}$/;

export function routeFromHash(hash: string): Route {
  let path: string;
  try {
    path = decodeURIComponent(hash.replace(/^#\/?/, '')).split('?')[0];
  } catch {
    return { name: 'caseload' }; // a malformed escape: show the caseload rather than fail
  }
  const [first, second] = path.split('/');
  if (first === 'case' && second && REFERENCE.test(second.toUpperCase())) return { name: 'case', reference: second.toUpperCase() };
  if (first === 'improvements') return { name: 'improvements' };
  if (first === 'reports') return { name: 'reports' };
  if (first === 'awareness') return { name: 'awareness' };
  if (first === 'subject-access') return { name: 'subject-access' };
  if (first === 'settings') return { name: 'settings' };
  if (first === 'roles') return { name: 'roles' };
  if (first === 'templates') return { name: 'templates' };
  if (first === 'import-history') return { name: 'import-history' };
  return { name: 'caseload' };
}

/**
 * The hash for a Teams deep link's sub-page id (subEntityId): "case/CHP-…" opens that case; "reports"
 * and "improvements" open those pages; anything else leaves the caseload.
 */
export function routeFromSubPage(subPageId: string | undefined): string | undefined {
  if (!subPageId) return undefined;
  const route = routeFromHash(`#/${subPageId.replace(/^#?\/?/, '')}`);
  return route.name === 'case' ? `#/case/${route.reference}` : route.name === 'caseload' ? undefined : `#/${route.name}`;
}
