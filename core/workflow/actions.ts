/** What each action does to a case, after the guards allowed it: input checks, then the change. */
import { londonDate } from '../calendar';
import { acknowledgeBy, extendClock, startClock, STAGE1_MAX_EXTENSION_DAYS } from '../clocks';
import { megabytes } from '../document-files';
import { documentRecords, documentRemovalProblem, type DocumentFacts } from '../documents';
import { violation, type RuleViolation } from '../errors';
import type { Case, CaseEventType, IsoDate, SourceLink, StageRecord } from '../types';
import { CASE_LINK_RELATIONS, CASE_LINK_WORDS } from '../case-links';
import { STAGE2_OPEN_STATUSES } from './guards';
import { checkAttachmentSource, checkCopiedAttachments, checkLinkableMessage, type CopiedAttachment } from './messages';
import { escalationWindowEnds, spsoReferralWindowEnds } from './time-limits';
import type { ActionContext, CaseAction, CaseActionType } from './types';
import {
  checkActionDate,
  checkContractor,
  checkCustomer,
  checkOneOf,
  checkOptionalText,
  checkOutcome,
  checkRepresentative,
  checkService,
  checkSpsoDecision,
  checkText,
  firstProblem,
  invalid,
  isIsoDate,
} from './validate';

export interface Env {
  ctx: ActionContext;
  /** Today's Europe/London date. */
  today: IsoDate;
}

export interface Change {
  type: CaseEventType;
  summary: string;
  /** Facts for the audit trail that are not on the case itself (added to the event's `after`). */
  audit?: Record<string, unknown>;
}

/** Checks the input and changes `draft` (a private copy); a violation means the copy is thrown away. */
type Handler<A> = (draft: Case, action: A, env: Env) => RuleViolation | Change;
type Handlers = { [T in CaseActionType]: Handler<Extract<CaseAction, { type: T }>> };

const MAX_STAGE2_EXTENSION_DAYS = 100;

const receipt = (c: Case) => ({ date: c.receivedOn, label: 'the date it was received' });
const stage2Start = (c: Case) => ({ date: c.stage2!.initiatedOn, label: 'the date stage 2 started' });
const currentStageStart = (c: Case) => (c.stage2 && STAGE2_OPEN_STATUSES.includes(c.status) ? stage2Start(c) : receipt(c));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const HANDLERS: Handlers = {
  assign(draft, { owner }) {
    const problem = checkText(owner, 'the person to assign the case to');
    if (problem) return problem;
    if (draft.owner === owner) return invalid(`${owner} already handles ${draft.reference}.`);
    draft.owner = owner.trim();
    return { type: 'assigned', summary: `Assigned to ${draft.owner}.` };
  },

  extend(draft, { workingDays, reason, customerToldOn }, { ctx, today }) {
    const stage2 = draft.status !== 'stage1';
    const record: StageRecord = stage2 ? draft.stage2! : draft.stage1!;
    const used = record.clock.extensionDays;
    if (!Number.isInteger(workingDays) || workingDays < 1)
      return invalid(`An extension is a whole number of working days, at least 1 (not ${String(workingDays)}).`);
    if (!stage2 && used + workingDays > STAGE1_MAX_EXTENSION_DAYS)
      return invalid(
        `Stage 1 can be extended by at most ${STAGE1_MAX_EXTENSION_DAYS} working days in all; ${used} already used, so at most ${STAGE1_MAX_EXTENSION_DAYS - used} more.`,
      );
    if (stage2 && workingDays > MAX_STAGE2_EXTENSION_DAYS)
      return invalid(`A stage 2 extension of more than ${MAX_STAGE2_EXTENSION_DAYS} working days is not plausible; check the number.`);
    const problem = firstProblem(
      () => checkText(reason, 'the reason for the extension (the customer must be told why)'),
      () => (customerToldOn === undefined ? null : checkActionDate(customerToldOn, 'the date the customer was told', currentStageStart(draft), today)),
    );
    if (problem) return problem;
    record.clock = extendClock(ctx.calendar, record.clock, workingDays);
    record.extensions.push({
      stage: stage2 ? 2 : 1,
      workingDays,
      reason: reason.trim(),
      authorisedBy: ctx.actor.userId,
      authorisedAt: ctx.now,
      ...(customerToldOn ? { customerToldOn } : {}),
      newDue: record.clock.due,
    });
    return {
      type: 'extended',
      summary: `Stage ${stage2 ? 2 : 1} extended by ${plural(workingDays, 'working day')} to ${record.clock.due}: ${reason.trim()}`,
    };
  },

  acknowledge(draft, { on }, { today }) {
    const problem = checkActionDate(on, 'the acknowledgement date', stage2Start(draft), today);
    if (problem) return problem;
    draft.stage2!.acknowledgedOn = on;
    const late = on > draft.stage2!.acknowledgeBy ? ` (after the target of ${draft.stage2!.acknowledgeBy})` : '';
    return { type: 'acknowledged', summary: `Stage 2 acknowledged on ${on}${late}.` };
  },

  'close-stage1'(draft, { outcome, actionTaken, on }, { today }) {
    const problem = firstProblem(
      () => checkOutcome(outcome),
      () => checkText(actionTaken, 'the action taken'),
      () => checkActionDate(on, 'the closing date', receipt(draft), today),
    );
    if (problem) return problem;
    Object.assign(draft.stage1!, { outcome, actionTaken: actionTaken.trim(), closedOn: on });
    draft.status = 'stage1-closed';
    return { type: 'stage1-closed', summary: `Stage 1 closed on ${on}: ${outcome}.` };
  },

  escalate(draft, { on, reason }, { ctx, today }) {
    const problem = firstProblem(
      () => checkText(reason, 'why the customer is escalating'),
      () => checkActionDate(on, 'the escalation date', receipt(draft), today),
    );
    if (problem) return problem;
    const windowEnds = escalationWindowEnds(draft);
    const late = on > windowEnds;
    const clock = startClock(ctx.calendar, on, 2);
    draft.stage2 = {
      initiatedOn: on,
      route: 'escalated',
      clock,
      extensions: [],
      acknowledgeBy: acknowledgeBy(ctx.calendar, on),
      escalationReason: reason.trim(),
      ...(late ? { escalatedLate: true } : {}),
    };
    draft.status = 'stage2';
    const lateNote = late ? ` Requested after the usual time limit (${windowEnds}); accepted at staff discretion.` : '';
    return { type: 'escalated', summary: `Escalated to stage 2 on ${on}; response due ${clock.due}.${lateNote}` };
  },

  'request-signoff'(draft, { draftSummary, proposedOutcome, letter }, { ctx }) {
    const problem = firstProblem(
      () => checkText(draftSummary, 'a summary of the draft final position'),
      () => checkOutcome(proposedOutcome),
      () => (letter ? checkText(letter.text, 'the text of the response') ?? checkText(letter.sha256, 'the fingerprint of the response') : null),
    );
    if (problem) return problem;
    draft.stage2!.signOff = {
      author: ctx.actor.userId,
      requestedAt: ctx.now,
      draftSummary: draftSummary.trim(),
      proposedOutcome,
      ...(letter ? { letter: { id: letter.id, sha256: letter.sha256, subject: letter.subject, text: letter.text } } : {}),
    };
    draft.status = 'stage2-signoff';
    const withText = letter ? ' with the text of the response' : '';
    return { type: 'signoff-requested', summary: `Final position (${proposedOutcome}) sent for sign-off${withText}.`, ...(letter ? { audit: { letterId: letter.id, sha256: letter.sha256 } } : {}) };
  },

  'void-signoff'(draft, { reason }, { ctx }) {
    const problem = checkText(reason, 'why the sign-off no longer stands');
    if (problem) return problem;
    const wasApproved = draft.status === 'stage2-signed-off';
    Object.assign(draft.stage2!.signOff!, { decision: 'voided', decidedBy: ctx.actor.userId, decidedAt: ctx.now, comments: reason.trim() });
    draft.status = 'stage2';
    return { type: 'signoff-voided', summary: `${wasApproved ? 'Sign-off' : 'Sign-off request'} withdrawn: ${reason.trim()}` };
  },

  'record-correspondence-sent'(draft, { letterId, kind, via, to, subject, sha256 }, { ctx }) {
    const problem = firstProblem(
      () => checkText(letterId, 'which letter was sent'),
      () => checkText(subject, 'the subject of what was sent'),
      () => checkText(sha256, 'the fingerprint of what was sent'),
    );
    if (problem) return problem;
    const how = { email: 'emailed', 'email-reply': 'emailed as a reply', 'outlook-reply': 'sent as a reply from Outlook', letter: 'printed as a letter', 'large-print-letter': 'printed as a large-print letter' }[via];
    if (!how) return invalid(`"${String(via)}" is not a way of sending a response.`);
    draft.lastSentToCustomer = { at: ctx.now, kind, via };
    return {
      type: 'correspondence-sent',
      summary: `“${subject.trim()}” ${how}${to ? ` to ${to}` : ''}.`,
      audit: { letterId, kind, via, ...(to ? { to } : {}), sha256 },
    };
  },

  'approve-signoff'(draft, { comments }, { ctx }) {
    const problem = checkOptionalText(comments, 'your comments (or leave them out)');
    if (problem) return problem;
    Object.assign(draft.stage2!.signOff!, {
      decision: 'approved',
      decidedBy: ctx.actor.userId,
      decidedAt: ctx.now,
      ...(comments ? { comments: comments.trim() } : {}),
    });
    if (!comments) delete draft.stage2!.signOff!.comments;
    draft.status = 'stage2-signed-off';
    return { type: 'signoff-approved', summary: `Final position (${draft.stage2!.signOff!.proposedOutcome}) signed off.` };
  },

  'return-signoff'(draft, { comments }, { ctx }) {
    const problem = checkText(comments, 'what needs to change before you can sign it off');
    if (problem) return problem;
    Object.assign(draft.stage2!.signOff!, { decision: 'returned', decidedBy: ctx.actor.userId, decidedAt: ctx.now, comments: comments.trim() });
    draft.status = 'stage2';
    return { type: 'signoff-returned', summary: `Final position returned to the author: ${comments.trim()}` };
  },

  'close-stage2'(draft, { actionTaken, on }, { today }) {
    const stage2 = draft.stage2!;
    const signOff = stage2.signOff!;
    const signedOn = londonDate(signOff.decidedAt!);
    const problem = firstProblem(
      () => checkText(actionTaken, 'the action taken'),
      () => checkActionDate(on, 'the closing date', { date: signedOn, label: 'the date it was signed off' }, today),
    );
    if (problem) return problem;
    Object.assign(stage2, { outcome: signOff.proposedOutcome, actionTaken: actionTaken.trim(), closedOn: on });
    draft.status = 'stage2-closed';
    return { type: 'stage2-closed', summary: `Stage 2 closed on ${on}: ${signOff.proposedOutcome}.` };
  },

  withdraw(draft, { on, reason }, { today }) {
    const problem = firstProblem(
      () => checkOptionalText(reason, 'the reason (or leave it out)'),
      () => checkActionDate(on, 'the withdrawal date', currentStageStart(draft), today),
    );
    if (problem) return problem;
    draft.withdrawnOn = on;
    draft.status = 'withdrawn';
    return { type: 'withdrawn', summary: `Withdrawn by the customer on ${on}${reason ? `: ${reason.trim()}` : '.'}` };
  },

  'mark-not-a-complaint'(draft, { reason }) {
    const problem = checkText(reason, 'why this is not a complaint (e.g. a first request for service)');
    if (problem) return problem;
    draft.notAComplaintReason = reason.trim();
    draft.status = 'not-a-complaint';
    return { type: 'marked-not-a-complaint', summary: `Recorded as not a complaint: ${reason.trim()}` };
  },

  'record-root-cause'(draft, { category, text, remedialAction }, { ctx }) {
    const categories = ctx.settings.rootCauseCategories;
    const problem = firstProblem(
      () => (categories.length ? checkOneOf(category, categories, 'the root cause category') : checkText(category, 'the root cause category')),
      () => checkOptionalText(text, 'the root cause description (or leave it out)'),
      () => checkOptionalText(remedialAction, 'the remedial action (or leave it out)'),
    );
    if (problem) return problem;
    draft.rootCause = { category, ...(text ? { text: text.trim() } : {}) };
    if (remedialAction) draft.remedialAction = remedialAction.trim();
    return { type: 'root-cause-recorded', summary: `Root cause: ${category}${remedialAction ? `; remedial action: ${remedialAction.trim()}` : ''}.` };
  },

  'update-details'(draft, { changes }, { ctx }) {
    if (!changes || typeof changes !== 'object' || Object.keys(changes).length === 0)
      return invalid('Say which details to change; nothing was given.');
    const problem = firstProblem(
      () => ('customer' in changes ? checkCustomer(changes.customer) : null),
      () => ('representative' in changes ? checkRepresentative(changes.representative) : null),
      () => ('nature' in changes ? checkText(changes.nature, 'the nature of the complaint') : null),
      () => ('service' in changes ? checkService(changes.service, ctx.settings) : null),
      () => ('contractor' in changes ? checkContractor(changes.contractor) : null),
      () => ('socialWork' in changes && typeof changes.socialWork !== 'boolean' ? invalid('Say yes or no to "social work complaint".') : null),
    );
    if (problem) return problem;
    if (changes.customer) draft.customer = changes.customer;
    if (changes.representative) draft.representative = changes.representative;
    if (changes.nature !== undefined) draft.nature = changes.nature.trim();
    if (changes.service !== undefined) draft.service = changes.service;
    if (changes.contractor === null) delete draft.contractor;
    else if (changes.contractor) draft.contractor = changes.contractor;
    if (changes.socialWork !== undefined) draft.socialWork = changes.socialWork;
    return { type: 'updated', summary: `Details updated: ${Object.keys(changes).join(', ')}.` };
  },

  'refer-to-spso'(draft, { on }, { today }) {
    const closedOn = draft.stage2!.closedOn!;
    const problem = checkActionDate(on, 'the referral date', { date: closedOn, label: 'the stage 2 response' }, today);
    if (problem) return problem;
    draft.spso = { referredOn: on, recommendations: [] };
    const windowEnds = spsoReferralWindowEnds(closedOn);
    const late = on > windowEnds ? ` The customer went to the SPSO after the usual 12 months (${windowEnds}).` : '';
    return { type: 'spso-referred', summary: `Referred to the SPSO on ${on}.${late}` };
  },

  'record-spso-decision'(draft, { decision, on, recommendations, recommendationsDueOn }, { today }) {
    const spso = draft.spso!;
    const problem = firstProblem(
      () => checkSpsoDecision(decision),
      () => checkActionDate(on, "the date of the SPSO's decision", { date: spso.referredOn, label: 'the referral' }, today),
      () => (Array.isArray(recommendations) ? null : invalid('Give the SPSO recommendations as a list (empty if none).')),
      () => {
        const blank = recommendations.findIndex((r) => checkText(r, 'x'));
        return blank === -1 ? null : invalid(`Recommendation ${blank + 1} is blank; enter its text or remove it.`);
      },
      () => {
        if (recommendationsDueOn === undefined) return null;
        if (!isIsoDate(recommendationsDueOn)) return invalid(`Give the date the recommendations are due as a date (YYYY-MM-DD); "${String(recommendationsDueOn)}" is not one.`);
        if (recommendations.length === 0) return invalid('A due date was given but no recommendations; enter the recommendations or leave the date out.');
        return recommendationsDueOn < on ? invalid(`The recommendations cannot be due (${recommendationsDueOn}) before the SPSO's decision (${on}).`) : null;
      },
    );
    if (problem) return problem;
    const due = recommendationsDueOn ? { dueOn: recommendationsDueOn } : {};
    Object.assign(spso, { decision, decidedOn: on, recommendations: recommendations.map((text) => ({ text: text.trim(), ...due })) });
    return {
      type: 'spso-decided',
      summary: `SPSO decision recorded: ${decision}, with ${plural(recommendations.length, 'recommendation')}.`,
    };
  },

  'record-spso-recommendation-implemented'(draft, { index, on }, { today }) {
    const spso = draft.spso!;
    const count = spso.recommendations.length;
    if (!Number.isInteger(index) || index < 0 || index >= count)
      return invalid(`There is no SPSO recommendation number ${String(index)}; choose 0 to ${count - 1}.`);
    const recommendation = spso.recommendations[index];
    if (recommendation.implementedOn)
      return invalid(`Recommendation ${index + 1} was already recorded as implemented on ${recommendation.implementedOn}.`);
    const problem = checkActionDate(on, 'the implementation date', { date: spso.decidedOn!, label: "the SPSO's decision" }, today);
    if (problem) return problem;
    recommendation.implementedOn = on;
    return { type: 'spso-recommendation-implemented', summary: `SPSO recommendation ${index + 1} implemented on ${on}.` };
  },

  'set-legal-hold'(draft, { reason }, { ctx }) {
    const problem = checkText(reason, 'the reason for the legal hold');
    if (problem) return problem;
    draft.legalHold = { reason: reason.trim(), setBy: ctx.actor.userId, setAt: ctx.now };
    return { type: 'legal-hold-set', summary: `Legal hold placed: ${reason.trim()}` };
  },

  'release-legal-hold'(draft) {
    delete draft.legalHold;
    return { type: 'legal-hold-released', summary: 'Legal hold released.' };
  },

  'record-quote-consent'(draft, { text }, { ctx }) {
    if (text !== undefined && typeof text !== 'string') return invalid('Give the words the customer agreed we may quote (or leave them empty to withdraw consent).');
    if (!text?.trim()) {
      delete draft.quoteWithConsent;
      return { type: 'quote-consent-recorded', summary: 'Consent to quote withdrawn: the compliment will not be quoted.' };
    }
    const problem = checkText(text, 'the words the customer agreed we may quote');
    if (problem) return problem;
    draft.quoteWithConsent = { text: text.trim(), recordedBy: ctx.actor.userId, recordedAt: ctx.now };
    return { type: 'quote-consent-recorded', summary: `The customer agreed we may quote: “${text.trim().slice(0, 200)}”` };
  },

  'link-message'(draft, { link, subject }) {
    const problem = checkLinkableMessage(draft, link) ?? checkOptionalText(subject, 'the subject (or leave it out)');
    if (problem) return problem;
    draft.linkedMessages = [...(draft.linkedMessages ?? []), cleanLink(link)];
    const what = link.kind === 'chat' ? 'Chat message' : 'Email reply';
    const about = subject ? `: “${subject.trim().slice(0, 200)}”` : '';
    const when = link.receivedAt ? ` received ${londonDate(link.receivedAt)}` : '';
    return { type: 'message-linked', summary: `${what} linked${about}${when}.` };
  },

  'record-attachments-copied'(draft, { messageId, attachments }) {
    const problem = checkAttachmentSource(draft, messageId) ?? checkCopiedAttachments(attachments);
    if (problem) return problem;
    const message = [draft.source, ...(draft.linkedMessages ?? [])].find((m): m is SourceLink => m?.messageId === messageId)!;
    const newlyCopied = markCopied(message, attachments);
    if (newlyCopied.length === 0)
      return violation('not-allowed-now', `${attachments.map((a) => a.name).join(', ')} ${attachments.length === 1 ? 'was' : 'were'} already copied to ${draft.reference}.`);
    return {
      type: 'attachments-copied',
      summary: `Attachments copied from the email: ${newlyCopied.map((a) => a.name).join(', ')}.`,
      audit: { attachmentsCopied: newlyCopied.map(({ name, size, sha256 }) => ({ name, size, sha256 })) },
    };
  },

  'add-document'(draft, { document }) {
    const problem = checkDocumentFacts(document);
    if (problem) return problem;
    const record = documentRecords(draft).get(document.id);
    if (record && !record.removed) return violation('not-allowed-now', `This file is already on ${draft.reference} (added ${londonDate(record.addedAt)}); it is kept once.`);
    return { type: 'document-added', summary: `Document added: ${document.name} (${megabytes(document.size)}).`, audit: { document: documentFacts(document) } };
  },

  'remove-document'(draft, { document, reason }, { ctx }) {
    const problem = checkDocumentFacts(document) ?? checkText(reason, 'why the document is being removed') ?? documentRemovalProblem(draft, document.id, ctx.actor);
    if (problem) return problem;
    return {
      type: 'document-removed',
      summary: `Document removed: ${document.name}. Reason: ${reason.trim()}`,
      audit: { document: documentFacts(document), reason: reason.trim() },
    };
  },

  'link-case'(draft, { reference, relation }, { ctx }) {
    const problem = firstProblem(
      () => checkText(reference, 'the reference of the case to link'),
      () => checkOneOf(relation, CASE_LINK_RELATIONS, 'how the cases are linked'),
    );
    if (problem) return problem;
    const other = reference.trim();
    if (other === draft.reference) return invalid(`A case cannot be linked to itself; give the reference of another case than ${draft.reference}.`);
    const existing = draft.linkedCases?.find((l) => l.reference === other);
    if (existing) return violation('not-allowed-now', `${draft.reference} is already linked to ${other} (${CASE_LINK_WORDS[existing.relation].toLowerCase()}).`);
    draft.linkedCases = [...(draft.linkedCases ?? []), { reference: other, relation, linkedBy: ctx.actor.userId, linkedAt: ctx.now }];
    return { type: 'case-linked', summary: `Linked to ${other}: ${CASE_LINK_WORDS[relation].toLowerCase()}.` };
  },
};

/** Only the fields the timeline keeps about a document. */
const documentFacts = ({ id, name, size, contentType }: DocumentFacts): DocumentFacts => ({ id, name, size, contentType });

function checkDocumentFacts(d: DocumentFacts): RuleViolation | null {
  return firstProblem(
    () => (d && typeof d.id === 'string' && /^[0-9a-f]{64}$/.test(d.id) ? null : invalid('A document is named by the SHA-256 of its content (64 lower-case hex digits).')),
    () => checkText(d.name, 'the document’s name'),
    () => (Number.isInteger(d.size) && d.size >= 0 ? null : invalid(`The size of ${d.name} must be a whole number of bytes.`)),
    () => checkText(d.contentType, 'the document’s type'),
  );
}

/** Only the fields a SourceLink has, so nothing else a caller sent is stored. */
function cleanLink(link: SourceLink): SourceLink {
  const { kind, messageId, internetMessageId, conversationId, webLink, receivedAt, attachments } = link;
  return {
    kind,
    messageId: messageId.trim(),
    ...(internetMessageId ? { internetMessageId } : {}),
    ...(conversationId ? { conversationId } : {}),
    ...(webLink ? { webLink } : {}),
    ...(receivedAt ? { receivedAt } : {}),
    ...(attachments ? { attachments: attachments.map(({ name, size }) => ({ name: name.trim(), size, fetched: false })) } : {}),
  };
}

/**
 * Marks the message's attachment notes as copied and returns the attachments that were not already.
 * A note matches by name and size, else by name alone (Exchange's size includes encoding overhead, so
 * the copied content can be smaller); a copied attachment with no note gets one, so nothing copied
 * goes unrecorded.
 */
function markCopied(message: SourceLink, copied: CopiedAttachment[]): CopiedAttachment[] {
  const notes = (message.attachments ??= []);
  const fresh: CopiedAttachment[] = [];
  for (const a of copied) {
    const exact = notes.findIndex((n) => n.name === a.name && n.size === a.size);
    const index = exact !== -1 ? exact : notes.findIndex((n) => n.name === a.name && !n.fetched);
    if (index === -1) notes.push({ name: a.name, size: a.size, fetched: true });
    else if (notes[index].fetched) continue;
    else notes[index] = { ...notes[index], fetched: true };
    fresh.push(a);
  }
  return fresh;
}
