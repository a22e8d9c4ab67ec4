/**
 * Logging a case from Teams: the "Log as complaint" message action (composeExtension/fetchTask →
 * form, composeExtension/submitAction → case) and the same form opened by talking to the bot
 * (task/fetch, task/submit). The core logs the case; the store refuses duplicates per message.
 */
import { DateTime } from 'luxon';
import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { CHANNELS, CASE_KINDS, type Actor, type Case, type Customer, type SourceLink } from '../../core/types';
import { withoutRefusedCharacters } from '../../core/text';
import { safeLine, safeString } from '../../core/text-schema';
import { logCase, type NewCaseInput } from '../../core/workflow';
import type { Result } from '../../core/errors';
import { logForm, type MessageSource } from '../cards/logForm';
import { displayDate } from '../cards/labels';
import type { AdaptiveCardJson } from '../cards/render';
import type { Notice } from '../cards/caseCard';
import type { BotRuntime, OrgView } from '../runtime';
import { caseCardFor } from '../views';

/** The message a message action was invoked on (Teams `messagePayload`). */
export interface MessagePayload {
  id?: string;
  createdDateTime?: string;
  linkToMessage?: string;
  body?: { contentType?: string; content?: string };
  from?: { user?: { id?: string; displayName?: string; aadObjectId?: string } | null; application?: { displayName?: string } | null };
}

export function messageSourceOf(payload: MessagePayload | undefined, conversationId: string, now: Date): MessageSource | undefined {
  if (!payload?.id) return undefined;
  const html = payload.body?.content ?? '';
  const text = withoutRefusedCharacters(sanitizeHtml(html.replace(/<br\s*\/?>|<\/p>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim());
  return {
    messageId: payload.id,
    conversationId,
    webLink: payload.linkToMessage ?? '',
    receivedAt: payload.createdDateTime ?? now.toISOString(),
    authorName: withoutRefusedCharacters(payload.from?.user?.displayName ?? payload.from?.application?.displayName ?? '', { singleLine: true }),
    text,
  };
}

const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).optional().transform((v) => v === true || v === 'true');
/** Every text input keeps the text rule of core/text.ts; names and ids are single lines. */
const optionalLine = safeLine().trim().max(2000).optional().transform((v) => (v ? v : undefined));

export const LogFormSubmission = z.object({
  kind: z.enum(CASE_KINDS, { message: 'Choose complaint, compliment or comment.' }),
  channel: z.enum(CHANNELS, { message: 'Choose how it was received.' }).default('chat'),
  nature: safeString({}, { message: 'Describe the complaint.' }).trim().min(1, 'Describe the complaint.').max(20_000),
  service: safeLine({ message: 'Choose the service the complaint is about.' }).trim().min(1, 'Choose the service the complaint is about.'),
  customerName: optionalLine,
  customerEmail: optionalLine,
  customerPhone: optionalLine,
  withheld: flag,
  anonymous: flag,
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date received as a date.'),
  receivedTime: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/).optional().or(z.literal('')),
  socialWork: flag,
  complex: flag,
  contractorName: optionalLine,
  contractorKind: z.enum(['contractor', 'aleo']).default('contractor'),
  sourceMessageId: optionalLine,
  sourceConversationId: optionalLine,
  sourceWebLink: optionalLine,
  sourceReceivedAt: optionalLine,
});
export type LogFormSubmission = z.infer<typeof LogFormSubmission>;

function receivedAtOf(form: LogFormSubmission): string {
  const time = form.receivedTime || '00:00';
  if (form.sourceReceivedAt) {
    const source = DateTime.fromISO(form.sourceReceivedAt, { setZone: true }).setZone('Europe/London');
    // Unchanged date and time: keep the message's exact instant (seconds included).
    if (source.isValid && source.toISODate() === form.receivedOn && source.toFormat('HH:mm') === time.slice(0, 5)) return form.sourceReceivedAt;
  }
  const at = DateTime.fromISO(`${form.receivedOn}T${time}`, { zone: 'Europe/London' });
  if (!at.isValid) throw new RangeError(`"${form.receivedOn} ${time}" is not a date and time`);
  return at.toUTC().toISO()!;
}

function customerOf(form: LogFormSubmission): Customer {
  if (form.anonymous) return { anonymous: true, withheldDetails: true };
  const given = { name: form.customerName, email: form.customerEmail, phone: form.customerPhone };
  const nothingGiven = !given.name && !given.email && !given.phone;
  return {
    anonymous: false,
    withheldDetails: form.withheld || nothingGiven,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
}

export function newCaseInputOf(form: LogFormSubmission, source: SourceLink | undefined): NewCaseInput {
  return {
    kind: form.kind,
    channel: source ? 'chat' : form.channel,
    receivedAt: receivedAtOf(form),
    customer: customerOf(form),
    nature: form.nature,
    service: form.service,
    ...(form.contractorName ? { contractor: { name: form.contractorName, kind: form.contractorKind } } : {}),
    socialWork: form.socialWork,
    ...(source ? { source } : {}),
    ...(form.kind === 'complaint' && form.complex ? { startAtStage: 2 as const } : {}),
  };
}

/** The source link from the message payload (trusted, from Teams) or else the form's round-tripped fields. */
export function sourceLinkOf(form: LogFormSubmission, message: MessageSource | undefined): SourceLink | undefined {
  const messageId = message?.messageId ?? form.sourceMessageId;
  if (!messageId) return undefined;
  return {
    kind: 'chat',
    messageId,
    conversationId: message?.conversationId || form.sourceConversationId,
    webLink: message?.webLink || form.sourceWebLink,
    receivedAt: message?.receivedAt || form.sourceReceivedAt,
  };
}

export type LogOutcome = { kind: 'created'; case: Case } | { kind: 'existing'; case: Case } | { kind: 'refused'; message: string };

/** Logs the case through the core; a message logged before returns its existing case. */
export async function logFromForm(rt: BotRuntime, view: OrgView, actor: Actor, form: LogFormSubmission, source: SourceLink | undefined): Promise<LogOutcome> {
  if (source) {
    const existing = await rt.store.cases.findBySource(view.orgId, { messageId: source.messageId });
    if (existing) return { kind: 'existing', case: existing };
  }
  let input: NewCaseInput;
  try {
    input = newCaseInputOf(form, source);
  } catch (error) {
    return { kind: 'refused', message: error instanceof Error ? `${error.message}; correct the date received.` : 'Correct the date received.' };
  }
  const now = rt.now();
  const reference = await rt.store.references.next(view.orgId, Number(londonDate(now).slice(0, 4)));
  const logged: Result<Case> = logCase(reference, input, { actor, now: now.toISOString(), actionId: rt.newId(), calendar: view.calendar, settings: view.org.settings });
  if (!logged.ok) return { kind: 'refused', message: logged.error.message };
  const { case: stored, created } = await rt.store.cases.create(logged.value);
  return created ? { kind: 'created', case: stored } : { kind: 'existing', case: stored };
}

export function parseLogForm(data: unknown): { ok: true; form: LogFormSubmission } | { ok: false; message: string } {
  const parsed = LogFormSubmission.safeParse(data);
  if (parsed.success) return { ok: true, form: parsed.data };
  return { ok: false, message: [...new Set(parsed.error.issues.map(formIssue))].join(' ') };
}

/** The form's own messages say which input they are about; the text rule's are named here. */
const FORM_LABELS: Record<string, string> = {
  nature: 'The description of the complaint',
  service: 'The service',
  customerName: "The customer's name",
  customerEmail: "The customer's email",
  customerPhone: "The customer's phone",
  contractorName: 'The contractor',
};
function formIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'custom') return issue.message;
  const field = String(issue.path[0] ?? '');
  return `${FORM_LABELS[field] ?? field} ${issue.message}.`;
}

export function logFormCard(rt: BotRuntime, view: OrgView, message: MessageSource | undefined): AdaptiveCardJson {
  return logForm({ services: view.org.settings.services, now: rt.now().toISOString(), message });
}

/** The card that answers a log: the case card, with what happened in the banner. */
export function loggedCaseCard(rt: BotRuntime, view: OrgView, actor: Actor, outcome: Exclude<LogOutcome, { kind: 'refused' }>): AdaptiveCardJson {
  const c = outcome.case;
  const due = c.stage1?.clock.due ?? c.stage2?.clock.due;
  const notice: Notice =
    outcome.kind === 'existing'
      ? { kind: 'info', text: `This message was already logged as ${c.reference}; here is that case.` }
      : { kind: 'success', text: `Logged as ${c.reference}${due ? `; stage ${c.stage1 ? 1 : 2} response due ${displayDate(due)}` : ''}.` };
  return caseCardFor(view, c, actor, rt.today(), notice);
}
