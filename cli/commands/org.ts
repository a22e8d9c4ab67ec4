/**
 * `chp org create|list|show|grant|revoke`: organisations are made on purpose, by the council's IT team,
 * never by the server. `create` is idempotent (the same command again changes nothing; a different
 * one is refused with what differs); `grant` is the way back in when every administrator has left.
 * `grant` and `revoke` take the organisation's own role ids, keep the procedure's guard rails, and are
 * recorded in the audit like changes made in the tab (who ran them, when, each role before and after).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import { assignmentChanges } from '../../core/role-assignments';
import { definitionsInForce, roleRuleProblems } from '../../core/roles';
import type { OrgRecord, RoleAssignment } from '../../store/index';
import { connectFromEnv, type Connection } from '../../store/connect';
import { NotFoundError } from '../../store/errors';
import { InputError, UsageError, type Command, type CommandIo, type OptionValues } from '../command';
import { optionalString, readTextFile, requiredString } from '../options';
import {
  differences,
  entraIdSchema,
  newOrgRecord,
  orgIdSchema,
  orgNameSchema,
  orgSettingsFileSchema,
  rolesSchema,
  unknownRolesMessage,
  withGrant,
  withoutRoles,
  type NewOrg,
  type OrgSettingsFile,
} from '../org-record';

const ACTIONS = ['create', 'list', 'show', 'grant', 'revoke'] as const;
type Action = (typeof ACTIONS)[number];
const ACTION_OPTIONS: Record<Action, string[]> = {
  create: ['org', 'name', 'tenant', 'admin-user', 'admin-group', 'admin-name', 'settings'],
  list: [],
  show: ['org'],
  grant: ['org', 'principal', 'kind', 'roles', 'services', 'display-name'],
  revoke: ['org', 'principal', 'roles'],
};

/** An option through a zod schema; its message names the option. */
function checked<S extends z.ZodType>(schema: S, value: unknown, option: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${option}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** All the values of a repeatable option, each possibly a comma list. */
function listOption(values: OptionValues, option: string): string[] {
  const raw = values[option];
  const all = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function settingsFile(values: OptionValues, io: CommandIo): OrgSettingsFile {
  const file = optionalString(values, 'settings');
  if (!file) return {};
  let data: unknown;
  try {
    data = JSON.parse(readTextFile(file, io, 'settings file'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`settings file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = orgSettingsFileSchema.safeParse(data);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new InputError(
      `settings file "${file}" is not usable — ${reasons}. Keys (all optional): services, reportingYearStartMonth, population, populationYear, retentionYears, localHolidays, workedHolidays, rootCauseCategories`,
    );
  }
  return parsed.data;
}

function newOrgFrom(values: OptionValues, io: CommandIo): NewOrg {
  const orgId = checked(orgIdSchema, requiredString(values, 'org'), 'org');
  const name = checked(orgNameSchema, requiredString(values, 'name'), 'name');
  const tenantId = checked(entraIdSchema('the tenant id'), requiredString(values, 'tenant'), 'tenant');
  const users = listOption(values, 'admin-user').map((id) => checked(entraIdSchema('an administrator’s object id'), id, 'admin-user'));
  const groups = listOption(values, 'admin-group').map((id) => checked(entraIdSchema('an administrators’ group id'), id, 'admin-group'));
  if (users.length + groups.length === 0) {
    throw new UsageError('name the first administrator: --admin-user <Entra object id> and/or --admin-group <Entra group id> (without one, nobody could sign in to finish the setup)');
  }
  const adminName = optionalString(values, 'admin-name');
  const admins: RoleAssignment[] = [
    ...users.map((principalId) => ({ principalId, kind: 'user' as const, roles: ['administrator' as const], services: [], displayName: adminName ?? 'First administrator' })),
    ...groups.map((principalId) => ({ principalId, kind: 'group' as const, roles: ['administrator' as const], services: [], displayName: 'Administrators (group)' })),
  ];
  return { orgId, name, tenantId, admins, settings: settingsFile(values, io) };
}

/** What a person needs to see of an organisation. */
const summary = (org: OrgRecord) => ({
  org: org.settings.orgId,
  name: org.settings.name,
  tenantId: org.tenantId ?? null,
  setupCompletedAt: org.setupCompletedAt ?? null,
  administrators: org.roleAssignments.filter((a) => a.roles.includes('administrator')).map((a) => ({ principalId: a.principalId, kind: a.kind ?? 'user', displayName: a.displayName })),
  roleAssignments: org.roleAssignments.length,
  services: org.settings.services.length,
});

async function create(asked: NewOrg, io: CommandIo, connection: Connection) {
  const { store } = connection;
  const sameTenant = (await store.orgs.list()).filter((o) => o.tenantId?.toLowerCase() === asked.tenantId && o.settings.orgId !== asked.orgId);
  if (sameTenant.length > 0) {
    io.stderr(`note: tenant ${asked.tenantId} already has ${sameTenant.map((o) => `"${o.settings.orgId}"`).join(', ')}; a person with roles in both could sign in to neither\n`);
  }
  const created = await store.orgs.create(newOrgRecord(asked));
  const stored = await store.orgs.get(asked.orgId);
  if (!stored) throw new Error(`the organisation ${asked.orgId} was not found right after writing it`);
  // The first administrators are the first change to who holds the roles.
  if (created) await recordAssignmentChanges(connection, asked.orgId, [], stored.roleAssignments);
  if (!created) {
    const differ = differences(stored, asked);
    if (differ.length > 0) {
      throw new InputError(
        `the organisation "${asked.orgId}" already exists and differs from this command — ${differ.join('; ')}. Nothing was changed. Use "chp org show --org ${asked.orgId}" to see it, and "chp org grant" to add an administrator.`,
      );
    }
  }
  return { created, ...summary(stored), store: connection.description };
}

interface Grant {
  orgId: string;
  kind: 'user' | 'group';
  principalId: string;
  roles: RoleAssignment['roles'];
  services: string[];
  displayName?: string;
}

function grantFrom(values: OptionValues): Grant {
  const orgId = checked(orgIdSchema, requiredString(values, 'org'), 'org');
  const kind = checked(z.enum(['user', 'group'], { error: 'is user or group' }), requiredString(values, 'kind'), 'kind');
  const principalId = checked(entraIdSchema(`the ${kind}'s Entra object id`), requiredString(values, 'principal'), 'principal');
  const roles = checked(rolesSchema, listOption(values, 'roles'), 'roles');
  const services = listOption(values, 'services');
  const displayName = optionalString(values, 'display-name');
  if (displayName && displayName.length > 200) throw new UsageError('--display-name must be at most 200 characters');
  return { orgId, kind, principalId, roles, services, displayName };
}

/** Who ran the command, for the audit: the operator's account on this machine. */
function operator(): { userId: string; displayName: string } {
  let name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // No account name on this machine (some containers): the environment's, if any.
  }
  return { userId: `cli:${name}`, displayName: `${name} on ${os.hostname()} (chp command line)` };
}

/**
 * Changes who holds the roles of an organisation, checked against the record as stored: the role ids
 * must be the organisation's (a wrong one is a wrong command line, exit 2, listing the right ones) and
 * the change may break none of the procedure's guard rails that held before. Recorded in the audit.
 */
async function changeAssignments(orgId: string, roles: readonly string[], connection: Connection, change: (current: OrgRecord) => OrgRecord): Promise<{ updated: OrgRecord; changed: boolean }> {
  let before: OrgRecord | undefined;
  let updated: OrgRecord;
  try {
    updated = await connection.store.orgs.update(orgId, (current) => {
      const definitions = definitionsInForce(current.roleDefinitions);
      const known = definitions.map((d) => d.id);
      const unknown = roles.filter((r) => !known.includes(r));
      if (unknown.length > 0) throw new UsageError(`--roles: ${unknownRolesMessage(orgId, unknown, known)}`);
      const next = change(current);
      const already = new Set(roleRuleProblems(definitions, current.roleAssignments));
      const broken = roleRuleProblems(definitions, next.roleAssignments).filter((p) => !already.has(p));
      if (broken.length > 0) throw new InputError(`refused, nothing was changed: ${broken.join(' ')}`);
      before = current;
      return next;
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
    throw error;
  }
  const changed = await recordAssignmentChanges(connection, orgId, before!.roleAssignments, updated.roleAssignments);
  return { updated, changed };
}

/** Records in the audit whose roles changed, with the operator who ran the command; whether anything did. */
async function recordAssignmentChanges(connection: Connection, orgId: string, before: OrgRecord['roleAssignments'], after: OrgRecord['roleAssignments']): Promise<boolean> {
  const changes = assignmentChanges(before, after);
  if (changes.length === 0) return false;
  await connection.store.audit.recordAssignmentChange({ id: `assignments:${randomUUID()}`, orgId, at: new Date().toISOString(), ...operator(), via: 'cli', changes });
  return true;
}

async function grant({ orgId, kind, principalId, roles, services, displayName }: Grant, connection: Connection) {
  const { updated, changed } = await changeAssignments(orgId, roles, connection, (current) => {
    const existing = current.roleAssignments.find((a) => a.principalId === principalId);
    if (existing && (existing.kind ?? 'user') !== kind) {
      throw new InputError(`${principalId} is already assigned in "${orgId}" as a ${existing.kind ?? 'user'}, not a ${kind}; check --kind`);
    }
    const unknown = current.settings.services.length > 0 ? services.filter((s) => !current.settings.services.includes(s)) : [];
    if (unknown.length > 0) throw new InputError(`"${orgId}" has no service ${unknown.map((s) => `"${s}"`).join(', ')}; its services are ${current.settings.services.join(', ')}`);
    return withGrant(current, { principalId, kind, roles, services, displayName: displayName ?? existing?.displayName ?? `${kind === 'group' ? 'Group' : 'User'} ${principalId}` });
  });
  const assignment = updated.roleAssignments.find((a) => a.principalId === principalId) as RoleAssignment;
  return { org: orgId, changed, principalId, kind, roles: assignment.roles, services: assignment.services, displayName: assignment.displayName, store: connection.description };
}

interface Revoke {
  orgId: string;
  principalId: string;
  /** The roles to take; undefined takes every role and the person or group off the list. */
  roles?: string[];
}

function revokeFrom(values: OptionValues): Revoke {
  const orgId = checked(orgIdSchema, requiredString(values, 'org'), 'org');
  const principalId = checked(entraIdSchema('the Entra object id'), requiredString(values, 'principal'), 'principal');
  const roles = values.roles === undefined ? undefined : checked(rolesSchema, listOption(values, 'roles'), 'roles');
  return { orgId, principalId, roles };
}

async function revoke({ orgId, principalId, roles }: Revoke, connection: Connection) {
  const { updated, changed } = await changeAssignments(orgId, roles ?? [], connection, (current) => {
    if (!current.roleAssignments.some((a) => a.principalId === principalId)) throw new InputError(`${principalId} holds no role in "${orgId}"; "chp org show --org ${orgId}" lists who does`);
    return withoutRoles(current, principalId, roles);
  });
  const assignment = updated.roleAssignments.find((a) => a.principalId === principalId);
  return { org: orgId, changed, principalId, roles: assignment?.roles ?? [], removed: !assignment, store: connection.description };
}

export const orgCommand: Command = {
  summary: 'create an organisation (its tenant and first administrator), list them, show one, grant or revoke a role',
  help: `Usage:
  chp org create --org <short id> --name <name> --tenant <Entra tenant id>
                 (--admin-user <object id> | --admin-group <group id>)… [--admin-name <name>] [--settings <file>]
  chp org list
  chp org show --org <short id>
  chp org grant --org <short id> --principal <object id> --kind user|group --roles <role,role> [--services <s,s>] [--display-name <name>]
  chp org revoke --org <short id> --principal <object id> [--roles <role,role>]

create   Makes a new organisation: its short id (lower-case letters, digits, hyphens; it never changes),
         name, the Microsoft Entra tenant its staff sign in from, and its first administrators (a user's
         object id and/or a security group's id, Entra admin centre → Users or Groups → Object ID). The
         administrators then finish the setup in the Teams tab. Running the same command again changes
         nothing ("created": false); a command that differs from the stored organisation is refused with
         what differs.
         --settings: a JSON file, every key optional:
           {"services": ["Housing Repairs", "Waste and Recycling"], "reportingYearStartMonth": 4,
            "population": 92400, "populationYear": 2024, "retentionYears": 5,
            "localHolidays": ["2026-09-28"], "workedHolidays": [], "rootCauseCategories": ["Delay", …]}
list     Every organisation in the store.
show     One organisation's whole record (settings, role assignments, tenant, setup state).
grant    Adds roles (and services) to a user or group, or adds them if new; the same grant twice
         changes nothing. The way back in if every administrator has left:
           chp org grant --org <id> --principal <object id> --kind user --roles administrator
         Roles: the organisation's own role ids when it has set its roles (Roles and responsibilities
         in the tab; "chp org show" lists them under roleDefinitions), else complaint-handler,
         investigator, head-of-service, director, chief-executive, complaints-manager,
         training-officer, cswo, management-committee, administrator. An unknown id is refused with
         the list of the organisation's roles.
revoke   Takes the roles named from a user or group, or with no --roles takes them off the list. Refused
         when it would break a rule of the procedure (e.g. nobody left who manages the settings).
         grant and revoke are recorded in the audit with the operator's account on this machine; the
         administrators see them in the tab under "Changes to who holds the roles".

Store: Azure Cosmos DB when COSMOS_ENDPOINT and COSMOS_KEY are set (COSMOS_DATABASE, default chp),
else the local embedded server on CHP_DATA_DIR (./data).
Output: create {"created", "org", "name", "tenantId", "setupCompletedAt", "administrators", …, "store"};
list {"orgs": [...], "store"}; show {"org": <record>, "store"}; grant {"org", "changed", "principalId",
"kind", "roles", "services", "displayName", "store"}; revoke {"org", "changed", "principalId", "roles",
"removed", "store"}.`,
  options: {
    org: { type: 'string' },
    name: { type: 'string' },
    tenant: { type: 'string' },
    'admin-user': { type: 'string', multiple: true },
    'admin-group': { type: 'string', multiple: true },
    'admin-name': { type: 'string' },
    settings: { type: 'string' },
    principal: { type: 'string' },
    kind: { type: 'string' },
    roles: { type: 'string' },
    services: { type: 'string' },
    'display-name': { type: 'string' },
  },
  positional: 'action',
  async run(values, io) {
    const action = (typeof values.action === 'string' ? values.action : '') as Action;
    if (!action) throw new UsageError(`say what to do: chp org ${ACTIONS.join('|')} …`);
    if (!ACTIONS.includes(action)) throw new UsageError(`the action is one of ${ACTIONS.join(', ')}, not "${action}"`);
    const stray = Object.keys(values).filter((option) => option !== 'action' && values[option] !== undefined && !ACTION_OPTIONS[action].includes(option));
    if (stray.length > 0) throw new UsageError(`chp org ${action} does not take ${stray.map((o) => `--${o}`).join(', ')}`);
    // A wrong command line is refused before connecting to any store.
    const asked = action === 'create' ? newOrgFrom(values, io) : undefined;
    const granted = action === 'grant' ? grantFrom(values) : undefined;
    const revoked = action === 'revoke' ? revokeFrom(values) : undefined;
    if (action === 'show') checked(orgIdSchema, requiredString(values, 'org'), 'org');
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      if (asked) return await create(asked, io, connection);
      if (granted) return await grant(granted, connection);
      if (revoked) return await revoke(revoked, connection);
      if (action === 'list') return { orgs: (await connection.store.orgs.list()).map(summary).sort((a, b) => a.org.localeCompare(b.org)), store: connection.description };
      const orgId = checked(orgIdSchema, requiredString(values, 'org'), 'org');
      const org = await connection.store.orgs.get(orgId);
      if (!org) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
      return { org, store: connection.description };
    } finally {
      await connection.close();
    }
  },
};
