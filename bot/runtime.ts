/**
 * What every bot handler needs: the store, the organisation an activity belongs to, the person
 * (Actor) behind it, the organisation's calendar and staff list, and the time. Translation only;
 * the rules stay in core/.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { londonDate, WorkingCalendar } from '../core/calendar';
import type { Actor, IsoDate } from '../core/types';
import { actorFrom, assignmentsFor } from '../server/auth/actor';
import { OrgDirectory } from '../server/auth/orgs';
import type { OrgRecord, Store } from '../store/index';
import type { StaffMember } from '../store/staff';
import type { Person } from './cards/people';
import type { BotConfig } from './config';

export interface BotLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface BotDeps {
  store: Store;
  config: BotConfig;
  clock?: () => Date;
  newId?: () => string;
  logger?: BotLogger;
  /** How long organisation records (roles, settings) are cached. */
  orgCacheMs?: number;
}

/** One organisation as the bot sees it for one turn. */
export interface OrgView {
  org: OrgRecord;
  orgId: string;
  calendar: WorkingCalendar;
  staff: Person[];
  /** The staff directory (people seen signing in, with their groups), so group-assigned roles count in Teams too. */
  members: ReadonlyMap<string, StaffMember>;
  /** The Teams user id (MRI) cards must name in refresh.userIds, for a user id of the role assignments. */
  teamsIdOf(userId: string): string;
}

export const quietLogger: BotLogger = { info: () => undefined, error: () => undefined };

export class BotRuntime {
  readonly store: Store;
  readonly config: BotConfig;
  readonly orgs: OrgDirectory;
  readonly logger: BotLogger;
  private readonly clock: () => Date;
  readonly newId: () => string;
  private readonly calendars = new WeakMap<OrgRecord, WorkingCalendar>();
  /** Entra object id → Teams user id (29:…), learnt from every incoming activity. */
  private readonly teamsIds = new Map<string, string>();
  /** Each organisation's staff directory, read at most once per `directoryTtlMs`. */
  private readonly directories = new Map<string, { at: number; members: Promise<ReadonlyMap<string, StaffMember>> }>();
  private readonly directoryTtlMs: number;

  constructor(deps: BotDeps) {
    this.store = deps.store;
    this.config = deps.config;
    this.orgs = new OrgDirectory(deps.store, deps.orgCacheMs);
    this.directoryTtlMs = deps.orgCacheMs ?? 10_000;
    this.logger = deps.logger ?? quietLogger;
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  now(): Date {
    return this.clock();
  }

  today(): IsoDate {
    return londonDate(this.clock());
  }

  /** The organisation of a Teams tenant; in development, the configured default organisation. */
  async orgForActivity(activity: Partial<Activity>): Promise<OrgView | undefined> {
    const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
    const tenantId = channelData?.tenant?.id ?? activity.conversation?.tenantId;
    const all = await this.orgs.all();
    const org = (tenantId && all.find((o) => o.tenantId === tenantId)) || (this.config.defaultOrgId ? all.find((o) => o.settings.orgId === this.config.defaultOrgId) : undefined);
    return org ? await this.view(org) : undefined;
  }

  async orgById(orgId: string): Promise<OrgView | undefined> {
    const org = await this.orgs.get(orgId);
    return org ? await this.view(org) : undefined;
  }

  async view(org: OrgRecord): Promise<OrgView> {
    let calendar = this.calendars.get(org);
    if (!calendar) {
      calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
      this.calendars.set(org, calendar);
    }
    const orgId = org.settings.orgId;
    const members = await this.directoryOf(orgId);
    return { org, orgId, calendar, members, staff: staffOf(org, members), teamsIdOf: (userId) => this.teamsIds.get(`${orgId}\u0000${userId}`) ?? fallbackMri(userId) };
  }

  private directoryOf(orgId: string): Promise<ReadonlyMap<string, StaffMember>> {
    const cached = this.directories.get(orgId);
    if (cached && Date.now() - cached.at <= this.directoryTtlMs) return cached.members;
    const members = this.store.staff.list(orgId).then((list) => new Map(list.map((m) => [m.userId, m])));
    this.directories.set(orgId, { at: Date.now(), members });
    members.catch(() => this.directories.delete(orgId));
    return members;
  }

  /** Remembers the Teams id of the person behind an activity (refresh.userIds need it). */
  rememberTeamsId(orgId: string, from: { id: string; aadObjectId?: string } | undefined): void {
    if (from?.aadObjectId && from.id && from.id !== from.aadObjectId) this.teamsIds.set(`${orgId}\u0000${from.aadObjectId}`, from.id);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Someone who has not talked to the bot yet: their Entra object id in MRI form. */
const fallbackMri = (userId: string) => (GUID.test(userId) ? `8:orgid:${userId}` : userId);

/** The user id a Teams activity is from: the Entra object id when Teams gives it (role assignments use it). */
export function userIdOf(from: { id: string; aadObjectId?: string } | undefined): string {
  return from?.aadObjectId || from?.id || 'unknown';
}

/** The person's roles: assignments naming them, or a group they were in when they last signed in. */
export function actorOf(view: OrgView, userId: string, displayName?: string): Actor {
  const member = view.members.get(userId);
  return actorFrom(userId, displayName ?? member?.displayName, assignmentsFor(view.org, [userId, ...(member?.groups ?? [])]), view.org);
}

/**
 * The organisation's staff list: people assigned a role by name, and people of the staff directory
 * whose groups hold one. Groups themselves are not people, so they are left out.
 */
export function staffOf(org: OrgRecord, members: ReadonlyMap<string, StaffMember> = new Map()): Person[] {
  const seen = new Map<string, Person>();
  for (const a of org.roleAssignments) {
    if (a.kind !== 'group' && !seen.has(a.principalId)) seen.set(a.principalId, { userId: a.principalId, displayName: a.displayName });
  }
  for (const m of members.values()) {
    if (!seen.has(m.userId) && assignmentsFor(org, [m.userId, ...m.groups]).length > 0) seen.set(m.userId, { userId: m.userId, displayName: m.displayName });
  }
  return [...seen.values()];
}
