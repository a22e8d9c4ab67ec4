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
  /** Remove a document someone else added to a case (anyone with case.update may remove their own: core/documents.ts). */
  'case.document.remove',
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
  /** Edit the organisation's letter and email templates and the SPSO contact details they merge in. */
  'correspondence.templates',
  'settings.manage',
  'jobs.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What each permission allows, in a sentence an administrator can act on (the role definitions page and
 * the published "Roles and responsibilities" statement use them). A permission added above without a
 * sentence here is still offered, described by permissionSentence's fallback.
 */
export const PERMISSION_SENTENCES: Partial<Record<Permission, string>> = {
  'case.create': 'Take and record a complaint, compliment or comment at the frontline.',
  'case.read': 'See the cases within their case scope.',
  'case.update': 'Handle a case: correct its details and add messages to it; they may be made its owner.',
  'case.assign': 'Assign a case to a member of staff who handles complaints.',
  'case.extend.stage1': 'Authorise up to 5 more working days for a stage 1 response.',
  'case.extend.stage2': 'Authorise more time for a stage 2 investigation (a senior manager decision in the procedure).',
  'case.acknowledge': 'Acknowledge a stage 2 complaint within 3 working days.',
  'case.close': 'Give the frontline (stage 1) response and close stage 1 with an outcome.',
  'case.close.stage2': 'Issue the signed-off stage 2 final response and close the case.',
  'case.escalate': 'Escalate a complaint to stage 2 investigation.',
  'case.request-signoff': 'Put a drafted stage 2 final position forward for sign-off.',
  'case.signoff': 'Sign off (approve or return) a stage 2 final position drafted by someone else.',
  'case.withdraw': 'Record that the customer withdrew the complaint.',
  'case.not-a-complaint': 'Record that a contact is not a complaint under the procedure, and why.',
  'case.root-cause': 'Record the underlying cause of a complaint and the remedial action.',
  'case.spso': 'Record referrals to the SPSO, its decisions and the implementation of its recommendations.',
  'case.legal-hold': 'Place or release a legal hold that keeps a case from disposal.',
  'improvement.create': 'Propose an improvement action from what a complaint taught.',
  'improvement.authorise': 'Authorise improvement actions and their target dates.',
  'improvement.update': 'Update the progress of improvement actions.',
  'report.read': 'Read the complaints performance reports and indicators.',
  'report.publish': 'Publish the quarterly and annual complaints reports.',
  'training.record': 'Record staff training and awareness of the procedure (indicator 3).',
  'survey.record': 'Record the results of customer satisfaction surveys (indicator 2).',
  'privacy.subject-access': 'Answer a subject access request: find and export every case about a person, across the whole organisation.',
  'privacy.access-log.read': 'See who opened a social-work case or a case under legal hold.',
  'settings.manage': 'Manage the organisation’s settings: services, roles and who holds them.',
  'jobs.run': 'Run the scheduled jobs (reminders, report aggregates, the retention sweep).',
};

/** The sentence saying what a permission allows (a plain fallback for a permission not described yet). */
export const permissionSentence = (p: Permission): string => PERMISSION_SENTENCES[p] ?? `Permission "${p}".`;

/**
 * Permissions that reach cases or the people in them. An administrator's role may hold none of these
 * (the guard rails of core/roles.ts): administrators see cases only through a case role of their own.
 * Every `case.*` permission counts, so a case permission added later counts without a change here.
 */
export const isCaseAccess = (p: Permission): boolean => p.startsWith('case.') || p.startsWith('privacy.');

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
  'case.document.remove',
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
    'correspondence.templates',
    // The procedure's owner: proposes, authorises and follows up the improvement actions complaints lead to.
    'improvement.create',
    'improvement.authorise',
    'improvement.update',
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

/**
 * Whether the actor holds the permission: from their organisation's role definitions when it has its
 * own (resolved at sign-in into `actor.grant`), else from the default table above.
 */
export function hasPermission(actor: Actor, permission: Permission): boolean {
  if (actor.grant) return actor.grant.permissions.includes(permission);
  return actor.roles.some((role) => ROLE_PERMISSIONS[role as Role]?.includes(permission));
}

/** The case scope a default role gives (the organisation's own definitions say it for theirs). */
export function defaultRoleScope(role: Role): { caseScope: 'all' | 'services' | 'own' | 'none'; socialWork: boolean } {
  const caseScope = ALL_CASES_ROLES.includes(role) ? 'all' : SERVICE_SCOPE_ROLES.includes(role) ? 'services' : OWN_CASES_ROLES.includes(role) ? 'own' : 'none';
  return { caseScope, socialWork: role === 'cswo' };
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
  if (actor.grant) {
    const { caseScope: kind, socialWork } = actor.grant;
    return {
      all: kind === 'all',
      services: kind === 'services' ? [...actor.services] : [],
      userId: kind === 'services' || kind === 'own' ? actor.userId : '',
      socialWork,
    };
  }
  const has = (roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r as Role));
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
