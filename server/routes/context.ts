/**
 * What every route module gets, and the shape of a module: adding a router to the API is one line
 * in app.ts (or passing it to createApp through `modules`).
 */
import type { Router } from 'express';
import { WorkingCalendar } from '../../core/calendar';
import type { ActionContext } from '../../core/workflow';
import type { Actor } from '../../core/types';
import type { DocumentStore } from '../../store/documents';
import type { OrgRecord, Store } from '../../store/index';
import type { OrgDirectory } from '../auth/orgs';

export interface RouteContext {
  store: Store;
  orgs: OrgDirectory;
  /** The current time; tests and the seed pass a fixed clock. */
  clock: () => Date;
  newId: () => string;
  /** Documents kept with cases (Blob Storage); absent when this process runs without document storage. */
  documents?: DocumentStore;
}

export interface ApiModule {
  /** Mount point under /api, e.g. '/cases'. */
  path: string;
  router(ctx: RouteContext): Router;
}

/** One calendar per organisation record: records are replaced, never changed, when settings are saved. */
const calendars = new WeakMap<OrgRecord, WorkingCalendar>();

export function calendarOf(org: OrgRecord): WorkingCalendar {
  let calendar = calendars.get(org);
  if (!calendar) {
    calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
    calendars.set(org, calendar);
  }
  return calendar;
}

export function actionContext(ctx: RouteContext, actor: Actor, org: OrgRecord, actionId: string): ActionContext {
  return { actor, now: ctx.clock().toISOString(), actionId, calendar: calendarOf(org), settings: org.settings };
}
