/**
 * Writing to the customer. Templates (`GET`/`PUT /api/correspondence/templates`, complaints manager),
 * and per case: drafts made from a template (`/api/cases/{ref}/letters`), edited, sent for sign-off with
 * their text (stage 2 decisions), and sent — by email through Microsoft Graph on the writer's behalf, as
 * a PDF letter for post (or large print), or recorded after the Outlook add-in opened a reply with it.
 * What was sent, when, by whom and how is an event on the case; the text is kept with the letter.
 */
import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import {
  LETTER_KIND_LABELS,
  LETTER_KINDS,
  MERGE_FIELDS,
  dateInWords,
  mergeValues,
  reachability,
  renderTemplate,
  templateProblems,
  unfilledGaps,
  type CorrespondenceSettings,
} from '../../core/correspondence';
import { canSeeCase } from '../../core/permissions';
import { applyAction, checkAllowed, type CaseAction, type CorrespondenceVia } from '../../core/workflow';
import type { Actor, Case } from '../../core/types';
import { PdfRenderer } from '../../reports/pdf';
import { letterHtml } from '../../reports/letter';
import { CorrespondenceStore, type Letter } from '../../store/correspondence';
import type { OrgRecord } from '../../store/index';
import { signedIn } from '../auth/middleware';
import { GraphAccessError, sendGraphFromEnv, type SendGraph } from '../graph/index';
import { jsonBody, parse, requirePermission } from '../http';
import { fromRuleViolation, HttpProblem, notFound } from '../problem';
import { RefParamsSchema } from '../schemas/cases';
import { identifier, line, OutcomeSchema, text } from '../schemas/common';
import { caseErrors, json, registry } from '../schemas/openapi';
import { actionContext, type ApiModule, type RouteContext } from './context';

/** Set on `app.locals.correspondenceServices` to replace those configured from the environment (tests). */
export interface CorrespondenceServices {
  graph?: SendGraph;
}
let fromEnvironment: CorrespondenceServices | undefined;
const servicesFor = (req: Request): CorrespondenceServices =>
  (req.app.locals.correspondenceServices as CorrespondenceServices | undefined) ?? (fromEnvironment ??= { graph: sendGraphFromEnv() });

let pdf: PdfRenderer | undefined;
/** Closes the browser used for printing letters (tests, shutdown). */
export async function closeLetterPrinter(): Promise<void> {
  const renderer = pdf;
  pdf = undefined;
  await renderer?.close();
}

const TemplateSchema = z.strictObject({ subject: line(300), body: text(20_000) });
const SettingsSchema = z
  .strictObject({
    templates: z.strictObject(Object.fromEntries(LETTER_KINDS.map((k) => [k, TemplateSchema])) as Record<(typeof LETTER_KINDS)[number], typeof TemplateSchema>),
    spsoContact: text(2000),
    stage2HowToAsk: text(2000),
    sharedMailbox: z.email('must be an email address').max(320).optional(),
  })
  .meta({ id: 'CorrespondenceSettings' });
const NewLetterSchema = z.strictObject({ kind: z.enum(LETTER_KINDS) }).meta({ id: 'NewLetter' });
const EditLetterSchema = z.strictObject({ subject: line(300), text: text(20_000) }).meta({ id: 'EditLetter' });
const LetterParamsSchema = RefParamsSchema.extend({ id: z.uuid('a letter id is a UUID') });
const SignOffRequestSchema = z
  .strictObject({ draftSummary: text(20_000), proposedOutcome: OutcomeSchema })
  .meta({ id: 'LetterSignOffRequest', description: 'The text signed off is the letter’s, exactly as it is now.' });
const SendSchema = z
  .strictObject({
    via: z.enum(['email', 'email-reply', 'letter', 'large-print-letter']),
    /** For `email-reply`: the customer's message in the writer's mailbox (Outlook item id). */
    replyToMessageId: identifier(1024).optional(),
  })
  .meta({ id: 'SendLetter' });
const RecordSentSchema = z.strictObject({ via: z.literal('outlook-reply') }).meta({ id: 'RecordLetterSent' });

export const letterFingerprint = (letter: Pick<Letter, 'subject' | 'text'>): string =>
  createHash('sha256').update(`${letter.subject}\n\n${letter.text}`).digest('hex');

/** Where sign-off stands for this letter: whether it is the text sent for sign-off, and whether that is approved as it is now. */
function signOffState(c: Case, letter: Letter): 'not-needed' | 'not-requested' | 'requested' | 'approved' | 'changed' {
  if (letter.kind !== 'stage2-decision') return 'not-needed';
  const signOff = c.stage2?.signOff;
  if (!signOff?.letter || signOff.letter.id !== letter.id || signOff.decision === 'voided' || signOff.decision === 'returned') return 'not-requested';
  if (signOff.letter.sha256 !== letterFingerprint(letter)) return 'changed';
  return c.status === 'stage2-signed-off' ? 'approved' : c.status === 'stage2-signoff' ? 'requested' : 'not-requested';
}

function correspondenceRouter(ctx: RouteContext): Router {
  const router = Router();
  const letters = new CorrespondenceStore(ctx.store.containers.orgs);

  const apply = async (actor: Actor, org: OrgRecord, ref: string, action: CaseAction): Promise<Case> => {
    const result = await ctx.store.cases.update(org.settings.orgId, ref, (current) => applyAction(current, action, actionContext(ctx, actor, org, ctx.newId())));
    if (!result.ok) throw fromRuleViolation(result.error);
    return result.value.case;
  };

  /** The case, if the person may write to its customer (case.update on a case they can see). */
  const writableCase = async (actor: Actor, org: OrgRecord, ref: string): Promise<Case> => {
    requirePermission(actor, 'case.read');
    const found = await ctx.store.cases.get(org.settings.orgId, ref);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${ref} in your organisation that you can see; check the reference.`);
    requirePermission(actor, 'case.update');
    return found;
  };

  const letterOf = async (orgId: string, ref: string, id: string): Promise<Letter> => {
    const letter = (await letters.letters(orgId, ref)).find((l) => l.id === id);
    if (!letter) throw notFound(`Case ${ref} has no letter ${id}; list the case’s letters to find it.`);
    return letter;
  };

  /** Names of the people the core would let sign off this case's stage 2 response if this person asked now. */
  const approverNames = async (org: OrgRecord, c: Case, author: Actor): Promise<string[]> => {
    const asIfRequested: Case = { ...c, status: 'stage2-signoff', stage2: c.stage2 && { ...c.stage2, signOff: { author: author.userId, requestedAt: '', draftSummary: '', proposedOutcome: 'upheld' } } };
    const ids = new Set([...org.roleAssignments.filter((a) => a.kind !== 'group').map((a) => a.principalId), ...(await ctx.store.staff.list(org.settings.orgId)).map((s) => s.userId)]);
    const names: string[] = [];
    for (const id of ids) {
      const actor = await ctx.store.staff.actorOf(org, id);
      if (actor && checkAllowed(asIfRequested, 'approve-signoff', actor) === null) names.push(actor.displayName);
    }
    return names.sort((a, b) => a.localeCompare(b));
  };

  const view = (c: Case, letter: Letter) => ({ ...letter, sha256: letterFingerprint(letter), gaps: unfilledGaps(`${letter.subject}\n${letter.text}`), signOff: signOffState(c, letter) });

  router.get('/correspondence/templates', async (_req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'correspondence.templates');
    res.json({ settings: await letters.settings(org.settings.orgId), fields: MERGE_FIELDS, kinds: LETTER_KIND_LABELS });
  });

  router.put('/correspondence/templates', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'correspondence.templates');
    const settings: CorrespondenceSettings = parse(SettingsSchema, jsonBody(req), 'body');
    const errors = LETTER_KINDS.flatMap((kind) => [
      ...templateProblems(settings.templates[kind].subject, `The subject of “${LETTER_KIND_LABELS[kind]}”`).map((message) => ({ field: `templates.${kind}.subject`, message })),
      ...templateProblems(settings.templates[kind].body, `The text of “${LETTER_KIND_LABELS[kind]}”`).map((message) => ({ field: `templates.${kind}.body`, message })),
    ]);
    for (const field of ['spsoContact', 'stage2HowToAsk'] as const) {
      if (templateProblems(settings[field], field).length) errors.push({ field, message: `${field} is text merged into letters; it may not contain merge fields ({{…}}).` });
    }
    if (errors.length) throw new HttpProblem(400, 'invalid-template', 'A template cannot be saved', errors.map((e) => e.message).join(' '), { errors });
    await letters.saveSettings(org.settings.orgId, settings);
    res.json({ settings });
  });

  router.get('/cases/:ref/letters', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const c = await writableCase(actor, org, ref);
    const list = await letters.letters(org.settings.orgId, ref);
    res.json({
      letters: list.map((l) => view(c, l)),
      kinds: LETTER_KIND_LABELS,
      reach: reachability(c),
      approvers: c.stage2 ? await approverNames(org, c, actor) : [],
    });
  });

  router.post('/cases/:ref/letters', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { kind } = parse(NewLetterSchema, jsonBody(req), 'body');
    const c = await writableCase(actor, org, ref);
    if (kind === 'stage2-decision' && !c.stage2) throw new HttpProblem(409, 'no-stage2', 'No stage 2 investigation', `${ref} has no stage 2 investigation, so there is no stage 2 decision to write.`);
    const settings = await letters.settings(org.settings.orgId);
    const values = mergeValues({ case: c, orgName: org.settings.name, officerName: actor.displayName, today: londonDate(ctx.clock()), settings });
    const now = ctx.clock().toISOString();
    const letter: Letter = {
      id: ctx.newId(),
      kind,
      subject: renderTemplate(settings.templates[kind].subject, values).text,
      text: renderTemplate(settings.templates[kind].body, values).text,
      createdBy: actor.userId,
      createdAt: now,
      updatedBy: actor.userId,
      updatedAt: now,
    };
    await letters.updateLetters(org.settings.orgId, ref, (list) => ({ letters: [...list, letter], result: undefined }));
    res.status(201).json(view(c, letter));
  });

  router.put('/cases/:ref/letters/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(LetterParamsSchema, req.params, 'path');
    const edit = parse(EditLetterSchema, jsonBody(req), 'body');
    let c = await writableCase(actor, org, ref);
    const now = ctx.clock().toISOString();
    const updated = await letters.updateLetters(org.settings.orgId, ref, (list) => {
      const index = list.findIndex((l) => l.id === id);
      if (index === -1) throw notFound(`Case ${ref} has no letter ${id}; list the case’s letters to find it.`);
      if (list[index].sent) throw new HttpProblem(409, 'letter-sent', 'Already sent', 'This letter was sent and is kept as it went; start a new one to write again.');
      list[index] = { ...list[index], subject: edit.subject, text: edit.text, updatedBy: actor.userId, updatedAt: now };
      return { letters: list, result: list[index] };
    });
    // The text sign-off was asked for (or gave) no longer stands once it changes.
    const bound = c.stage2?.signOff?.letter;
    if (bound?.id === id && bound.sha256 !== letterFingerprint(updated) && (c.status === 'stage2-signoff' || c.status === 'stage2-signed-off')) {
      c = await apply(actor, org, ref, { type: 'void-signoff', reason: `the response text was changed after it was ${c.status === 'stage2-signed-off' ? 'signed off' : 'sent for sign-off'}; send it for sign-off again` });
    }
    res.json({ ...view(c, updated), caseStatus: c.status });
  });

  router.post('/cases/:ref/letters/:id/request-signoff', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(LetterParamsSchema, req.params, 'path');
    const { draftSummary, proposedOutcome } = parse(SignOffRequestSchema, jsonBody(req), 'body');
    const c = await writableCase(actor, org, ref);
    const letter = await letterOf(org.settings.orgId, ref, id);
    if (letter.sent) throw new HttpProblem(409, 'letter-sent', 'Already sent', 'This letter was already sent.');
    if (letter.kind !== 'stage2-decision') throw new HttpProblem(409, 'no-signoff-needed', 'No sign-off needed', 'Only a stage 2 decision is signed off; this letter can be sent as it is.');
    const gaps = unfilledGaps(`${letter.subject}\n${letter.text}`);
    if (gaps.length) throw new HttpProblem(422, 'letter-has-gaps', 'The letter is not finished', `Fill in or remove every [[…]] gap before asking for sign-off: ${gaps.join('; ')}.`);
    const approvers = await approverNames(org, c, actor);
    const updated = await apply(actor, org, ref, {
      type: 'request-signoff',
      draftSummary,
      proposedOutcome,
      letter: { id, sha256: letterFingerprint(letter), subject: letter.subject, text: letter.text },
    });
    res.json({ status: updated.status, approvers });
  });

  const checkSendable = (c: Case, letter: Letter): void => {
    if (letter.sent) throw new HttpProblem(409, 'letter-sent', 'Already sent', `This letter was already sent on ${dateInWords(londonDate(letter.sent.at))}.`);
    const gaps = unfilledGaps(`${letter.subject}\n${letter.text}`);
    if (gaps.length) throw new HttpProblem(422, 'letter-has-gaps', 'The letter is not finished', `Fill in or remove every [[…]] gap before sending: ${gaps.join('; ')}.`);
    const state = signOffState(c, letter);
    if (state === 'not-requested' || state === 'requested' || state === 'changed') {
      const why = { 'not-requested': 'it has not been sent for sign-off', requested: 'it is waiting for sign-off', changed: 'it was changed after it was sent for sign-off' }[state];
      throw new HttpProblem(422, 'signoff-required', 'Sign-off needed', `A stage 2 decision is sent only as signed off, and ${why}. Send this text for sign-off first.`);
    }
  };

  /** Records the sending on the case and keeps the letter as it went; answers what to offer next. */
  const recordSent = async (actor: Actor, org: OrgRecord, ref: string, letter: Letter, via: CorrespondenceVia, to?: string) => {
    const sha256 = letterFingerprint(letter);
    const at = ctx.clock().toISOString();
    const c = await apply(actor, org, ref, { type: 'record-correspondence-sent', letterId: letter.id, kind: letter.kind, via, subject: letter.subject, sha256, ...(to ? { to } : {}) });
    await letters.updateLetters(org.settings.orgId, ref, (list) => ({
      letters: list.map((l) => (l.id === letter.id ? { ...l, sent: { at, by: actor.userId, via, sha256, ...(to ? { to } : {}) } } : l)),
      result: undefined,
    }));
    const on = londonDate(at);
    const close =
      letter.kind === 'stage1-decision' && c.status === 'stage1'
        ? { type: 'close-stage1', on }
        : letter.kind === 'stage2-decision' && c.status === 'stage2-signed-off'
          ? { type: 'close-stage2', on }
          : undefined;
    return { sentAt: at, via, ...(to ? { to } : {}), offerClose: close };
  };

  router.post('/cases/:ref/letters/:id/send', async (req, res) => {
    const { actor, org, devSignIn } = signedIn(res);
    const { ref, id } = parse(LetterParamsSchema, req.params, 'path');
    const { via, replyToMessageId } = parse(SendSchema, jsonBody(req), 'body');
    const c = await writableCase(actor, org, ref);
    const letter = await letterOf(org.settings.orgId, ref, id);
    checkSendable(c, letter);
    const reach = reachability(c);
    if (via === 'letter' || via === 'large-print-letter') {
      if (!reach.routes.includes('letter')) throw new HttpProblem(422, 'no-address', 'No postal address', reach.nothingToSend ?? 'The case has no postal address for the customer; add one to the case’s details, or send an email.');
      pdf ??= new PdfRenderer();
      const bytes = await pdf.render(
        letterHtml({ orgName: org.settings.name, customerName: c.customer.name, address: c.customer.address, date: dateInWords(londonDate(ctx.clock())), reference: c.reference, subject: letter.subject, text: letter.text, largePrint: via === 'large-print-letter' }),
        `${org.settings.name} · ${c.reference}`,
        { tagged: true },
      );
      const sent = await recordSent(actor, org, ref, letter, via);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${c.reference}-${letter.kind}${via === 'large-print-letter' ? '-large-print' : ''}.pdf"`);
      res.setHeader('X-Offer-Close', sent.offerClose ? JSON.stringify(sent.offerClose) : '');
      res.end(bytes);
      return;
    }
    if (!reach.email) throw new HttpProblem(422, 'no-email', 'No email address', reach.nothingToSend ?? 'The customer gave no email address: print the letter for post instead.');
    const graph = servicesFor(req).graph;
    const assertion = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!graph || devSignIn || !assertion) {
      throw new HttpProblem(503, 'graph-unavailable', 'Email cannot be sent from here', 'Sending email needs Microsoft 365 sign-in and Microsoft Graph, which this server (or development sign-in) does not have. Print the letter, or reply from Outlook with the add-in.');
    }
    const settings = await letters.settings(org.settings.orgId);
    try {
      if (via === 'email-reply') {
        const messageId = replyToMessageId ?? c.source?.messageId;
        if (!messageId || c.source?.kind === 'tab') throw new HttpProblem(422, 'no-message', 'No email to reply to', `${ref} was not logged from an email; send a new email instead.`);
        await graph.reply({ assertion }, messageId, letter.text);
      } else {
        await graph.sendMail({ assertion }, { to: reach.email, subject: letter.subject, text: letter.text, ...(settings.sharedMailbox ? { fromMailbox: settings.sharedMailbox } : {}) });
      }
    } catch (error) {
      if (error instanceof GraphAccessError) throw new HttpProblem(error.status, error.code, 'Microsoft 365 did not send it', error.message);
      throw error;
    }
    res.json(await recordSent(actor, org, ref, letter, via, reach.email));
  });

  router.post('/cases/:ref/letters/:id/sent', async (req, res) => {
    const { actor, org } = signedIn(res);
    const { ref, id } = parse(LetterParamsSchema, req.params, 'path');
    const { via } = parse(RecordSentSchema, jsonBody(req), 'body');
    const c = await writableCase(actor, org, ref);
    const letter = await letterOf(org.settings.orgId, ref, id);
    checkSendable(c, letter);
    res.json(await recordSent(actor, org, ref, letter, via, reachability(c).email));
  });

  return router;
}

export const correspondenceModule: ApiModule = { path: '/', router: correspondenceRouter };

const LetterSchema = z.object({ id: z.string(), kind: z.enum(LETTER_KINDS), subject: z.string(), text: z.string(), sha256: z.string(), gaps: z.array(z.string()), signOff: z.string() }).meta({ id: 'Letter' });
registry.registerPath({ method: 'get', path: '/api/correspondence/templates', summary: 'The organisation’s letter and email templates (complaints manager)', responses: { 200: json(z.object({ settings: SettingsSchema }), 'The templates.'), ...caseErrors } });
registry.registerPath({ method: 'put', path: '/api/correspondence/templates', summary: 'Save the templates; unknown merge fields are refused', request: { body: { content: { 'application/json': { schema: SettingsSchema } } } }, responses: { 200: json(z.object({ settings: SettingsSchema }), 'Saved.'), ...caseErrors } });
registry.registerPath({ method: 'get', path: '/api/cases/{ref}/letters', summary: 'The case’s letters, how the customer can be reached, and who would sign off', request: { params: RefParamsSchema }, responses: { 200: json(z.object({ letters: z.array(LetterSchema) }), 'The letters.'), ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/cases/{ref}/letters', summary: 'Draft a letter from the organisation’s template', request: { params: RefParamsSchema, body: { content: { 'application/json': { schema: NewLetterSchema } } } }, responses: { 201: json(LetterSchema, 'The draft.'), ...caseErrors } });
registry.registerPath({ method: 'put', path: '/api/cases/{ref}/letters/{id}', summary: 'Edit a draft (changing a signed-off text voids the sign-off)', request: { params: LetterParamsSchema, body: { content: { 'application/json': { schema: EditLetterSchema } } } }, responses: { 200: json(LetterSchema, 'The draft.'), ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/cases/{ref}/letters/{id}/request-signoff', summary: 'Send this stage 2 decision’s text for sign-off', request: { params: LetterParamsSchema, body: { content: { 'application/json': { schema: SignOffRequestSchema } } } }, responses: { 200: json(z.object({ status: z.string(), approvers: z.array(z.string()) }), 'Requested.'), ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/cases/{ref}/letters/{id}/send', summary: 'Send by email (Microsoft Graph, on your behalf) or as a PDF letter', request: { params: LetterParamsSchema, body: { content: { 'application/json': { schema: SendSchema } } } }, responses: { 200: { description: 'Sent (JSON), or the PDF letter.', content: { 'application/json': { schema: z.object({ sentAt: z.string() }) }, 'application/pdf': { schema: z.string() } } }, ...caseErrors } });
registry.registerPath({ method: 'post', path: '/api/cases/{ref}/letters/{id}/sent', summary: 'Record a reply sent from Outlook with this letter', request: { params: LetterParamsSchema, body: { content: { 'application/json': { schema: RecordSentSchema } } } }, responses: { 200: json(z.object({ sentAt: z.string() }), 'Recorded.'), ...caseErrors } });
