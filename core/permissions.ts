/**
 * Roles and permissions, following Part 4 of the model CHP ("Roles and responsibilities").
 * ROLE_PERMISSIONS is the one table; every adapter asks here rather than checking role names.
 */
import type { Actor, Case, Role } from './types';

export const PERMISSIONS = [
  'case.create',
  'case.read',
  'case.update',
  'case.assign',
  'case.extend.stage1',
  'case.extend.stage2',
  'case.acknowledge',
  /** Close stage 1 with an outcome (the frontline response). */
  'case.close',
  /** Issue the signed-off stage 2 final response. */
  'case.close.stage2',
  'case.escalate',
  'case.request-signoff',
  'case.signoff',
  'case.withdraw',
  'case.not-a-complaint',
  'case.root-cause',
  'case.spso',
  'case.legal-hold',
  /** Produce the whole case file (HTML/PDF) of a case; the request is recorded on its timeline. */
  'case.file.export',
  'improvement.create',
  'improvement.authorise',
  'improvement.update',
  'report.read',
  'report.publish',
  /** Record staff training and awareness activity (indicator 3). */
  'training.record',
  /** Record customer satisfaction survey results (indicator 2). */
  'survey.record',
  /**
   * Answer a subject access request (UK GDPR art. 15): find every case about a person across the
   * whole organisation, whatever the caseload scope, and export it with others' data marked for redaction.
   */
  'privacy.subject-access',
  /**
   * See who opened a social-work case or one under legal hold (the access log). Not a case.*
   * permission, so senior managers who may act on every case do not get it with the others.
   */
  'privacy.access-log.read',
  'settings.manage',
  'jobs.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const HANDLER: readonly Permission[] = [
  'case.create',
  'case.read',
  'case.update',
  'case.close',
  'case.withdraw',
  'case.not-a-complaint',
  'case.root-cause',
];
const INVESTIGATOR: readonly Permission[] = [
  ...HANDLER,
  'case.acknowledge',
  'case.escalate',
  'case.request-signoff',
  'case.close.stage2',
  'improvement.create',
  'improvement.update',
];
const HEAD_OF_SERVICE: readonly Permission[] = [
  ...INVESTIGATOR,
  'case.assign',
  'case.extend.stage1',
  'case.signoff',
  'improvement.authorise',
  'report.read',
];
const ALL_CASE_PERMISSIONS = PERMISSIONS.filter((p) => p.startsWith('case.'));
const SENIOR_MANAGER: readonly Permission[] = [
  ...ALL_CASE_PERMISSIONS,
  'improvement.create',
  'improvement.authorise',
  'improvement.update',
  'report.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  'complaint-handler': HANDLER,
  investigator: INVESTIGATOR,
  'head-of-service': HEAD_OF_SERVICE,
  director: SENIOR_MANAGER,
  'chief-executive': SENIOR_MANAGER,
  'complaints-manager': [
    'case.read',
    'case.assign',
    'case.extend.stage1',
    'case.spso',
    'case.legal-hold',
    'case.file.export',
    'privacy.access-log.read',
    'report.read',
    'report.publish',
    'survey.record',
    'privacy.subject-access',
  ],
  'training-officer': ['training.record'],
  cswo: ['case.read', 'privacy.access-log.read', 'report.read'],
  'management-committee': ['report.read'],
  administrator: ['settings.manage', 'jobs.run'],
};

/** Roles that see every case of the organisation. */
const ALL_CASES_ROLES: readonly Role[] = ['director', 'chief-executive', 'complaints-manager'];
/** Roles that see every case of the services they work in. */
const SERVICE_SCOPE_ROLES: readonly Role[] = ['investigator', 'head-of-service'];
/** Roles that see the cases they logged or own. */
const OWN_CASES_ROLES: readonly Role[] = ['complaint-handler', 'investigator', 'head-of-service'];

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
}

/** Who may read the training and survey records: whoever records them, and whoever reads the reports they feed. */
export function canReadAwareness(actor: Actor): boolean {
  return hasPermission(actor, 'training.record') || hasPermission(actor, 'survey.record') || hasPermission(actor, 'report.read');
}

export interface CaseScope {
  all: boolean;
  /** Services whose cases are all visible. */
  services: string[];
  /** Cases this user logged or owns are visible (empty string: none). */
  userId: string;
  /** Social-work cases are visible (Chief Social Work Officer). */
  socialWork: boolean;
}

/** Which cases the actor may see; null when they may see none (e.g. management committee, administrator). */
export function caseScope(actor: Actor): CaseScope | null {
  if (!hasPermission(actor, 'case.read')) return null;
  const has = (roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));
  return {
    all: has(ALL_CASES_ROLES),
    services: has(SERVICE_SCOPE_ROLES) ? [...actor.services] : [],
    userId: has(OWN_CASES_ROLES) ? actor.userId : '',
    socialWork: actor.roles.includes('cswo'),
  };
}

/** Whether the case is inside a scope (the same rule the store applies as a query filter). */
export function scopeIncludes(scope: CaseScope, c: Pick<Case, 'owner' | 'loggedBy' | 'service' | 'socialWork'>): boolean {
  if (scope.all) return true;
  if (scope.userId && (c.owner === scope.userId || c.loggedBy === scope.userId)) return true;
  if (scope.services.includes(c.service)) return true;
  return scope.socialWork && c.socialWork;
}

export function canSeeCase(actor: Actor, c: Case): boolean {
  const scope = caseScope(actor);
  return scope !== null && scopeIncludes(scope, c);
}
