/**
 * Who is reminded that an improvement action awaits authorisation: chosen by what people's roles
 * allow under the organisation's own definitions (resolved into each actor), never by role ids, so a
 * renamed or added role is reminded as the role it acts as. Pure.
 *
 * The nearest managers first (the model CHP: heads of service manage complaints in their services,
 * senior managers oversee the actions complaints lead to):
 * 1. those who may authorise improvement actions and whose cases are the service's (not every case);
 * 2. if none, those who may authorise them and see every case of the organisation (senior managers);
 * 3. if none, anyone who may authorise them.
 */
import { caseScope, hasPermission } from './permissions';
import type { Actor } from './types';

export function authorisersToRemind(people: readonly Actor[], service: string): string[] {
  const authorisers = people.filter((p) => hasPermission(p, 'improvement.authorise'));
  const inService = authorisers.filter((p) => {
    const scope = caseScope(p);
    return scope !== null && !scope.all && scope.services.includes(service);
  });
  if (inService.length > 0) return ids(inService);
  const senior = authorisers.filter((p) => caseScope(p)?.all);
  return ids(senior.length > 0 ? senior : authorisers);
}

const ids = (people: readonly Actor[]) => [...new Set(people.map((p) => p.userId))];
