/**
 * Learning from complaints (model CHP Part 4): improvement actions that come out of any complaint,
 * upheld or not, or out of a trend. An action is authorised by an appropriate manager, owned by an
 * officer or team, has a target date, is followed up until done, may need performance monitoring,
 * has its learning points shared, and may carry "you said, we did" text for publication.
 *
 * Pure: no I/O. Every change goes through `applyImprovementAction`, which checks permission and state
 * and appends an audit event, like the case workflow does.
 */
import type { RuleViolation, Result } from './errors';
import { hasPermission } from './permissions';
import type { Actor, Case, IsoDate, IsoDateTime } from './types';

export const IMPROVEMENT_STATUSES = ['proposed', 'authorised', 'in-progress', 'completed', 'cancelled'] as const;
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];
/** Statuses in which the action still has work to do (and so can become overdue). */
export const OPEN_IMPROVEMENT_STATUSES: readonly ImprovementStatus[] = ['proposed', 'authorised', 'in-progress'];

export interface ImprovementOwner {
  kind: 'officer' | 'team';
  /** User id for an officer; team name (or Teams channel id) for a team. */
  id: string;
  displayName: string;
}

export interface ImprovementNote {
  at: IsoDateTime;
  by: string;
  text: string;
}

export interface LearningShared {
  /** Who the learning points went to ("Waste services crews", "all frontline staff"). */
  with: string;
  on: IsoDate;
  /** How they were shared (team brief, bulletin, training session). */
  how?: string;
  recordedBy: string;
}

export interface Monitoring {
  needed: boolean;
  /** What will be monitored and how. */
  plan?: string;
  result?: string;
  resultRecordedAt?: IsoDateTime;
  resultRecordedBy?: string;
}

/** Text for the public "you said, we did" publication: no personal data. */
export interface Publication {
  youSaid: string;
  weDid: string;
  /** Marked for the quarterly publication. */
  publish: boolean;
}

export interface ImprovementEvent {
  id: string;
  at: IsoDateTime;
  by: string;
  type: ImprovementCommand['type'];
  summary: string;
}

export interface ImprovementAction {
  id: string;
  orgId: string;
  /** Cases this action came from (one or more); empty for an action from a trend. */
  caseReferences: string[];
  /** The service the improvement is in (drives per-service reporting). */
  service: string;
  /** Root cause category it addresses (from OrgSettings.rootCauseCategories). */
  rootCauseCategory?: string;
  description: string;
  status: ImprovementStatus;
  createdBy: string;
  createdAt: IsoDateTime;
  /** The manager who authorised it, and when. */
  authorisedBy?: string;
  authorisedByName?: string;
  authorisedAt?: IsoDateTime;
  owner: ImprovementOwner;
  targetDate: IsoDate;
  completedOn?: IsoDate;
  /** What shows the action was done (a report, a changed procedure, figures), given at completion. */
  completionEvidence?: string;
  cancelledReason?: string;
  followUps: ImprovementNote[];
  monitoring: Monitoring;
  learningShared: LearningShared[];
  publication?: Publication;
  events: ImprovementEvent[];
}

export interface NewImprovementInput {
  caseReferences: string[];
  service: string;
  rootCauseCategory?: string;
  description: string;
  owner: ImprovementOwner;
  targetDate: IsoDate;
  monitoringNeeded: boolean;
  monitoringPlan?: string;
  publication?: Publication;
}

export type ImprovementCommand =
  | { type: 'create' }
  | { type: 'authorise' }
  | { type: 'start' }
  | { type: 'reassign'; owner: ImprovementOwner }
  | { type: 'change-target-date'; targetDate: IsoDate; reason: string }
  | { type: 'add-follow-up'; note: string }
  | { type: 'set-monitoring'; needed: boolean; plan?: string }
  | { type: 'record-monitoring-result'; result: string }
  | { type: 'share-learning'; with: string; on: IsoDate; how?: string }
  | { type: 'set-publication'; publication: Publication }
  | { type: 'complete'; on: IsoDate; note: string; evidence?: string }
  | { type: 'cancel'; reason: string };
export type ImprovementCommandType = ImprovementCommand['type'];

export interface ImprovementContext {
  actor: Actor;
  now: IsoDateTime;
  /** Europe/London date of `now`. */
  today: IsoDate;
  actionId: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const violation = (code: RuleViolation['code'], message: string): { ok: false; error: RuleViolation } => ({ ok: false, error: { code, message } });

function checkDate(value: string, what: string): RuleViolation | undefined {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return { code: 'invalid-input', message: `Give the ${what} as a date YYYY-MM-DD (got "${value}").` };
  }
  return undefined;
}

function checkOwner(owner: ImprovementOwner): RuleViolation | undefined {
  if (!owner.id.trim() || !owner.displayName.trim()) {
    return { code: 'invalid-input', message: 'Name the officer or team who owns the improvement action.' };
  }
  return undefined;
}

/** Creates a proposed improvement action; an authorising manager must then authorise it. */
export function createImprovementAction(id: string, orgId: string, input: NewImprovementInput, ctx: ImprovementContext): Result<ImprovementAction> {
  if (!hasPermission(ctx.actor, 'improvement.create')) {
    return violation('forbidden', 'Your role may not record improvement actions; ask a complaints manager or head of service.');
  }
  if (!input.description.trim()) return violation('invalid-input', 'Describe the improvement action: what will change.');
  if (!input.service.trim()) return violation('invalid-input', 'Say which service the improvement action is in.');
  const problem = checkDate(input.targetDate, 'target date') ?? checkOwner(input.owner);
  if (problem) return { ok: false, error: problem };
  if (input.targetDate < ctx.today) {
    return violation('invalid-input', `The target date ${input.targetDate} is in the past; set a date from ${ctx.today} on.`);
  }
  const action: ImprovementAction = {
    id,
    orgId,
    caseReferences: [...new Set(input.caseReferences)],
    service: input.service.trim(),
    rootCauseCategory: input.rootCauseCategory,
    description: input.description.trim(),
    status: 'proposed',
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    owner: input.owner,
    targetDate: input.targetDate,
    followUps: [],
    monitoring: { needed: input.monitoringNeeded, plan: input.monitoringPlan },
    learningShared: [],
    publication: input.publication,
    events: [{ id: ctx.actionId, at: ctx.now, by: ctx.actor.userId, type: 'create', summary: `Improvement action proposed: ${input.description.trim()}` }],
  };
  return { ok: true, value: action };
}

const isOpen = (status: ImprovementStatus): boolean => OPEN_IMPROVEMENT_STATUSES.includes(status);

/** The permission each command needs. Authorising needs a manager role; the rest the owner or an updater. */
function permissionFor(command: ImprovementCommand): 'improvement.create' | 'improvement.authorise' | 'improvement.update' {
  switch (command.type) {
    case 'create':
      return 'improvement.create';
    case 'authorise':
    case 'cancel':
    case 'change-target-date':
    case 'reassign':
      return 'improvement.authorise';
    default:
      return 'improvement.update';
  }
}

/** Whether the actor may take this command on this action; the owner officer may always update their own action. */
function allowed(action: ImprovementAction, command: ImprovementCommand, actor: Actor): boolean {
  const permission = permissionFor(command);
  if (hasPermission(actor, permission)) return true;
  const ownsIt = action.owner.kind === 'officer' && action.owner.id === actor.userId;
  return permission === 'improvement.update' && ownsIt;
}

type Change = { ok: true; value: { action: Partial<ImprovementAction>; summary: string } } | { ok: false; error: RuleViolation };
const change = (action: Partial<ImprovementAction>, summary: string): Change => ({ ok: true, value: { action, summary } });

function decide(current: ImprovementAction, command: ImprovementCommand, ctx: ImprovementContext): Change {
  const name = ctx.actor.displayName;
  switch (command.type) {
    case 'create':
      return violation('not-allowed-now', 'This improvement action already exists.');
    case 'authorise':
      if (current.status !== 'proposed') return violation('not-allowed-now', `The action is already ${current.status}; only a proposed action is authorised.`);
      return change({ status: 'authorised', authorisedBy: ctx.actor.userId, authorisedByName: name, authorisedAt: ctx.now }, `Authorised by ${name}`);
    case 'start':
      if (current.status !== 'authorised') {
        return violation('not-allowed-now', current.status === 'proposed' ? 'A manager must authorise the action before work starts.' : `The action is ${current.status}; it cannot be started.`);
      }
      return change({ status: 'in-progress' }, 'Work started');
    case 'reassign': {
      const problem = checkOwner(command.owner);
      if (problem) return { ok: false, error: problem };
      if (!isOpen(current.status)) return violation('not-allowed-now', `The action is ${current.status}; a closed action keeps its owner.`);
      return change({ owner: command.owner }, `Owner changed to ${command.owner.displayName}`);
    }
    case 'change-target-date': {
      const problem = checkDate(command.targetDate, 'target date');
      if (problem) return { ok: false, error: problem };
      if (!command.reason.trim()) return violation('invalid-input', 'Give the reason the target date moves.');
      if (!isOpen(current.status)) return violation('not-allowed-now', `The action is ${current.status}; its target date no longer changes.`);
      if (command.targetDate < ctx.today) return violation('invalid-input', `The new target date ${command.targetDate} is in the past.`);
      return change({ targetDate: command.targetDate }, `Target date moved from ${current.targetDate} to ${command.targetDate}: ${command.reason.trim()}`);
    }
    case 'add-follow-up':
      if (!command.note.trim()) return violation('invalid-input', 'Write the follow-up note.');
      return change({ followUps: [...current.followUps, { at: ctx.now, by: ctx.actor.userId, text: command.note.trim() }] }, 'Follow-up noted');
    case 'set-monitoring':
      return change({ monitoring: { ...current.monitoring, needed: command.needed, plan: command.plan ?? current.monitoring.plan } }, command.needed ? 'Performance monitoring needed' : 'No performance monitoring needed');
    case 'record-monitoring-result':
      if (!current.monitoring.needed) return violation('not-allowed-now', 'This action has no performance monitoring; mark monitoring as needed first.');
      if (!command.result.trim()) return violation('invalid-input', 'Write the result of the performance monitoring.');
      return change(
        { monitoring: { ...current.monitoring, result: command.result.trim(), resultRecordedAt: ctx.now, resultRecordedBy: ctx.actor.userId } },
        'Monitoring result recorded',
      );
    case 'share-learning': {
      const problem = checkDate(command.on, 'date the learning was shared');
      if (problem) return { ok: false, error: problem };
      if (!command.with.trim()) return violation('invalid-input', 'Say who the learning points were shared with.');
      if (command.on > ctx.today) return violation('invalid-input', 'Record learning once it has been shared: the date is in the future.');
      const shared: LearningShared = { with: command.with.trim(), on: command.on, how: command.how?.trim() || undefined, recordedBy: ctx.actor.userId };
      return change({ learningShared: [...current.learningShared, shared] }, `Learning shared with ${shared.with}`);
    }
    case 'set-publication': {
      const { youSaid, weDid, publish } = command.publication;
      if (publish && (!youSaid.trim() || !weDid.trim())) return violation('invalid-input', 'Write both "you said" and "we did" before marking the action for publication.');
      return change({ publication: { youSaid: youSaid.trim(), weDid: weDid.trim(), publish } }, publish ? 'Marked for "you said, we did"' : '"You said, we did" text saved, not for publication');
    }
    case 'complete': {
      const problem = checkDate(command.on, 'completion date');
      if (problem) return { ok: false, error: problem };
      if (current.status === 'proposed') return violation('not-allowed-now', 'A manager must authorise the action before it can be completed.');
      if (!isOpen(current.status)) return violation('not-allowed-now', `The action is already ${current.status}.`);
      if (!command.note.trim()) return violation('invalid-input', 'Say what was done to complete the action.');
      if (command.on > ctx.today) return violation('invalid-input', 'The completion date is in the future.');
      const note: ImprovementNote = { at: ctx.now, by: ctx.actor.userId, text: command.note.trim() };
      const evidence = command.evidence?.trim() || undefined;
      return change({ status: 'completed', completedOn: command.on, completionEvidence: evidence, followUps: [...current.followUps, note] }, `Completed on ${command.on}${evidence ? `; evidence: ${evidence}` : ''}`);
    }
    case 'cancel':
      if (!isOpen(current.status)) return violation('not-allowed-now', `The action is already ${current.status}.`);
      if (!command.reason.trim()) return violation('invalid-input', 'Give the reason the action is cancelled.');
      return change({ status: 'cancelled', cancelledReason: command.reason.trim() }, `Cancelled: ${command.reason.trim()}`);
  }
}

/**
 * Applies one command. Pure; never mutates `current`. A replay (an event with ctx.actionId already
 * recorded) returns the action unchanged with replayed: true, so retries are safe.
 */
export function applyImprovementAction(
  current: ImprovementAction,
  command: ImprovementCommand,
  ctx: ImprovementContext,
): Result<{ action: ImprovementAction; event: ImprovementEvent; replayed: boolean }> {
  const previous = current.events.find((e) => e.id === ctx.actionId);
  if (previous) return { ok: true, value: { action: current, event: previous, replayed: true } };
  if (!allowed(current, command, ctx.actor)) {
    const who = permissionFor(command) === 'improvement.authorise' ? 'an authorising manager (head of service, director, chief executive or complaints manager)' : 'the owner or a complaints manager';
    return violation('forbidden', `Only ${who} may ${command.type.replace(/-/g, ' ')} an improvement action.`);
  }
  const decided = decide(current, command, ctx);
  if (!decided.ok) return decided;
  const event: ImprovementEvent = { id: ctx.actionId, at: ctx.now, by: ctx.actor.userId, type: command.type, summary: decided.value.summary };
  const action: ImprovementAction = { ...current, ...decided.value.action, events: [...current.events, event] };
  return { ok: true, value: { action, event, replayed: false } };
}

/** Overdue: still open after its target date. */
export function isImprovementOverdue(action: Pick<ImprovementAction, 'status' | 'targetDate'>, today: IsoDate): boolean {
  return isOpen(action.status) && action.targetDate < today;
}

export interface ImprovementReminder {
  actionId: string;
  orgId: string;
  owner: ImprovementOwner;
  kind: 'due-soon' | 'overdue' | 'awaiting-authorisation';
  targetDate: IsoDate;
  /** Calendar days past the target date (0 when not overdue). */
  daysOverdue: number;
  message: string;
}

const dayNumber = (date: IsoDate): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/**
 * The reminders due today: overdue actions (every day), actions due within `dueSoonDays` calendar days,
 * and proposals still waiting for a manager's authorisation after `authorisationWaitDays`.
 */
export function improvementReminders(
  actions: readonly ImprovementAction[],
  today: IsoDate,
  options: { dueSoonDays?: number; authorisationWaitDays?: number } = {},
): ImprovementReminder[] {
  const dueSoonDays = options.dueSoonDays ?? 7;
  const waitDays = options.authorisationWaitDays ?? 5;
  const reminders: ImprovementReminder[] = [];
  for (const action of actions) {
    if (!isOpen(action.status)) continue;
    const base = { actionId: action.id, orgId: action.orgId, owner: action.owner, targetDate: action.targetDate };
    const late = dayNumber(today) - dayNumber(action.targetDate);
    if (late > 0) {
      reminders.push({ ...base, kind: 'overdue', daysOverdue: late, message: `Improvement action overdue by ${late} day${late === 1 ? '' : 's'} (target ${action.targetDate}): ${action.description}` });
    } else if (-late <= dueSoonDays) {
      reminders.push({ ...base, kind: 'due-soon', daysOverdue: 0, message: `Improvement action due ${action.targetDate}: ${action.description}` });
    }
    if (action.status === 'proposed' && dayNumber(today) - dayNumber(action.createdAt.slice(0, 10)) >= waitDays) {
      reminders.push({ ...base, kind: 'awaiting-authorisation', daysOverdue: Math.max(0, late), message: `Improvement action awaits a manager's authorisation: ${action.description}` });
    }
  }
  return reminders;
}

/** One piece of personal data found in text meant for the public. */
export interface PersonalDataFinding {
  caseReference?: string;
  what: 'name' | 'email' | 'phone' | 'address' | 'postcode' | 'any-email';
  /** The matched text, to show the editor what to remove. */
  found: string;
}

const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
const digitsOnly = (text: string): string => text.replace(/\D/g, '');
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, 'iu').test(text);
}

function phoneFound(text: string, phone: string): boolean {
  const wanted = digitsOnly(phone);
  if (wanted.length < 6) return false;
  // Compare digit runs (spaces, dashes, brackets and +44 variants ignored).
  const runs = text.match(/[+\d][\d\s().-]{4,}\d/g) ?? [];
  const local = wanted.startsWith('44') ? `0${wanted.slice(2)}` : wanted;
  return runs.some((run) => {
    const d = digitsOnly(run);
    const dl = d.startsWith('44') ? `0${d.slice(2)}` : d;
    return dl.includes(local) || (dl.length >= 6 && local.includes(dl));
  });
}

/**
 * Personal data of the customers (and representatives) of `cases` found in `text`: full names,
 * surnames as a capitalised word, email addresses, phone numbers, addresses and postcodes; plus any
 * email address at all (never wanted in a public text).
 */
export function findPersonalData(text: string, cases: readonly Pick<Case, 'reference' | 'customer' | 'representative'>[]): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  const plain = normalise(text);
  const add = (f: PersonalDataFinding): void => {
    if (!findings.some((x) => x.what === f.what && x.found.toLowerCase() === f.found.toLowerCase())) findings.push(f);
  };
  for (const c of cases) {
    const names = [c.customer.name, c.representative?.name].filter((n): n is string => !!n && n.trim().length > 1);
    for (const name of names) {
      if (containsWord(plain, normalise(name))) add({ caseReference: c.reference, what: 'name', found: name });
      const parts = name.trim().split(/\s+/);
      const surname = parts[parts.length - 1];
      // A surname alone identifies too; checked as a capitalised word so "hall" in "community hall" is not caught.
      if (parts.length > 1 && surname.length >= 3 && new RegExp(`(^|[^\\p{L}])${surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text)) {
        add({ caseReference: c.reference, what: 'name', found: surname });
      }
    }
    const emails = [c.customer.email, c.representative?.contact?.includes('@') ? c.representative.contact : undefined];
    for (const email of emails) if (email && plain.includes(normalise(email))) add({ caseReference: c.reference, what: 'email', found: email });
    const phones = [c.customer.phone, c.representative?.contact && !c.representative.contact.includes('@') ? c.representative.contact : undefined];
    for (const phone of phones) if (phone && phoneFound(text, phone)) add({ caseReference: c.reference, what: 'phone', found: phone });
    const address = c.customer.address;
    if (address) {
      const firstLine = normalise(address.split(/[,\n]/)[0] ?? '');
      if (firstLine.length >= 5 && plain.includes(firstLine)) add({ caseReference: c.reference, what: 'address', found: address.split(/[,\n]/)[0].trim() });
      for (const m of address.matchAll(POSTCODE)) {
        const code = `${m[1]}${m[2]}`.toUpperCase();
        const inText = [...text.matchAll(POSTCODE)].some((t) => `${t[1]}${t[2]}`.toUpperCase() === code);
        if (inText) add({ caseReference: c.reference, what: 'postcode', found: `${m[1]} ${m[2]}`.toUpperCase() });
      }
    }
  }
  for (const m of text.matchAll(EMAIL)) add({ what: 'any-email', found: m[0] });
  return findings;
}

/** A sentence a person can act on, listing what to remove before publishing. */
export function describePersonalData(findings: readonly PersonalDataFinding[]): string {
  const items = findings.map((f) => `${f.what === 'any-email' ? 'an email address' : `the customer's ${f.what}`} "${f.found}"${f.caseReference ? ` (case ${f.caseReference})` : ''}`);
  return `Remove personal data before publishing: the text contains ${items.join('; ')}.`;
}

/** The actions marked for "you said, we did" whose completion or update falls in the period. */
export function publishableActions(actions: readonly ImprovementAction[]): ImprovementAction[] {
  return actions.filter((a) => a.publication?.publish && a.status !== 'cancelled');
}

/** Checks every publishable action's text against its cases' personal data. */
export function checkPublication(
  actions: readonly ImprovementAction[],
  casesByReference: ReadonlyMap<string, Pick<Case, 'reference' | 'customer' | 'representative'>>,
): { ok: true } | { ok: false; problems: { actionId: string; findings: PersonalDataFinding[]; message: string }[] } {
  const problems: { actionId: string; findings: PersonalDataFinding[]; message: string }[] = [];
  for (const action of publishableActions(actions)) {
    const cases = action.caseReferences.map((r) => casesByReference.get(r)).filter((c): c is NonNullable<typeof c> => !!c);
    const text = `${action.publication?.youSaid ?? ''}\n${action.publication?.weDid ?? ''}`;
    const findings = findPersonalData(text, cases);
    if (findings.length > 0) problems.push({ actionId: action.id, findings, message: describePersonalData(findings) });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
