/** Request and response schemas of the case routes. */
import { z } from 'zod';
import { CASE_SORTS, OPEN_STATUSES } from '../../core/caseload';
import { CASE_STATUSES, type CaseStatus } from '../../core/types';
import {
  CaseKindSchema,
  CaseStatusSchema,
  ChannelSchema,
  ContractorSchema,
  CustomerSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  OutcomeSchema,
  ReferenceSchema,
  RepresentativeSchema,
  SourceLinkSchema,
  SpsoDecisionSchema,
  identifier,
  line,
  text,
  UserIdSchema,
} from './common';

export const NewCaseSchema = z
  .strictObject({
    kind: CaseKindSchema,
    channel: ChannelSchema,
    receivedAt: IsoDateTimeSchema.optional().meta({ description: 'Defaults to now.' }),
    customer: CustomerSchema,
    representative: RepresentativeSchema.optional(),
    nature: text(10_000),
    service: line(200),
    contractor: ContractorSchema.optional(),
    socialWork: z.boolean().default(false),
    owner: UserIdSchema.optional().meta({
      description: 'Who handles it (default: you). Naming someone else needs case.assign (else 403); they must be complaints staff of the case’s service (else 422).',
    }),
    source: SourceLinkSchema.optional(),
    startAtStage: z.union([z.literal(1), z.literal(2)]).optional().meta({ description: 'Complaints only; 2 = complex, straight to investigation.' }),
  })
  .meta({ id: 'NewCase' });
export type NewCaseBody = z.infer<typeof NewCaseSchema>;

export const ActionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1–100 letters, digits or . _ : -')
  .meta({ description: 'Idempotency key: retrying with the same actionId does not apply the action twice.' });

const action = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), actionId: ActionIdSchema.optional(), ...shape });

const workingDays = z.number().int('must be a whole number of working days').min(1).max(60);

export const CaseActionSchema = z
  .discriminatedUnion('type', [
    action('assign', { owner: UserIdSchema.meta({ description: 'A member of the organisation’s complaints staff who works on the case’s service (else 422).' }) }),
    action('extend', { workingDays, reason: text(2000), customerToldOn: IsoDateSchema.optional() }),
    action('acknowledge', { on: IsoDateSchema }),
    action('close-stage1', { outcome: OutcomeSchema, actionTaken: text(10_000), on: IsoDateSchema }),
    action('escalate', { on: IsoDateSchema, reason: text(2000) }),
    action('request-signoff', { draftSummary: text(20_000), proposedOutcome: OutcomeSchema }),
    action('approve-signoff', { comments: text(2000).optional() }),
    action('return-signoff', { comments: text(2000) }),
    action('close-stage2', { actionTaken: text(10_000), on: IsoDateSchema }),
    action('withdraw', { on: IsoDateSchema, reason: text(2000).optional() }),
    action('mark-not-a-complaint', { reason: text(2000) }),
    action('record-root-cause', { category: line(200), text: text(5000).optional(), remedialAction: text(5000).optional() }),
    action('update-details', {
      changes: z
        .strictObject({
          customer: CustomerSchema.optional(),
          representative: RepresentativeSchema.optional(),
          nature: text(10_000).optional(),
          service: line(200).optional(),
          contractor: ContractorSchema.nullable().optional(),
          socialWork: z.boolean().optional(),
        })
        .refine((c) => Object.keys(c).length > 0, 'name at least one detail to change'),
    }),
    action('refer-to-spso', { on: IsoDateSchema }),
    action('record-spso-decision', { decision: SpsoDecisionSchema, on: IsoDateSchema, recommendations: z.array(text(2000)).max(50), recommendationsDueOn: IsoDateSchema.optional() }),
    action('record-spso-recommendation-implemented', { index: z.number().int().min(0).max(49), on: IsoDateSchema }),
    action('set-legal-hold', { reason: text(2000) }),
    action('release-legal-hold', {}),
    action('record-quote-consent', { text: text(1000).or(z.literal('')).optional() }),
  ])
  .meta({ id: 'CaseAction', description: 'One action on a case, chosen by `type`.' });
export type CaseActionBody = z.infer<typeof CaseActionSchema>;

/** "open" and "closed" stand for their statuses (core/caseload OPEN_STATUSES and the rest). */
const STATUS_GROUPS: Record<string, readonly CaseStatus[]> = {
  open: OPEN_STATUSES,
  closed: CASE_STATUSES.filter((s) => !OPEN_STATUSES.includes(s)),
};

const statusList = z
  .string()
  .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean).flatMap((s) => STATUS_GROUPS[s] ?? [s]))])
  .pipe(z.array(z.enum(CASE_STATUSES, { message: `must be open, closed or a status: ${CASE_STATUSES.join(', ')}` })).min(1, 'name at least one status').max(20));

export const CaseListQuerySchema = z.strictObject({
  owner: UserIdSchema.optional().meta({ description: 'A user id, or "me".' }),
  service: line(200).optional(),
  status: statusList.optional().meta({ description: 'Comma-separated statuses; "open" and "closed" stand for all open or all closed ones.' }),
  stage: z.enum(['1', '2']).transform(Number).pipe(z.union([z.literal(1), z.literal(2)])).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: 'Only cases past their due date today.' }),
  text: line(200).optional().meta({ description: 'Words to look for in the reference, customer name and nature.' }),
  sort: z
    .enum(CASE_SORTS)
    .optional()
    .meta({ description: 'due (soonest first; the same order as working days left), received (newest first), reference, owner or service (each soonest due first).' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  continuation: identifier(4096).optional().meta({ description: 'From the previous page’s `continuation`.' }),
});

export const BySourceQuerySchema = z
  .strictObject({ messageId: identifier(1024).optional(), internetMessageId: identifier(1024).optional() })
  .refine((q) => q.messageId !== undefined || q.internetMessageId !== undefined, {
    message: 'give messageId or internetMessageId (or both)',
    path: ['messageId'],
  });

export const RefParamsSchema = z.strictObject({ ref: ReferenceSchema });

const StageClockSchema = z.object({ startedOn: IsoDateSchema, standardDue: IsoDateSchema, extensionDays: z.number().int(), due: IsoDateSchema });
const ExtensionSchema = z.object({
  stage: z.union([z.literal(1), z.literal(2)]),
  workingDays: z.number().int(),
  reason: z.string(),
  authorisedBy: z.string(),
  authorisedAt: IsoDateTimeSchema,
  customerToldOn: IsoDateSchema.optional(),
  newDue: IsoDateSchema,
});
const StageRecordShape = {
  clock: StageClockSchema,
  extensions: z.array(ExtensionSchema),
  actionTaken: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  closedOn: IsoDateSchema.optional(),
};
const SignOffSchema = z.object({
  author: z.string(),
  requestedAt: IsoDateTimeSchema,
  draftSummary: z.string(),
  proposedOutcome: OutcomeSchema,
  decision: z.enum(['approved', 'returned']).optional(),
  decidedBy: z.string().optional(),
  decidedAt: IsoDateTimeSchema.optional(),
  comments: z.string().optional(),
});
export const CaseEventSchema = z
  .object({
    id: z.string(),
    at: IsoDateTimeSchema,
    by: z.string(),
    type: z.string(),
    summary: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'CaseEvent' });

/** The case as the API returns it (documentation only; the core owns the shape). */
export const CaseSchema = z
  .object({
    reference: ReferenceSchema,
    orgId: z.string(),
    kind: CaseKindSchema,
    status: CaseStatusSchema,
    channel: ChannelSchema,
    source: SourceLinkSchema.optional(),
    receivedAt: IsoDateTimeSchema,
    receivedOn: IsoDateSchema,
    customer: CustomerSchema,
    representative: RepresentativeSchema.optional(),
    nature: z.string(),
    service: z.string(),
    contractor: ContractorSchema.optional(),
    socialWork: z.boolean(),
    owner: z.string().optional(),
    loggedBy: z.string(),
    stage1: z.object(StageRecordShape).optional(),
    stage2: z
      .object({
        ...StageRecordShape,
        initiatedOn: IsoDateSchema,
        route: z.enum(['escalated', 'direct']),
        acknowledgeBy: IsoDateSchema,
        acknowledgedOn: IsoDateSchema.optional(),
        signOff: SignOffSchema.optional(),
      })
      .optional(),
    notAComplaintReason: z.string().optional(),
    withdrawnOn: IsoDateSchema.optional(),
    rootCause: z.object({ category: z.string(), text: z.string().optional() }).optional(),
    remedialAction: z.string().optional(),
    spso: z
      .object({
        referredOn: IsoDateSchema,
        decision: SpsoDecisionSchema.optional(),
        decidedOn: IsoDateSchema.optional(),
        recommendations: z.array(z.object({ text: z.string(), dueOn: IsoDateSchema.optional(), implementedOn: IsoDateSchema.optional() })),
      })
      .optional(),
    disposalOn: IsoDateSchema.optional(),
    legalHold: z.object({ reason: z.string(), setBy: z.string(), setAt: IsoDateTimeSchema }).optional(),
    events: z.array(CaseEventSchema),
  })
  .meta({ id: 'Case' });

export const CasePageSchema = z
  .object({ items: z.array(CaseSchema), continuation: z.string().optional() })
  .meta({ id: 'CasePage', description: 'One page of cases; pass `continuation` back for the next.' });

export const ActionResultSchema = z
  .object({ case: CaseSchema, event: CaseEventSchema, replayed: z.boolean() })
  .meta({ id: 'ActionResult', description: '`replayed` is true when this actionId had already been applied.' });

export const AvailableActionsSchema = z
  .object({
    reference: ReferenceSchema,
    actions: z.array(z.string()),
    next: z.string().optional().describe('The next procedural step: the one primary action.'),
    everyday: z.array(z.string()),
    more: z.array(z.object({ action: z.string(), confirm: z.string() })).describe('Rare or irreversible actions, each with the question to confirm it.'),
    notOffered: z.array(z.object({ action: z.string(), reason: z.string() })).describe('Steps the stage needs that you are not offered, and why.'),
  })
  .meta({ id: 'AvailableActions' });
