/**
 * What the Outlook add-in needs beyond the case API: which case an email already is (the message itself,
 * or a reply in a logged conversation), linking a reply to its case, and copying the attachments a person
 * ticked, through Microsoft Graph on their behalf. Cases themselves are logged with POST /api/cases.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { safeLine } from '../../core/text-schema';
import { cannotLogNotice } from '../../core/access';
import { roleLabel } from '../../core/labels';
import { canSeeCase, hasPermission } from '../../core/permissions';
import { definitionsInForce } from '../../core/roles';
import { applyAction, checkAllowed, checkAttachmentSource, isMessageOf, type CaseAction, type CopiedAttachment } from '../../core/workflow';
import type { Actor, Case } from '../../core/types';
import type { OrgRecord } from '../../store/index';
import { administratorsOf } from '../auth/actor';
import { signedIn } from '../auth/middleware';
import { GraphAccessError, mailGraphFromEnv, type MailGraph } from '../graph/index';
import { jsonBody, parse, requirePermission } from '../http';
import { fromRuleViolation, HttpProblem, notFound } from '../problem';
import { RefParamsSchema } from '../schemas/cases';
import { identifier, IsoDateTimeSchema, line } from '../schemas/common';
import { caseErrors, json, registry } from '../schemas/openapi';
import { actionContext, type ApiModule, type RouteContext } from './context';

/** Set on `app.locals.addinServices` to replace the ones configured from the environment (tests, other hosts). */
export interface AddinServices {
  graph?: MailGraph;
  teamsAppId: string;
}

const DEV_TEAMS_APP_ID = '00000000-0000-4000-8000-00000000c4a1';
let fromEnvironment: AddinServices | undefined;

function servicesFor(req: Request): AddinServices {
  const given = req.app.locals.addinServices as AddinServices | undefined;
  if (given) return given;
  fromEnvironment ??= {
    graph: mailGraphFromEnv(),
    teamsAppId: process.env.TEAMS_APP_ID || DEV_TEAMS_APP_ID,
  };
  return fromEnvironment;
}

const Id = identifier(1024);
const LookupQuerySchema = z
  .strictObject({ messageId: Id, internetMessageId: Id.optional(), conversationId: Id.optional() })
  .meta({ id: 'AddinLookupQuery' });
const AttachmentNoteSchema = z.strictObject({ name: line(260), size: z.number().int().min(0), fetched: z.boolean() });
const LinkMessageSchema = z
  .strictObject({
    messageId: Id,
    internetMessageId: Id.optional(),
    conversationId: Id.optional(),
    receivedAt: IsoDateTimeSchema.optional(),
    subject: safeLine().trim().max(500).optional(),
    attachments: z.array(AttachmentNoteSchema).max(100).optional(),
  })
  .meta({ id: 'LinkMessage', description: 'A reply in the case’s email conversation.' });
const CopyAttachmentsSchema = z
  .strictObject({ messageId: Id, attachmentIds: z.array(Id).min(1, 'tick at least one attachment').max(20) })
  .meta({ id: 'CopyAttachments', description: 'Attachments the person ticked; only these are fetched.' });

const ownerNameOf = (org: OrgRecord, c: Case): string | undefined =>
  org.roleAssignments.find((a) => a.principalId === c.owner)?.displayName;

const hiddenCase = (reference: string, what: string) =>
  new HttpProblem(409, 'already-logged', 'Already logged', `${what} ${reference}, a case you cannot see; ask its owner or your complaints manager for access.`);

function bearerAssertion(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
}

function fromGraphError(error: unknown): unknown {
  if (!(error instanceof GraphAccessError)) return error;
  const titles: Record<number, string> = { 401: 'Sign in again', 403: 'No access to the mailbox', 404: 'Not found in the mailbox', 502: 'Microsoft 365 failed', 503: 'Microsoft 365 is busy' };
  return new HttpProblem(error.status, error.code, titles[error.status] ?? 'Microsoft 365 failed', error.message);
}

function addinRouter(ctx: RouteContext): Router {
  const router = Router();

  /** The core's applyAction inside the store's optimistic update: the case as it now stands. */
  const apply = async (actor: Actor, org: OrgRecord, ref: string, action: CaseAction): Promise<Case> => {
    const context = actionContext(ctx, actor, org, ctx.newId());
    const result = await ctx.store.cases.update(org.settings.orgId, ref, (current) => applyAction(current, action, context));
    if (!result.ok) throw fromRuleViolation(result.error);
    return result.value.case;
  };

  const visible = async (actor: Actor, org: OrgRecord, reference: string): Promise<Case> => {
    const found = await ctx.store.cases.get(org.settings.orgId, reference);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${reference} in your organisation that you can see; check the reference.`);
    return found;
  };

  /**
   * What the pane may offer this person, as their organisation's role definitions stand (read at sign-in,
   * so a change reaches the pane within the organisation cache time): log, look up, add to a case; their
   * roles by name; and, when logging is not theirs, what to say and whom to ask.
   */
  router.get('/capabilities', (req, res) => {
    const { actor, org, devSignIn } = signedIn(res);
    const services = servicesFor(req);
    const definitions = definitionsInForce(org.roleDefinitions);
    const roles = actor.roles.map((id) => {
      const defined = definitions.find((d) => d.id === id);
      return { id, name: defined?.name ?? roleLabel(id), description: defined?.description ?? '' };
    });
    const can = { log: hasPermission(actor, 'case.create'), read: hasPermission(actor, 'case.read'), addToCase: hasPermission(actor, 'case.update') };
    res.json({
      teamsAppId: services.teamsAppId,
      graphAvailable: Boolean(services.graph) && !devSignIn,
      can,
      roles,
      ...(can.log ? {} : { cannotLog: cannotLogNotice(org.settings.name, roles, administratorsOf(org), org.settings.contact) }),
      takesEffectWithinSeconds: Math.ceil(ctx.orgs.ttlMs / 1000),
    });
  });

  router.get('/lookup', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'case.read');
    const q = parse(LookupQuerySchema, req.query, 'query');
    const orgId = org.settings.orgId;
    const bySource = await ctx.store.cases.findBySource(orgId, q);
    if (bySource) {
      if (!canSeeCase(actor, bySource)) throw hiddenCase(bySource.reference, 'This email was already logged as');
      await ctx.store.audit.recordOpening(bySource, actor, 'addin', ctx.clock().toISOString(), ctx.newId());
      return res.json({ match: 'message', case: bySource, ownerName: ownerNameOf(org, bySource) });
    }
    const inThread = q.conversationId ? await ctx.store.cases.findByConversation(orgId, q.conversationId) : undefined;
    if (inThread) {
      if (!canSeeCase(actor, inThread)) throw hiddenCase(inThread.reference, 'This email’s conversation was already logged as');
      const match = isMessageOf(inThread, q) ? 'message' : 'conversation';
      // The pane shows the case: a social-work or legal-hold case's access log records it (store/audit.ts).
      await ctx.store.audit.recordOpening(inThread, actor, 'addin', ctx.clock().toISOString(), ctx.newId());
      return res.json({ match, case: inThread, ownerName: ownerNameOf(org, inThread) });
    }
    res.json({ match: 'none' });
  });

  router.post('/cases/:ref/linked-messages', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { subject, ...body } = parse(LinkMessageSchema, jsonBody(req), 'body');
    await visible(actor, org, ref);
    const action: CaseAction = { type: 'link-message', link: { kind: 'email', ...body }, ...(subject ? { subject } : {}) };
    res.json(await apply(actor, org, ref, action));
  });

  router.post('/cases/:ref/attachments', async (req, res) => {
    const { actor, org, devSignIn } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const body = parse(CopyAttachmentsSchema, jsonBody(req), 'body');
    const services = servicesFor(req);
    const assertion = bearerAssertion(req);
    if (!services.graph || devSignIn || !assertion) {
      throw new HttpProblem(503, 'graph-unavailable', 'Attachments cannot be copied here', 'Copying attachment content needs Microsoft 365 sign-in and Microsoft Graph, which this server (or development sign-in) does not have; the names and sizes are recorded on the case.');
    }
    const documents = ctx.documents;
    if (!documents) throw new HttpProblem(503, 'documents-unavailable', 'Attachments cannot be kept here', 'This server runs without document storage (BLOB_ACCOUNT_URL, or the local storage of `npm start`); the names and sizes are recorded on the case.');
    const found = await visible(actor, org, ref);
    // Asked before fetching anything, so content is never copied for a case that would refuse it.
    const refusal = checkAllowed(found, 'record-attachments-copied', actor) ?? checkAttachmentSource(found, body.messageId);
    if (refusal) throw fromRuleViolation(refusal);
    const user = { assertion, tenantId: org.tenantId };
    const copied: CopiedAttachment[] = [];
    try {
      for (const attachmentId of body.attachmentIds) {
        const attachment = await services.graph.getAttachmentContent(user, body.messageId, attachmentId);
        const kept = await documents.put(org.settings.orgId, ref, attachment.name, attachment.contentType, attachment.content);
        copied.push({ name: attachment.name, size: kept.size, sha256: kept.sha256 });
      }
    } catch (error) {
      throw fromGraphError(error);
    }
    res.json(await apply(actor, org, ref, { type: 'record-attachments-copied', messageId: body.messageId, attachments: copied }));
  });

  return router;
}

export const addinModule: ApiModule = { path: '/addin', router: addinRouter };

registry.registerPath({ method: 'get', path: '/api/addin/lookup', summary: 'Which case an email is: its own, or a reply in a logged conversation', request: { query: LookupQuerySchema }, responses: { 200: json(z.object({ match: z.enum(['message', 'conversation', 'none']) }), 'The match.'), ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/addin/cases/{ref}/linked-messages', summary: 'Add a reply in the same email conversation to the case', request: { params: RefParamsSchema, body: { content: { 'application/json': { schema: LinkMessageSchema } } } }, responses: { 200: json(z.object({ reference: z.string() }), 'The case.'), ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/addin/cases/{ref}/attachments', summary: 'Copy the ticked attachments of the case’s email (Microsoft Graph, on your behalf)', request: { params: RefParamsSchema, body: { content: { 'application/json': { schema: CopyAttachmentsSchema } } } }, responses: { 200: json(z.object({ reference: z.string() }), 'The case.'), ...caseErrors } });
