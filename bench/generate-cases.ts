/**
 * Deterministic generated cases for the governance tests and the reports bench: a realistic mix of
 * stage 1 and stage 2 complaints, escalations, extensions, outcomes, withdrawals, "not a complaint",
 * compliments and comments, contractor/ALEO complaints and root causes, with stage clocks from
 * core/clocks. Same seed, same cases.
 */
import { WorkingCalendar, type HolidayConfig } from '../core/calendar';
import { acknowledgeBy, extendClock, startClock } from '../core/clocks';
import type { Case, Contractor, IsoDate, Outcome, OrgSettings, Stage2Record, StageRecord } from '../core/types';
import { OUTCOMES } from '../core/types';
import { seededRandom } from '../server/seeded-random';

/** A WorkingCalendar that remembers answers: generating a million cases asks the same questions often. */
export class MemoCalendar extends WorkingCalendar {
  private readonly adds = new Map<string, string>();
  private readonly betweens = new Map<string, number>();
  private readonly nexts = new Map<string, string>();

  constructor(config: HolidayConfig = {}) {
    super(config);
  }

  override addWorkingDays(date: IsoDate, n: number): IsoDate {
    const key = `${date}|${n}`;
    let value = this.adds.get(key);
    if (value === undefined) this.adds.set(key, (value = super.addWorkingDays(date, n)));
    return value;
  }

  override workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const key = `${from}|${to}`;
    let value = this.betweens.get(key);
    if (value === undefined) this.betweens.set(key, (value = super.workingDaysBetween(from, to)));
    return value;
  }

  override nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    let value = this.nexts.get(date);
    if (value === undefined) this.nexts.set(date, (value = super.nextWorkingDayOnOrAfter(date)));
    return value;
  }
}

/** The shared seeded PRNG, also exported for the benches and tests that build on this generator. */
export const random = seededRandom;

export interface GenerateOptions {
  org: OrgSettings;
  calendar: WorkingCalendar;
  /** Receipt dates are spread over [from, to]; nothing closes after `today`. */
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  seed?: number;
  /** Reference numbering starts after this (so batches can continue a sequence). */
  firstSequence?: number;
  contractors?: Contractor[];
}

const FIRST = ['Morag', 'Callum', 'Isla', 'Ewan', 'Fiona', 'Hamish', 'Eilidh', 'Ruaridh', 'Kirsty', 'Duncan'];
const LAST = ['MacDonald', 'Campbell', 'Stewart', 'Robertson', 'Thomson', 'Anderson', 'Fraser', 'Buchanan', 'Munro', 'Drummond'];
const DAY_MS = 86_400_000;
const dayOf = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** Yields cases in reference order, `batchSize` at a time, so a million never sit in memory together. */
export function* generateCaseBatches(count: number, batchSize: number, options: GenerateOptions): Generator<Case[]> {
  const r = random(options.seed ?? 1);
  const { org, calendar } = options;
  const contractors = options.contractors ?? [
    { name: 'CleanCo Ltd', kind: 'contractor' },
    { name: 'Leisure Trust', kind: 'aleo' },
  ];
  const start = dayOf(options.from);
  const span = dayOf(options.to) - start + 1;
  const year = options.from.slice(0, 4);
  const sequence = options.firstSequence ?? 0;
  const closes = (date: IsoDate, days: number): IsoDate | undefined => {
    const closed = calendar.addWorkingDays(date, days);
    return closed <= options.today ? closed : undefined;
  };
  let batch: Case[] = [];
  for (let i = 1; i <= count; i += 1) {
    const reference = `CHP-${year}-${String(sequence + i).padStart(7, '0')}`;
    const received = dateOf(start + Math.floor(r() * span));
    const service = pick(r, org.services);
    const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
    const c: Case = {
      reference,
      orgId: org.orgId,
      kind: 'complaint',
      status: 'stage1',
      channel: pick(r, ['email', 'phone', 'web-form', 'in-person'] as const),
      receivedAt: `${received}T10:00:00Z`,
      receivedOn: received,
      customer: { withheldDetails: false, anonymous: false, name, email: `${name.toLowerCase().replace(' ', '.')}@example.org`, phone: `0141 496 ${String(i % 10000).padStart(4, '0')}` },
      nature: `Complaint about ${service.toLowerCase()}`,
      service,
      socialWork: service === 'Social Work',
      owner: 'u-handler',
      loggedBy: 'u-handler',
      events: [],
    };
    if (r() < 0.08) c.contractor = pick(r, contractors);
    const kindRoll = r();
    if (kindRoll < 0.03) {
      c.kind = 'compliment';
      c.status = 'recorded';
    } else if (kindRoll < 0.05) {
      c.kind = 'comment';
      c.status = 'recorded';
    } else if (kindRoll < 0.08) {
      c.status = 'not-a-complaint';
      c.notAComplaintReason = 'A first request for service';
    } else {
      complaintLife(c, r, calendar, closes, options.today, org.rootCauseCategories);
    }
    batch.push(c);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function stage(calendar: WorkingCalendar, from: IsoDate, n: 1 | 2, extension: number): StageRecord {
  let clock = startClock(calendar, from, n);
  if (extension > 0) clock = extendClock(calendar, clock, extension);
  return { clock, extensions: [] };
}

function complaintLife(
  c: Case,
  r: () => number,
  calendar: WorkingCalendar,
  closes: (date: IsoDate, days: number) => IsoDate | undefined,
  today: IsoDate,
  rootCauses: readonly string[],
): void {
  const outcome = (): Outcome => pick(r, OUTCOMES);
  if (r() < 0.03) {
    c.status = 'withdrawn';
    c.withdrawnOn = c.receivedOn;
    c.stage1 = stage(calendar, c.receivedOn, 1, 0);
    return;
  }
  const direct = r() < 0.1;
  if (!direct) {
    const extended = r() < 0.1;
    c.stage1 = stage(calendar, c.receivedOn, 1, extended ? 5 : 0);
    const closedOn = closes(c.stage1.clock.startedOn, Math.floor(r() * (extended ? 10 : 7)));
    if (!closedOn) return;
    c.stage1 = { ...c.stage1, closedOn, outcome: outcome(), actionTaken: 'Apologised and put it right' };
    c.status = 'stage1-closed';
    if (r() >= 0.12) return finish(c, r, rootCauses);
  }
  const initiatedOn = direct ? c.receivedOn : closes(c.stage1!.closedOn!, 1 + Math.floor(r() * 15));
  if (!initiatedOn) return finish(c, r, rootCauses);
  const extended = r() < 0.15;
  const s2: Stage2Record = { ...stage(calendar, initiatedOn, 2, extended ? 10 : 0), initiatedOn, route: direct ? 'direct' : 'escalated', acknowledgeBy: acknowledgeBy(calendar, initiatedOn) };
  c.stage2 = s2;
  c.status = 'stage2';
  const closedOn = closes(s2.clock.startedOn, 5 + Math.floor(r() * (extended ? 28 : 22)));
  if (!closedOn || closedOn > today) return;
  c.stage2 = { ...s2, closedOn, outcome: outcome(), actionTaken: 'Investigated and responded' };
  c.status = 'stage2-closed';
  finish(c, r, rootCauses);
}

function finish(c: Case, r: () => number, rootCauses: readonly string[]): void {
  if (rootCauses.length > 0 && r() < 0.6) c.rootCause = { category: pick(r, rootCauses), text: 'Found on review' };
}

export function sampleOrg(orgId = 'org-bench', name = 'Glenmorven Council'): OrgSettings {
  return {
    orgId,
    name,
    population: 152_000,
    services: ['Waste', 'Roads', 'Housing', 'Council Tax', 'Social Work', 'Education', 'Planning', 'Libraries', 'Registrars'],
    localHolidays: [],
    workedHolidays: [],
    rootCauseCategories: ['Communication', 'Process not followed', 'Staff attitude', 'Delay', 'Policy', 'Contractor performance'],
    retentionYears: 5,
    reportingYearStartMonth: 4,
  };
}
