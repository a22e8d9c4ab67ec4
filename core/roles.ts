/**
 * Roles and responsibilities as each organisation sets them (model CHP Part 4: the example roles are
 * to be amended to suit the organisation, with a clear description of every level). An organisation's
 * role definitions say what each of its roles may do; the guard rails below are the procedure's rules
 * no definition may break. Pure: the API saves definitions only when `roleRuleProblems` finds none, and
 * sign-in resolves a person's roles into `actor.grant` (`withGrant`), so hasPermission stays a pure
 * function of the actor.
 *
 * The presets are built from the default table (ROLE_PERMISSIONS), so a permission added there reaches
 * every preset without a change here.
 */
import { defaultRoleScope, isCaseAccess, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions';
import { ROLE_LABELS } from './labels';
import { ROLES, type Actor, type Role, type RoleGrant, type RoleId } from './types';

export const CASE_SCOPE_KINDS = ['all', 'services', 'own', 'none'] as const;
export type CaseScopeKind = (typeof CASE_SCOPE_KINDS)[number];

export const CASE_SCOPE_WORDS: Record<CaseScopeKind, string> = {
  all: 'every case of the organisation',
  services: 'the cases of the services they work in, and cases they logged or own',
  own: 'the cases they logged or own',
  none: 'no cases',
};

export interface RoleDefinition {
  /** Stable: assignments name it; renaming a role changes `name` only. */
  id: RoleId;
  name: string;
  /** What the role is responsible for, in the organisation's own words (shown in the published statement). */
  description: string;
  permissions: Permission[];
  caseScope: CaseScopeKind;
  /** Sees social-work cases too, whatever the case scope (the Chief Social Work Officer's interest). */
  socialWork: boolean;
}

/** The role id of the Chief Social Work Officer: where an organisation has this role, it keeps sight of social-work cases. */
export const CSWO_ROLE: RoleId = 'cswo';

export const PRESETS = ['council', 'ijb', 'housing-association'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_NAMES: Record<Preset, string> = {
  council: 'Council (with social work and arm’s-length bodies)',
  ijb: 'Integration joint board / health and social care partnership',
  'housing-association': 'Housing association',
};

/** A default role as a definition: the default table's permissions and scope, under the name and description given. */
function fromDefault(role: Role, name: string, description: string, id: RoleId = role): RoleDefinition {
  return { id, name, description, permissions: [...ROLE_PERMISSIONS[role]], ...defaultRoleScope(role) };
}

const DESCRIPTIONS: Record<Role, string> = {
  'complaint-handler': 'Frontline staff: take and record complaints, give the frontline response, and know whom to refer a complaint to.',
  investigator: 'Investigate stage 2 complaints for heads of service, directors or the chief executive, coordinate the response, and may write a full investigation report with wider learning.',
  'head-of-service': 'Operational investigation and management of complaints in their services; may prepare and sign decision letters.',
  director: 'Manage complaints and the learning from them; oversee the actions complaints lead to; investigate; deputise for the chief executive; may prepare and sign off decisions.',
  'chief-executive': 'Leadership: an effective complaints handling procedure with robust investigation; may take a personal interest in any complaint; assured by regular management reports; governance of complaints about contractors and arm’s-length bodies.',
  'complaints-manager': 'Oversee the procedure: assign cases, authorise stage 1 extensions, authorise and follow up improvement actions, liaise with the SPSO, publish performance reports and answer subject access requests.',
  'training-officer': 'Training in the procedure at induction and regular refreshers; records training and awareness.',
  cswo: 'Considers social work complaints information and, on occasion, individual social work complaints, and uses them for continuous improvement.',
  'management-committee': 'Governing body: approves the procedure, receives complaints reports and reviews trends; does not handle cases.',
  administrator: 'Manages the organisation’s settings, services, roles and who holds them; no case access unless also given a case role.',
};

const SPSO_LIAISON_PERMISSIONS: Permission[] = ['case.read', 'case.spso', 'report.read'];

/** The roles an organisation starts from (README, "Roles and responsibilities": what each preset holds). */
export function presetDefinitions(preset: Preset): RoleDefinition[] {
  const d = (role: Role, name = ROLE_LABELS[role], description = DESCRIPTIONS[role], id: RoleId = role) => fromDefault(role, name, description, id);
  const frontline = d('complaint-handler', 'All staff (frontline)');
  // In a new organisation the complaints manager's team is often the central team that logs most
  // complaints, so the presets let it log them (the default table, for organisations without
  // definitions of their own, stays as it always was).
  const manager = (description = DESCRIPTIONS['complaints-manager']): RoleDefinition => {
    const base = d('complaints-manager', ROLE_LABELS['complaints-manager'], description);
    return { ...base, description: `Log complaints for the central team. ${description}`, permissions: [...base.permissions, 'case.create'] };
  };
  switch (preset) {
    case 'council':
      return [
        d('chief-executive'),
        d('cswo'),
        d('director', 'Directors'),
        d('head-of-service', 'Heads of service / service leads / managers'),
        d('investigator', 'Complaints investigators'),
        manager(),
        {
          id: 'spso-liaison-officer',
          name: 'SPSO liaison officer',
          description: 'Supplies complaints information to the SPSO on time, comments on the factual accuracy of SPSO reports, and confirms and verifies that recommendations are implemented.',
          permissions: [...SPSO_LIAISON_PERMISSIONS],
          caseScope: 'all',
          socialWork: false,
        },
        d('training-officer', 'Organisational development and records/information coordinator'),
        d('management-committee', 'Elected members (scrutiny committee)', 'Receive the complaints performance reports, review trends and make sure learning from complaints steers policy; do not handle cases.'),
        frontline,
        d('administrator'),
      ];
    case 'ijb':
      return [
        d('chief-executive', 'Chief Officer', DESCRIPTIONS['chief-executive'].replace('chief executive', 'chief officer'), 'chief-officer'),
        d('cswo'),
        d('director', 'Members of the Senior Management Team', DESCRIPTIONS.director.replace('the chief executive', 'the chief officer'), 'senior-management-team'),
        d('head-of-service', 'Heads of service'),
        d('investigator', 'Complaints investigators'),
        manager('Oversees the procedure and carries the SPSO liaison duties: supplies complaints information to the SPSO on time, comments on the factual accuracy of its reports, confirms recommendations are implemented.'),
        d('training-officer'),
        frontline,
        d('administrator'),
      ];
    case 'housing-association':
      return [
        d('management-committee'),
        d('chief-executive', 'Director', 'Head of the organisation: leadership; training of all staff at induction and refresher; governance of complaints about contractors; assured by management reports.', 'director-head'),
        d('director', 'Senior officers', 'Manage complaints and the learning from them; oversee the actions complaints lead to; investigate; prepare and sign off decisions.', 'senior-officer'),
        d('investigator', 'Complaints investigator', 'Investigates complaints, in a service team or in the central customer service team.'),
        manager(),
        { ...frontline, id: 'customer-service-adviser', name: 'Customer service adviser' },
        d('administrator'),
      ];
  }
}

/**
 * The definitions of an organisation that has none of its own: the product's default roles exactly as
 * the default table has them, so its people may do exactly what they always could.
 */
export function defaultDefinitions(): RoleDefinition[] {
  return ROLES.map((role) => fromDefault(role, ROLE_LABELS[role], DESCRIPTIONS[role]));
}

/** The organisation's definitions in force: its own, or the defaults. */
export const definitionsInForce = (own: readonly RoleDefinition[] | undefined): readonly RoleDefinition[] => own ?? defaultDefinitions();

const SCOPE_RANK: Record<CaseScopeKind, number> = { none: 0, own: 1, services: 2, all: 3 };

/** What holding these roles lets a person do: the union of the roles' permissions, the widest scope. Unknown role ids give nothing. */
export function grantOf(definitions: readonly RoleDefinition[], roles: readonly RoleId[]): RoleGrant {
  const held = definitions.filter((d) => roles.includes(d.id));
  const permissions = PERMISSIONS.filter((p) => held.some((d) => d.permissions.includes(p)));
  const caseScope = held.reduce<CaseScopeKind>((widest, d) => (SCOPE_RANK[d.caseScope] > SCOPE_RANK[widest] ? d.caseScope : widest), 'none');
  return { permissions, caseScope, socialWork: held.some((d) => d.socialWork) };
}

/** The actor with what their roles allow under these definitions; unchanged (default table) when there are none. */
export function withGrant(actor: Actor, definitions: readonly RoleDefinition[] | undefined): Actor {
  return definitions ? { ...actor, grant: grantOf(definitions, actor.roles) } : actor;
}

/** The role assignments the guard rails look at: who holds which roles. */
export interface AssignmentOfRoles {
  roles: readonly RoleId[];
}

const holds = (d: RoleDefinition, p: Permission) => d.permissions.includes(p);

/**
 * The procedure's guard rails, checked on every save of the definitions or of who holds them. Each
 * problem is a sentence saying what to change; none means the definitions may be saved.
 * - Someone can sign off stage 2 for every service: a role that signs off reaches every case.
 * - Nobody signs off their own draft: a workflow rule (core/workflow/guards signOffProblem) no
 *   permission can lift, so it is not checked here.
 * - Where the organisation has a Chief Social Work Officer role, it keeps sight of social-work cases.
 * - Administrators (roles that manage settings) get no case access; they need a case role as well.
 * - At least one administrator remains: a role that manages settings, held by someone.
 */
export function roleRuleProblems(definitions: readonly RoleDefinition[], assignments: readonly AssignmentOfRoles[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const d of definitions) {
    if (ids.has(d.id)) problems.push(`Two roles have the id "${d.id}"; give each role its own id.`);
    ids.add(d.id);
  }
  const names = new Set<string>();
  for (const d of definitions) {
    const key = d.name.trim().toLowerCase();
    if (names.has(key)) problems.push(`Two roles are called "${d.name}"; give each role its own name.`);
    names.add(key);
  }
  if (!definitions.some((d) => holds(d, 'case.signoff') && holds(d, 'case.read') && d.caseScope === 'all')) {
    problems.push('No role can sign off stage 2 final positions for every service: give a senior role (e.g. directors) "case.signoff" with the case scope "every case".');
  }
  const cswo = definitions.find((d) => d.id === CSWO_ROLE);
  if (cswo && !(holds(cswo, 'case.read') && (cswo.socialWork || cswo.caseScope === 'all'))) {
    problems.push(`${cswo.name} must keep sight of social-work cases: keep "case.read" and "sees social-work cases".`);
  }
  for (const d of definitions.filter((r) => holds(r, 'settings.manage'))) {
    const caseAccess = d.permissions.filter(isCaseAccess);
    if (caseAccess.length > 0 || d.socialWork || d.caseScope !== 'none') {
      problems.push(
        `${d.name} manages settings, so it may not give access to cases (${caseAccess.join(', ') || `case scope "${d.caseScope}"`}): give administrators a case role as well if they need one.`,
      );
    }
  }
  const administrators = new Set(definitions.filter((d) => holds(d, 'settings.manage')).map((d) => d.id));
  if (!assignments.some((a) => a.roles.some((r) => administrators.has(r)))) {
    problems.push('Nobody would be left to manage the settings: keep at least one role that manages settings ("settings.manage") and give it to someone.');
  }
  for (const a of assignments) {
    const unknown = a.roles.find((r) => !ids.has(r));
    if (unknown) problems.push(`The role "${unknown}" is still given to someone; take it from them before removing the role.`);
  }
  return [...new Set(problems)];
}

/** One change to an organisation's role definitions, as the append-only audit keeps it. */
export interface RoleDefinitionsChange {
  id: string;
  orgId: string;
  at: string;
  userId: string;
  displayName: string;
  /** The definitions before; null when the organisation had none of its own (the default roles applied). */
  before: RoleDefinition[] | null;
  after: RoleDefinition[];
  /** The preset the change started from, when it was one. */
  preset?: Preset;
}
