/**
 * The shape of a Case object (core/types.ts) as zod, to check Case objects read from JSON files.
 * Unknown extra fields are kept (the model grows additively); what is there must have the right type.
 */
import { z } from 'zod';
import { CASE_EVENT_TYPES, CASE_KINDS, CASE_STATUSES, CHANNELS, OUTCOMES, SPSO_DECISIONS } from './types';

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
  reason: z.string(),
  authorisedBy: z.string(),
  authorisedAt: isoDateTime,
  customerToldOn: isoDate.optional(),
  newDue: isoDate,
});

const stageRecord = {
  clock,
  extensions: z.array(extension),
  actionTaken: z.string().optional(),
  outcome: outcome.optional(),
  closedOn: isoDate.optional(),
};

const signOff = z.looseObject({
  author: z.string(),
  requestedAt: isoDateTime,
  draftSummary: z.string(),
  proposedOutcome: outcome,
  decision: z.enum(['approved', 'returned']).optional(),
  decidedBy: z.string().optional(),
  decidedAt: isoDateTime.optional(),
  comments: z.string().optional(),
});

export const caseSchema = z.looseObject({
  reference: z.string().min(1),
  orgId: z.string().optional(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CHANNELS),
  source: z.looseObject({ kind: z.enum(['email', 'chat', 'tab']), messageId: z.string() }).optional(),
  receivedAt: isoDateTime,
  receivedOn: isoDate,
  customer: z.looseObject({
    withheldDetails: z.boolean(),
    anonymous: z.boolean(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    address: z.string().optional(),
  }),
  representative: z.looseObject({ name: z.string(), contact: z.string().optional(), relationship: z.string().optional(), consentRecorded: z.boolean() }).optional(),
  nature: z.string(),
  service: z.string().min(1),
  contractor: z.looseObject({ name: z.string().min(1), kind: z.enum(['contractor', 'aleo']) }).optional(),
  socialWork: z.boolean(),
  owner: z.string().optional(),
  loggedBy: z.string(),
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
  notAComplaintReason: z.string().optional(),
  withdrawnOn: isoDate.optional(),
  rootCause: z.looseObject({ category: z.string(), text: z.string().optional() }).optional(),
  remedialAction: z.string().optional(),
  spso: z
    .looseObject({
      referredOn: isoDate,
      decision: z.enum(SPSO_DECISIONS).optional(),
      decidedOn: isoDate.optional(),
      recommendations: z.array(z.looseObject({ text: z.string(), dueOn: isoDate.optional(), implementedOn: isoDate.optional() })),
    })
    .optional(),
  disposalOn: isoDate.optional(),
  events: z.array(
    z.looseObject({ id: z.string(), at: isoDateTime, by: z.string(), type: z.enum(CASE_EVENT_TYPES), summary: z.string() }),
  ),
});
