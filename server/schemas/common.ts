/**
 * Building blocks of the API schemas. Zod is the one source of truth: the same schemas validate
 * requests and produce the OpenAPI document, so the two never drift.
 */
import { z } from 'zod';
import { parseIsoDate } from '../../core/calendar';
import { safeLine, safeString } from '../../core/text-schema';
import { CHANNELS, CASE_KINDS, OUTCOMES, ROLES, SPSO_DECISIONS, CASE_STATUSES } from '../../core/types';

const isCalendarDate = (value: string): boolean => {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
};

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'must be a real calendar date')
  .meta({ id: 'IsoDate', description: 'A Europe/London calendar date, YYYY-MM-DD', example: '2026-03-02' });

export const IsoDateTimeSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-02T09:15:00Z' })
  .meta({ id: 'IsoDateTime', example: '2026-03-02T09:15:00Z' });

/**
 * Free text a person typed: the text rule of core/text.ts (no control or bidirectional formatting
 * characters, NFC), trimmed, not empty, bounded so one record cannot swamp the store.
 */
export const text = (max: number) => safeString().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** One line of text (a name, a service, a title): as `text`, and no tab or line break. */
export const line = (max: number) => safeLine().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An identifier from another system (a message id, a user id): one line, not trimmed. */
export const identifier = (max: number) => safeLine().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const ReferenceSchema = z
  .string()
  .regex(/^CHP-\d{4}-\d{6}$/, 'must be a case reference like CHP-2026-000123')
  .meta({ id: 'CaseReference', example: 'CHP-2026-000123' });

export const CaseKindSchema = z.enum(CASE_KINDS).meta({ id: 'CaseKind' });
export const ChannelSchema = z.enum(CHANNELS).meta({ id: 'Channel' });
export const OutcomeSchema = z.enum(OUTCOMES).meta({ id: 'Outcome' });
export const SpsoDecisionSchema = z.enum(SPSO_DECISIONS).meta({ id: 'SpsoDecision' });
export const CaseStatusSchema = z.enum(CASE_STATUSES).meta({ id: 'CaseStatus' });
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });

export const CustomerSchema = z
  .strictObject({
    withheldDetails: z.boolean(),
    anonymous: z.boolean(),
    name: line(200).optional(),
    email: z.email('must be an email address').max(320).optional(),
    phone: safeLine().trim().regex(/^[+()\d\s-]{3,30}$/, 'must be a phone number (digits, spaces, + ( ) -)').optional(),
    address: text(500).optional(),
  })
  .meta({ id: 'Customer', description: 'Record what the customer gives; anonymous complaints are allowed.' });

export const RepresentativeSchema = z
  .strictObject({
    name: line(200),
    contact: line(320).optional(),
    relationship: line(100).optional(),
    consentRecorded: z.boolean(),
  })
  .meta({ id: 'Representative' });

export const ContractorSchema = z
  .strictObject({ name: line(200), kind: z.enum(['contractor', 'aleo']) })
  .meta({ id: 'Contractor', description: 'A contractor or arm’s-length external organisation the complaint is about.' });

const MessageIdSchema = identifier(1024);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SourceLinkSchema = z
  .strictObject({
    kind: z.enum(['email', 'chat', 'tab']).meta({ description: 'email, chat, or tab: logged on the Teams tab form, messageId being the submission id (a UUID).' }),
    messageId: MessageIdSchema,
    internetMessageId: MessageIdSchema.optional(),
    conversationId: identifier(1024).optional(),
    webLink: z.url().max(2048).optional(),
    receivedAt: IsoDateTimeSchema.optional(),
    attachments: z
      .array(z.strictObject({ name: line(260), size: z.number().int().min(0), fetched: z.boolean() }))
      .max(100)
      .optional(),
  })
  .superRefine((link, ctx) => {
    if (link.kind !== 'tab') return;
    // A form submission is no message: only its id, which must be a fresh UUID so it cannot collide with a message's.
    if (!UUID.test(link.messageId)) ctx.addIssue({ code: 'custom', path: ['messageId'], message: 'must be a UUID (the form submission id) for a case logged on the tab' });
    for (const key of ['internetMessageId', 'conversationId', 'webLink', 'receivedAt', 'attachments'] as const) {
      if (link[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is not part of a tab form submission; leave it out' });
    }
  })
  .meta({ id: 'SourceLink', description: 'The Outlook or Teams message the case was logged from, or the tab form submission.' });

export const UserIdSchema = line(200);
