/**
 * Words for people: dates as "Mon 7 Dec 2026", outcomes as "Partially upheld", roles as "Head of
 * service", and audit-event summaries made readable. Pure (no luxon, so the browser bundles stay
 * small); shared by the core and every adapter so the tab, the cards and the add-in say the same thing.
 */
import type { CaseStatus, Channel, Outcome, Role, SpsoDecision } from './types';

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  chat: 'Teams chat',
  phone: 'Phone',
  'in-person': 'In person',
  letter: 'Letter',
  'web-form': 'Web form',
  'social-media': 'Social media',
  other: 'Other',
};

export const OUTCOME_LABELS: Record<Outcome | SpsoDecision, string> = {
  upheld: 'Upheld',
  'partially-upheld': 'Partially upheld',
  'not-upheld': 'Not upheld',
  resolved: 'Resolved',
  'not-taken-forward': 'Not taken forward',
};

/** Where a case is in the procedure, in words. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  stage1: 'Stage 1 — frontline',
  'stage1-closed': 'Closed at stage 1',
  stage2: 'Stage 2 — investigation',
  'stage2-signoff': 'Awaiting sign-off',
  'stage2-signed-off': 'Signed off, to issue',
  'stage2-closed': 'Closed at stage 2',
  withdrawn: 'Withdrawn',
  'not-a-complaint': 'Not a complaint',
  recorded: 'Recorded',
};

export const ROLE_LABELS: Record<Role, string> = {
  'complaint-handler': 'Complaint handler',
  investigator: 'Complaints investigator',
  'head-of-service': 'Head of service',
  director: 'Director',
  'chief-executive': 'Chief executive',
  'complaints-manager': 'Complaints manager',
  'training-officer': 'Training officer',
  cswo: 'Chief Social Work Officer',
  'management-committee': 'Management committee',
  administrator: 'Administrator',
};

/** The fields an `update-details` event names, in words. */
const DETAIL_LABELS: Record<string, string> = {
  customer: 'customer details',
  representative: 'representative',
  nature: 'nature of the complaint',
  service: 'service',
  contractor: 'contractor or ALEO',
  socialWork: 'social work',
};

export const outcomeLabel = (code: string): string => OUTCOME_LABELS[code as Outcome] ?? code;
export const roleLabel = (role: string): string => ROLE_LABELS[role as Role] ?? role;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-07` → `Mon 7 Dec 2026`. A calendar date: no time zone shift. Anything else comes back unchanged. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate.slice(0, 10));
  if (!match) return isoDate;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return isoDate;
  return `${WEEKDAYS[date.getUTCDay()]} ${d} ${MONTHS[m - 1]} ${y}`;
}

let londonParts: Intl.DateTimeFormat | undefined;

/** An instant in London time: `2026-12-07T10:05:00Z` → `Mon 7 Dec 2026 10:05`. Unparseable text comes back unchanged. */
export function formatDateTime(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  londonParts ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const part = Object.fromEntries(londonParts.formatToParts(at).map((p) => [p.type, p.value]));
  return `${formatDate(`${part.year}-${part.month}-${part.day}`)} ${part.hour}:${part.minute}`;
}

const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?/g;
const DATE = /\b\d{4}-\d{2}-\d{2}\b(?!T)/g;
/** An outcome code where the core's summaries put one: after "(" or ": ", before punctuation or the end. */
const OUTCOME_CODE = /(?<=\(|: )(partially-upheld|not-upheld|not-taken-forward|upheld|resolved)(?=[).,;]|$)/g;

/** Dates, instants and outcome codes in a sentence from the core (a summary or a refusal), in words. */
export function readableText(text: string): string {
  return text
    .replace(INSTANT, (m) => formatDateTime(m))
    .replace(DATE, (m) => formatDate(m))
    .replace(OUTCOME_CODE, (m) => outcomeLabel(m));
}

/**
 * An audit event's summary for a person: `readableText`, plus the people it names by id (through
 * `nameOf`, when known) and the detail fields an update changed. Summaries already in words are
 * left as they are, so this is safe on old and new events alike.
 */
export function readableSummary(summary: string, nameOf?: (userId: string) => string | undefined): string {
  let text = readableText(summary);
  const details = /^Details updated: (.+)\.$/.exec(text);
  if (details) text = `Details updated: ${details[1].split(', ').map((f) => DETAIL_LABELS[f] ?? f).join(', ')}.`;
  if (nameOf) text = text.replace(/(?<=^Assigned to ).+(?=\.$)/, (id) => nameOf(id) ?? id);
  return text;
}
