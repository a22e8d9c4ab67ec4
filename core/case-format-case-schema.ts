/**
 * The shape of a Case object (core/types.ts) as zod, to check Case objects read from JSON files.
 * Unknown extra fields are kept (the model grows additively); what is there must have the right type.
 */
import { z } from 'zod';
import { safeLine, safeString } from './text-schema';
import { CASE_EVENT_TYPES, CASE_KINDS, CASE_STATUSES, CHANNELS, OUTCOMES, SPSO_DECISIONS } from './types';

// Text keeps the text rule of core/text.ts; names and ids are single lines.
const text = safeString;
const line = safeLine;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'must be an ISO date-time');
const outcome = z.enum(OUTCOMES);

const clock = z.looseObject({
  startedOn: isoDate,
  standardDue: isoDate,
  extensionDays: z.number().int().min(0),
  due: isoDate,
});

const extension = z.looseObject({
  stage: z.union([z.literal(1), z.literal(2)]),
  workingDays: z.number().int().min(1),
  reason: text(),
  authorisedBy: line(),
  authorisedAt: isoDateTime,
  customerToldOn: isoDate.optional(),
  newDue: isoDate,
});

const stageRecord = {
  clock,
  extensions: z.array(extension),
  actionTaken: text().optional(),
  outcome: outcome.optional(),
  closedOn: isoDate.optional(),
};

const signOff = z.looseObject({
  author: line(),
  requestedAt: isoDateTime,
  draftSummary: text(),
  proposedOutcome: outcome,
  decision: z.enum(['approved', 'returned', 'voided']).optional(),
  decidedBy: line().optional(),
  decidedAt: isoDateTime.optional(),
  comments: text().optional(),
});

export const caseSchema = z.looseObject({
  reference: line().min(1),
  legacyReference: line().min(1).optional(),
  orgId: line().optional(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CHANNELS),
  source: z.looseObject({ kind: z.enum(['email', 'chat', 'tab']), messageId: line() }).optional(),
  receivedAt: isoDateTime,
  receivedOn: isoDate,
  customer: z.looseObject({
    withheldDetails: z.boolean(),
    anonymous: z.boolean(),
    name: line().optional(),
    email: line().optional(),
    phone: line().optional(),
    address: text().optional(),
  }),
  representative: z.looseObject({ name: line(), contact: line().optional(), relationship: line().optional(), consentRecorded: z.boolean() }).optional(),
  nature: text(),
  service: line().min(1),
  contractor: z.looseObject({ name: line().min(1), kind: z.enum(['contractor', 'aleo']) }).optional(),
  socialWork: z.boolean(),
  owner: line().optional(),
  loggedBy: line(),
  stage1: z.looseObject(stageRecord).optional(),
  stage2: z
    .looseObject({
      ...stageRecord,
      initiatedOn: isoDate,
      route: z.enum(['escalated', 'direct']),
      acknowledgeBy: isoDate,
      acknowledgedOn: isoDate.optional(),
      signOff: signOff.optional(),
    })
    .optional(),
  notAComplaintReason: text().optional(),
  withdrawnOn: isoDate.optional(),
  rootCause: z.looseObject({ category: line(), text: text().optional() }).optional(),
  remedialAction: text().optional(),
  spso: z
    .looseObject({
      referredOn: isoDate,
      decision: z.enum(SPSO_DECISIONS).optional(),
      decidedOn: isoDate.optional(),
      recommendations: z.array(z.looseObject({ text: text(), dueOn: isoDate.optional(), implementedOn: isoDate.optional() })),
    })
    .optional(),
  disposalOn: isoDate.optional(),
  events: z.array(
    z.looseObject({ id: line(), at: isoDateTime, by: line(), type: z.enum(CASE_EVENT_TYPES), summary: text() }),
  ),
});
