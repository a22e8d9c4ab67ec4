/**
 * Routes in the address's hash, so a link can open any page: `…/tab#/case/CHP-2026-000123` (used by
 * cards and the add-in), `#/improvements`, `#/reports`, `#/awareness`, `#/settings`; anything else is the caseload.
 */
import { useEffect, useState } from 'preact/hooks';
import { routeFromHash, type Route } from './routes';

export { routeFromHash, routeFromSubPage, type Route } from './routes';

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeFromHash(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
