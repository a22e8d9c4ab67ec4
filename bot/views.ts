/** The cards a given viewer sees for a case: buttons from core availableActions(), refresh for those who act. */
import { noteRefusal } from '../core/notes';
import { ownerProblem } from '../core/ownership';
import { availableActions } from '../core/workflow';
import type { Actor, Case } from '../core/types';
import { approvalCard } from './cards/approvalCard';
import { caseCard, MAX_REFRESH_USERS, type Notice } from './cards/caseCard';
import type { AdaptiveCardJson } from './cards/render';
import { actorOf, type OrgView } from './runtime';

/** Staff who may do something on the case now, plus its owner, logger and sign-off author. */
export function interestedUserIds(view: OrgView, c: Case): string[] {
  const ids = new Set<string>([c.owner, c.loggedBy, c.stage2?.signOff?.author].filter((id): id is string => Boolean(id)));
  for (const person of view.staff) {
    if (ids.size >= MAX_REFRESH_USERS) break;
    if (availableActions(c, actorOf(view, person.userId, person.displayName)).length > 0) ids.add(person.userId);
  }
  return [...ids].slice(0, MAX_REFRESH_USERS);
}

/** Staff the core would let sign off this case now (never its author). */
export function approversOf(view: OrgView, c: Case): string[] {
  return view.staff.filter((p) => availableActions(c, actorOf(view, p.userId, p.displayName)).includes('approve-signoff')).map((p) => p.userId);
}

/** The staff the assign picker offers: those core/ownership lets own this case. */
export function ownerChoices(view: OrgView, c: Case): OrgView['staff'] {
  const context = (candidateId: string) => ({ candidateId, orgName: view.org.settings.name });
  return view.staff.filter((p) => ownerProblem(actorOf(view, p.userId, p.displayName), c, context(p.userId)) === undefined);
}

export function caseCardFor(view: OrgView, c: Case, viewer: Actor, today: string, notice?: Notice): AdaptiveCardJson {
  return caseCard({
    case: c,
    actions: availableActions(c, viewer),
    calendar: view.calendar,
    today,
    staff: view.staff,
    ownerChoices: ownerChoices(view, c),
    canAddNote: noteRefusal(viewer, c) === null,
    refreshUserIds: interestedUserIds(view, c).map(view.teamsIdOf),
    notice,
  });
}

export function approvalCardFor(view: OrgView, c: Case, viewer: Actor, today: string, notice?: Notice): AdaptiveCardJson {
  const refreshUserIds = [...new Set([...approversOf(view, c), c.stage2?.signOff?.author, c.stage2?.signOff?.decidedBy, c.owner].filter((id): id is string => Boolean(id)))];
  return approvalCard({ case: c, actions: availableActions(c, viewer), calendar: view.calendar, today, staff: view.staff, refreshUserIds: refreshUserIds.map(view.teamsIdOf), notice });
}
