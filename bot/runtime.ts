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

  constructor(deps: BotDeps) {
    this.store = deps.store;
    this.config = deps.config;
    this.orgs = new OrgDirectory(deps.store, deps.orgCacheMs);
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
    return org ? this.view(org) : undefined;
  }

  async orgById(orgId: string): Promise<OrgView | undefined> {
    const org = await this.orgs.get(orgId);
    return org ? this.view(org) : undefined;
  }

  view(org: OrgRecord): OrgView {
    let calendar = this.calendars.get(org);
    if (!calendar) {
      calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
      this.calendars.set(org, calendar);
    }
    const orgId = org.settings.orgId;
    return { org, orgId, calendar, staff: staffOf(org), teamsIdOf: (userId) => this.teamsIds.get(`${orgId}\u0000${userId}`) ?? fallbackMri(userId) };
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

export function actorOf(view: OrgView, userId: string, displayName?: string): Actor {
  return actorFrom(userId, displayName, assignmentsFor(view.org, [userId]));
}

/** The organisation's staff list: everyone with a role assignment. */
export function staffOf(org: OrgRecord): Person[] {
  const seen = new Map<string, Person>();
  for (const a of org.roleAssignments) if (!seen.has(a.principalId)) seen.set(a.principalId, { userId: a.principalId, displayName: a.displayName });
  return [...seen.values()];
}
