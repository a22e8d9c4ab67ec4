/**
 * A demo organisation for local runs and demos: realistic cases in every stage and service, and one
 * demo user per role (development sign-in). Cases are built through the core, exactly as the API
 * would, then stored; a rule the core refuses is a bug in the seed and stops it loudly.
 */
import { DateTime } from 'luxon';
import { londonDate, WorkingCalendar, ZONE } from '../core/calendar';
import { applyAction, logCase, type CaseAction, type NewCaseInput } from '../core/workflow';
import type { Actor, Case, IsoDate, OrgSettings, Role } from '../core/types';
import type { OrgRecord, Store } from '../store/index';
import { applyImprovementAction, createImprovementAction, type ImprovementCommand, type NewImprovementInput } from '../core/learning';
import { ownerProblem } from '../core/ownership';
import { actorFrom } from './auth/actor';
import { seedAwareness } from './seed-awareness';
import { HISTORY_IMPROVEMENTS, historyCases } from './seed-history';

interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  services: string[];
}

interface DemoOrg {
  settings: OrgSettings;
  users: DemoUser[];
  cases: DemoCase[];
  /** How many generated historical cases to add (see seed-history.ts). */
  history?: { cases: number };
}

/** One case: how it was logged, and the actions taken on it, each `days` working days after receipt. */
interface DemoCase {
  receivedWorkingDaysAgo: number;
  by: string;
  input: Omit<NewCaseInput, 'receivedAt'>;
  steps?: { days: number; by: string; action: CaseAction }[];
}

const GLENMORE_SERVICES = [
  'Housing Repairs',
  'Waste and Recycling',
  'Council Tax and Benefits',
  'Roads and Transport',
  'Education',
  'Adult Social Care',
  'Children and Families',
  'Planning and Building Standards',
  'Environmental Health',
  'Libraries and Leisure',
];

const person = (name: string, email?: string) => ({ withheldDetails: false, anonymous: false, name, ...(email ? { email } : {}) });

const complaint = (
  service: string,
  nature: string,
  customer: NewCaseInput['customer'],
  extra: Partial<Omit<NewCaseInput, 'receivedAt'>> = {},
): Omit<NewCaseInput, 'receivedAt'> => ({ kind: 'complaint', channel: 'email', customer, nature, service, socialWork: false, ...extra });

const GLENMORE: DemoOrg = {
  settings: {
    orgId: 'glenmore',
    name: 'Glenmore Council (demo)',
    population: 92_400,
    populationYear: 2024,
    contact: 'the ICT service desk, ictservicedesk@glenmore.example or extension 4400',
    services: GLENMORE_SERVICES,
    localHolidays: [],
    workedHolidays: [],
    rootCauseCategories: ['Communication', 'Policy or procedure', 'Staff conduct', 'Delay', 'Quality of service', 'Contractor performance'],
    retentionYears: 5,
    reportingYearStartMonth: 4,
  },
  users: [
    // The frontline handler of the customer service centre, for every service without its own investigator.
    {
      id: 'demo-handler',
      name: 'Morag Fraser',
      roles: ['complaint-handler'],
      services: ['Housing Repairs', 'Waste and Recycling', 'Roads and Transport', 'Education', 'Planning and Building Standards', 'Environmental Health', 'Libraries and Leisure'],
    },
    { id: 'demo-investigator', name: 'Callum Reid', roles: ['investigator'], services: ['Housing Repairs', 'Council Tax and Benefits'] },
    // Social work complaints are handled in the social work services, not by the director (core/ownership).
    { id: 'demo-sw-investigator', name: 'Heather Munro', roles: ['investigator'], services: ['Adult Social Care', 'Children and Families'] },
    { id: 'demo-head-of-service', name: 'Aileen Murray', roles: ['head-of-service'], services: ['Housing Repairs', 'Council Tax and Benefits'] },
    { id: 'demo-director', name: 'Graham Stewart', roles: ['director'], services: [] },
    { id: 'demo-chief-executive', name: 'Fiona MacLeod', roles: ['chief-executive'], services: [] },
    { id: 'demo-complaints-manager', name: 'Iain Campbell', roles: ['complaints-manager'], services: [] },
    { id: 'demo-training-officer', name: 'Kirsty Ross', roles: ['training-officer'], services: [] },
    { id: 'demo-cswo', name: 'Dr Ewan Douglas', roles: ['cswo'], services: ['Adult Social Care', 'Children and Families'] },
    { id: 'demo-committee', name: 'Cllr Shona Paterson', roles: ['management-committee'], services: [] },
    { id: 'demo-admin', name: 'Ross Baird', roles: ['administrator'], services: [] },
    // Known to the organisation but given no role yet: shows what such a person is told (tab, bot, add-in).
    { id: 'demo-no-role', name: 'Jamie Watt', roles: [], services: [] },
  ],
  cases: [
    {
      receivedWorkingDaysAgo: 1,
      by: 'demo-handler',
      input: complaint('Housing Repairs', 'Boiler reported broken three times since October; engineer did not attend the booked appointment on Tuesday.', person('Agnes Wilson', 'agnes.wilson@example.org')),
    },
    {
      receivedWorkingDaysAgo: 8,
      by: 'demo-handler',
      input: complaint('Waste and Recycling', 'Blue bin missed four collections in a row on Loch Road; each report was closed without a collection.', person('Duncan Grant', 'd.grant@example.net')),
    },
    {
      receivedWorkingDaysAgo: 6,
      by: 'demo-investigator',
      input: complaint('Council Tax and Benefits', 'Council tax reduction stopped without a letter explaining why; arrears letter received instead.', person('Elaine Kerr', 'elaine.kerr@example.com')),
      steps: [{ days: 4, by: 'demo-head-of-service', action: { type: 'extend', workingDays: 5, reason: 'Awaiting the benefits system audit trail from the supplier.', customerToldOn: '' } }],
    },
    {
      receivedWorkingDaysAgo: 15,
      by: 'demo-handler',
      input: complaint('Housing Repairs', 'Damp and mould in the children’s bedroom not treated after inspection in August.', person('Liam O’Neill', 'liam.oneill@example.org')),
      steps: [{ days: 3, by: 'demo-handler', action: { type: 'close-stage1', outcome: 'upheld', actionTaken: 'Mould wash and anti-condensation paint booked for next week; apology given.', on: '' } }],
    },
    {
      receivedWorkingDaysAgo: 20,
      by: 'demo-investigator',
      input: complaint('Council Tax and Benefits', 'Discretionary housing payment refused; the decision letter did not give the reason.', person('Sandra Mitchell', 'sandra.m@example.com')),
      steps: [
        { days: 4, by: 'demo-investigator', action: { type: 'close-stage1', outcome: 'not-upheld', actionTaken: 'Explained the DHP criteria by phone and in writing.', on: '' } },
        { days: 8, by: 'demo-investigator', action: { type: 'escalate', on: '', reason: 'Customer says her change of circumstances was not considered.' } },
        { days: 9, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } },
      ],
    },
    {
      receivedWorkingDaysAgo: 24,
      by: 'demo-investigator',
      input: complaint('Housing Repairs', 'Leak from the flat above caused a ceiling collapse; repeated reports over six weeks ignored. Serious: a child was nearly injured.', person('Karen Hughes', 'k.hughes@example.org'), { startAtStage: 2 }),
      steps: [{ days: 2, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } }],
    },
    {
      receivedWorkingDaysAgo: 14,
      by: 'demo-investigator',
      input: complaint('Housing Repairs', 'Front door replaced with the wrong size; draught and the lock does not engage.', person('Peter Lawson', 'peter.lawson@example.net'), { startAtStage: 2, contractor: { name: 'Northway Building Services Ltd', kind: 'contractor' } }),
      steps: [
        { days: 1, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } },
        { days: 12, by: 'demo-investigator', action: { type: 'request-signoff', draftSummary: 'The contractor fitted a door to the wrong measurements; we will replace it at no cost and review the contractor’s measuring checks.', proposedOutcome: 'upheld' } },
      ],
    },
    {
      receivedWorkingDaysAgo: 30,
      by: 'demo-investigator',
      input: complaint('Council Tax and Benefits', 'Overpayment recovery taken at a rate that leaves the household below the poverty line.', person('Robert Sinclair')),
      steps: [
        { days: 1, by: 'demo-investigator', action: { type: 'close-stage1', outcome: 'partially-upheld', actionTaken: 'Recovery rate reduced; overpayment itself stands.', on: '' } },
        { days: 3, by: 'demo-investigator', action: { type: 'escalate', on: '', reason: 'Customer disputes that the overpayment was caused by him.' } },
        { days: 4, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } },
        { days: 15, by: 'demo-investigator', action: { type: 'request-signoff', draftSummary: 'The overpayment arose from a delay in processing a change we were told about; recovery is written off.', proposedOutcome: 'upheld' } },
        { days: 16, by: 'demo-head-of-service', action: { type: 'approve-signoff', comments: 'Agreed; make sure the letter explains the write-off.' } },
      ],
    },
    {
      receivedWorkingDaysAgo: 45,
      by: 'demo-investigator',
      input: complaint('Housing Repairs', 'Adaptations for a wheelchair user delayed for eight months.', person('Margaret Boyle', 'm.boyle@example.org'), { startAtStage: 2 }),
      steps: [
        { days: 2, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } },
        { days: 14, by: 'demo-investigator', action: { type: 'record-root-cause', category: 'Delay', text: 'Occupational therapy referral was not passed to the adaptations team.', remedialAction: 'Referrals now logged in one shared queue.' } },
        { days: 15, by: 'demo-investigator', action: { type: 'request-signoff', draftSummary: 'The referral was lost between teams; works are now scheduled and we apologise.', proposedOutcome: 'upheld' } },
        { days: 16, by: 'demo-head-of-service', action: { type: 'approve-signoff' } },
        { days: 17, by: 'demo-investigator', action: { type: 'close-stage2', actionTaken: 'Works scheduled; apology; referral process changed.', on: '' } },
      ],
    },
    {
      receivedWorkingDaysAgo: 60,
      by: 'demo-investigator',
      input: complaint('Council Tax and Benefits', 'Council tax band wrongly applied after the property was split into two flats.', person('Hamish Baxter', 'hamish.b@example.com'), { startAtStage: 2 }),
      steps: [
        { days: 1, by: 'demo-investigator', action: { type: 'acknowledge', on: '' } },
        { days: 18, by: 'demo-investigator', action: { type: 'request-signoff', draftSummary: 'Banding is set by the assessor, not the council; we applied it correctly.', proposedOutcome: 'not-upheld' } },
        { days: 19, by: 'demo-head-of-service', action: { type: 'approve-signoff' } },
        { days: 19, by: 'demo-investigator', action: { type: 'close-stage2', actionTaken: 'Explained the assessor’s role and the appeal route.', on: '' } },
        { days: 35, by: 'demo-complaints-manager', action: { type: 'refer-to-spso', on: '' } },
      ],
    },
    {
      receivedWorkingDaysAgo: 9,
      by: 'demo-handler',
      input: complaint('Waste and Recycling', 'Bulky uplift booked and paid for was not collected.', person('Fraser Allan', 'fraser.allan@example.net')),
      steps: [{ days: 2, by: 'demo-handler', action: { type: 'withdraw', on: '', reason: 'Collected the next day; customer content.' } }],
    },
    {
      receivedWorkingDaysAgo: 4,
      by: 'demo-handler',
      input: complaint('Waste and Recycling', 'Asks for a new food caddy for a new tenancy.', person('Joan Watt')),
      steps: [{ days: 1, by: 'demo-handler', action: { type: 'mark-not-a-complaint', reason: 'First request for a service: caddy ordered.' } }],
    },
    {
      receivedWorkingDaysAgo: 3,
      by: 'demo-handler',
      input: { kind: 'compliment', channel: 'web-form', customer: person('Irene Scott'), nature: 'Thanks to the crew who cleared the fallen tree on Birch Avenue within the hour.', service: 'Roads and Transport', socialWork: false },
    },
    {
      receivedWorkingDaysAgo: 5,
      by: 'demo-handler',
      input: { kind: 'comment', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'Suggests longer library opening hours on Saturdays.', service: 'Libraries and Leisure', socialWork: false },
    },
    {
      receivedWorkingDaysAgo: 2,
      by: 'demo-sw-investigator',
      input: complaint('Adult Social Care', 'Care at home visits for my father cut short and times changed without notice.', person('Alison Reid', 'alison.reid@example.org'), {
        socialWork: true,
        representative: { name: 'Alison Reid', relationship: 'daughter', consentRecorded: true },
        channel: 'phone',
      }),
    },
    {
      receivedWorkingDaysAgo: 12,
      by: 'demo-sw-investigator',
      input: complaint('Children and Families', 'Child’s plan meeting held without the family being given the reports in advance.', person('Mark Turnbull'), { socialWork: true, startAtStage: 2, channel: 'letter' }),
      steps: [{ days: 2, by: 'demo-sw-investigator', action: { type: 'acknowledge', on: '' } }],
    },
    {
      receivedWorkingDaysAgo: 2,
      by: 'demo-handler',
      input: complaint('Roads and Transport', 'Pothole on the B9012 reported twice; car tyre damaged.', { withheldDetails: true, anonymous: false, name: 'G. Munro' }, { channel: 'phone' }),
    },
    {
      receivedWorkingDaysAgo: 7,
      by: 'demo-handler',
      input: complaint('Libraries and Leisure', 'Leisure centre pool closed at short notice three weekends running; membership not refunded.', person('Claire Dunn', 'claire.dunn@example.com'), {
        contractor: { name: 'Glenmore Leisure Trust', kind: 'aleo' },
        channel: 'social-media',
      }),
      steps: [{ days: 3, by: 'demo-handler', action: { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Trust agreed a one-month membership credit.', on: '' } }],
    },
    {
      receivedWorkingDaysAgo: 1,
      by: 'demo-handler',
      input: complaint('Planning and Building Standards', 'Neighbour notification for an extension never arrived; objection period missed.', person('Derek Nisbet', 'derek@example.co.uk'), {
        source: { kind: 'email', messageId: 'demo-outlook-item-0001', internetMessageId: '<demo-0001@example.co.uk>' },
      }),
    },
    {
      receivedWorkingDaysAgo: 11,
      by: 'demo-director',
      input: complaint('Environmental Health', 'Noise complaint about a takeaway extractor fan not investigated after two months.', person('Ruth Galbraith', 'ruth.g@example.org')),
      steps: [{ days: 2, by: 'demo-director', action: { type: 'assign', owner: 'demo-handler' } }],
    },
  ],
  history: { cases: 250 },
};

const RIVERSIDE: DemoOrg = {
  settings: {
    orgId: 'riverside',
    name: 'Riverside Housing Association (demo)',
    population: 6_800,
    services: ['Repairs', 'Tenancy Management', 'Rents'],
    localHolidays: [],
    workedHolidays: [],
    rootCauseCategories: ['Communication', 'Delay', 'Quality of service'],
    retentionYears: 5,
    reportingYearStartMonth: 4,
  },
  users: [
    { id: 'rha-officer', name: 'Gillian Moffat', roles: ['investigator'], services: ['Repairs', 'Tenancy Management', 'Rents'] },
    { id: 'rha-manager', name: 'Alan Drummond', roles: ['head-of-service', 'complaints-manager'], services: ['Repairs', 'Tenancy Management', 'Rents'] },
    { id: 'rha-board', name: 'Board member (Riverside)', roles: ['management-committee'], services: [] },
    { id: 'rha-admin', name: 'Riverside administrator', roles: ['administrator'], services: [] },
  ],
  cases: [
    { receivedWorkingDaysAgo: 2, by: 'rha-officer', input: complaint('Repairs', 'Communal stair light out for three weeks.', person('Tom Bell')) },
    {
      receivedWorkingDaysAgo: 10,
      by: 'rha-officer',
      input: complaint('Rents', 'Rent statement shows a payment missing.', person('Nadia Khan', 'nadia.k@example.org')),
      steps: [{ days: 2, by: 'rha-officer', action: { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Payment traced and credited.', on: '' } }],
    },
  ],
};

export const DEMO_ORGS: readonly DemoOrg[] = [GLENMORE, RIVERSIDE];

function orgRecord(demo: DemoOrg, tenantId?: string): OrgRecord {
  return {
    settings: demo.settings,
    roleAssignments: demo.users.map((u) => ({ principalId: u.id, roles: u.roles, services: u.services, displayName: u.name })),
    ...(tenantId ? { tenantId } : {}),
    // The demo organisations come set up; `chp org create` makes one whose administrator sees the setup page.
    setupCompletedAt: DEMO_SETUP_COMPLETED_AT,
  };
}

const DEMO_SETUP_COMPLETED_AT = '2025-04-01T09:00:00.000Z';

/** Fills every empty date of an action (`on`, `customerToldOn`) with the day it was taken. */
function dated(action: CaseAction, on: IsoDate): CaseAction {
  const filled: Record<string, unknown> = { ...action };
  for (const key of ['on', 'customerToldOn']) if (filled[key] === '') filled[key] = on;
  return filled as unknown as CaseAction;
}

/** 10:00 London time on a date, as an instant. */
const atTen = (date: IsoDate) => DateTime.fromISO(`${date}T10:00:00`, { zone: ZONE }).toUTC().toISO() as string;

interface SeedContext {
  store: Store;
  demo: DemoOrg;
  calendar: WorkingCalendar;
  actor(id: string): Actor;
  /** The demo user's Actor, or undefined for an id that is not one. */
  knownActor(id: string): Actor | undefined;
  /** The last working day on or before the seed's today: no step is taken after it. */
  lastWorkingDay: IsoDate;
}

type Plan = { by: string; input: Omit<NewCaseInput, 'receivedAt'>; steps?: { days: number; by: string; action: CaseAction }[] };

/** Logs one planned case through the core, applies its steps on their dates (stopping at today), stores it. */
async function playCase(seed: SeedContext, plan: Plan, receivedOn: IsoDate, label: string): Promise<Case> {
  const { demo, calendar } = seed;
  const reference = await seed.store.references.next(demo.settings.orgId, Number(receivedOn.slice(0, 4)));
  const context = (by: string, on: IsoDate, step: number) => ({
    actor: seed.actor(by),
    now: atTen(on),
    actionId: `seed-${demo.settings.orgId}-${label}-${step}`,
    calendar,
    settings: demo.settings,
  });
  const logged = logCase(reference, { ...plan.input, receivedAt: atTen(receivedOn) }, context(plan.by, receivedOn, 0));
  if (!logged.ok) throw new Error(`seed: case ${label} could not be logged: ${logged.error.message}`);
  let current: Case = logged.value;
  // Only the organisation's complaints staff own cases (core/ownership): the demo data keeps the rule too.
  const checkOwner = (c: Case) => {
    const problem = c.owner && ownerProblem(seed.knownActor(c.owner), c, { candidateId: c.owner, orgName: demo.settings.name });
    if (problem) throw new Error(`seed: case ${label}: ${problem}`);
  };
  checkOwner(current);
  for (const [stepIndex, step] of (plan.steps ?? []).entries()) {
    const on = calendar.addWorkingDays(receivedOn, step.days);
    if (on > seed.lastWorkingDay) break;
    const applied = applyAction(current, dated(step.action, on), context(step.by, on, stepIndex + 1));
    if (!applied.ok) throw new Error(`seed: case ${label} step ${step.action.type}: ${applied.error.message}`);
    current = applied.value.case;
    checkOwner(current);
  }
  await seed.store.cases.create(current);
  return current;
}

async function seedOrg(store: Store, demo: DemoOrg, today: IsoDate, options: { tenantId?: string; history: boolean }): Promise<number> {
  const org = orgRecord(demo, options.tenantId);
  await store.orgs.put(org);
  const calendar = new WorkingCalendar({ localHolidays: demo.settings.localHolidays, workedHolidays: demo.settings.workedHolidays });
  const actors = new Map<string, Actor>(demo.users.map((u) => [u.id, actorFrom(u.id, u.name, org.roleAssignments.filter((a) => a.principalId === u.id), org)]));
  const actor = (id: string) => actors.get(id) ?? (() => { throw new Error(`seed: no demo user ${id}`); })();
  const lastWorkingDay = calendar.isWorkingDay(today) ? today : backToWorkingDay(calendar, today);
  const seed: SeedContext = { store, demo, calendar, actor, knownActor: (id) => actors.get(id), lastWorkingDay };
  let count = 0;
  for (const [index, demoCase] of demo.cases.entries()) {
    await playCase(seed, demoCase, subtractWorkingDays(calendar, lastWorkingDay, demoCase.receivedWorkingDaysAgo), String(index));
    count += 1;
  }
  if (options.history && demo.history) count += await seedHistory(seed, demo.history, today);
  return count;
}

/**
 * The organisation's history: cases first (after the hand-written ones, so their references stay as
 * they were), then improvement actions linked to a few upheld cases of their service.
 */
async function seedHistory(seed: SeedContext, history: NonNullable<DemoOrg['history']>, today: IsoDate): Promise<number> {
  const { calendar, demo } = seed;
  const plans = historyCases(demo.settings.rootCauseCategories, history.cases);
  const stored: Case[] = [];
  for (const [index, plan] of plans.entries()) {
    const received = backToWorkingDay(calendar, daysBefore(today, plan.daysBeforeToday));
    stored.push(await playCase(seed, plan, received, `h${index}`));
  }
  const director = seed.actor('demo-director');
  for (const [index, planned] of HISTORY_IMPROVEMENTS.entries()) {
    // Every date of an action — created, authorised, started, completed, its target — is a working day.
    const createdOn = backToWorkingDay(calendar, daysBefore(today, planned.daysBeforeToday));
    const workingDayAfter = (days: number) => calendar.nextWorkingDayOnOrAfter(daysBefore(createdOn, -days));
    const context = (on: IsoDate, step: number) => ({ actor: director, now: atTen(on), today: on, actionId: `seed-${demo.settings.orgId}-i${index}-${step}` });
    const fromCases = stored
      .filter((c) => c.service === planned.input.service && c.receivedAt < atTen(createdOn) && c.events.some((e) => e.type === 'root-cause-recorded'))
      .slice(-2)
      .map((c) => c.reference);
    const input: NewImprovementInput = { ...planned.input, caseReferences: fromCases, targetDate: workingDayAfter(planned.targetInDays) };
    const created = createImprovementAction(`seed-improvement-${index + 1}`, demo.settings.orgId, input, context(createdOn, 0));
    if (!created.ok) throw new Error(`seed: improvement ${index} could not be created: ${created.error.message}`);
    let action = created.value;
    const commands: { after: number; command: ImprovementCommand }[] = [
      { after: 2, command: { type: 'authorise' } },
      { after: 5, command: { type: 'start' } },
    ];
    if (planned.completeAfterDays !== undefined) {
      const on = workingDayAfter(planned.completeAfterDays);
      commands.push({ after: planned.completeAfterDays, command: { type: 'share-learning', with: `${planned.input.service} staff`, on, how: 'Team brief' } });
      commands.push({ after: planned.completeAfterDays, command: { type: 'complete', on, note: planned.completionNote } });
    }
    for (const [step, { after, command }] of commands.entries()) {
      const on = workingDayAfter(after);
      if (on > today) break;
      const applied = applyImprovementAction(action, command, context(on, step + 1));
      if (!applied.ok) throw new Error(`seed: improvement ${index} ${command.type}: ${applied.error.message}`);
      action = applied.value.action;
    }
    await seed.store.improvements.create(action);
  }
  await seedAwareness(seed.store, demo.settings.orgId, today, calendar);
  return stored.length;
}

const daysBefore = (date: IsoDate, days: number): IsoDate => DateTime.fromISO(date, { zone: 'utc' }).minus({ days }).toISODate() as IsoDate;

function backToWorkingDay(calendar: WorkingCalendar, date: IsoDate): IsoDate {
  let day = DateTime.fromISO(date, { zone: 'utc' });
  while (!calendar.isWorkingDay(day.toISODate() as IsoDate)) day = day.minus({ days: 1 });
  return day.toISODate() as IsoDate;
}

function subtractWorkingDays(calendar: WorkingCalendar, date: IsoDate, n: number): IsoDate {
  let day = DateTime.fromISO(date, { zone: 'utc' });
  let left = n;
  while (left > 0) {
    day = day.minus({ days: 1 });
    if (calendar.isWorkingDay(day.toISODate() as IsoDate)) left -= 1;
  }
  return day.toISODate() as IsoDate;
}

export interface SeedResult {
  seeded: boolean;
  orgs: number;
  cases: number;
}

/**
 * Seeds the demo organisations when the store has none (first run). `tenantId` links the first demo
 * organisation to an Entra tenant so real sign-in can be tried with it. `history: false` leaves out
 * the generated 15 months of history (for tests that count the hand-written demo cases).
 */
export async function seedDemo(store: Store, options: { now?: Date; tenantId?: string; history?: boolean } = {}): Promise<SeedResult> {
  if ((await store.orgs.list()).length > 0) return { seeded: false, orgs: 0, cases: 0 };
  const today = londonDate(options.now ?? new Date());
  let cases = 0;
  for (const [i, demo] of DEMO_ORGS.entries()) cases += await seedOrg(store, demo, today, { tenantId: i === 0 ? options.tenantId : undefined, history: options.history ?? true });
  return { seeded: true, orgs: DEMO_ORGS.length, cases };
}
