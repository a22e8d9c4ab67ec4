import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { STAGE1_MAX_EXTENSION_DAYS } from '../../core/clocks';
import { applyAction, availableActions, logCase, CASE_ACTION_TYPES, OPEN_STATUSES, type CaseAction, type CaseActionType } from '../../core/workflow';
import { OUTCOMES, SPSO_DECISIONS, type Actor, type Case, type SourceLink, type StageRecord } from '../../core/types';
import { calendar, complaintInput, people, settings } from './fixtures/workflow';

const actors: Actor[] = [
  ...Object.values(people),
  { userId: 'hazel', displayName: 'hazel', roles: ['head-of-service'], services: ['Housing'] },
];
const RECEIVED = '2026-11-23';
const dayAfterReceipt = (days: number) => DateTime.fromISO(RECEIVED, { zone: 'utc' }).plus({ days }).toISODate() as string;

/** A date relative to "today" (the step's day), sometimes before receipt or in the future on purpose. */
const onArb = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: -12, max: 1 }), weight: 2 });
const textArb = fc.constantFrom('', '  ', 'Because', 'Customer told by phone', 'Explained in a letter');
const outcomeArb = fc.constantFrom(...OUTCOMES);

type Template = (today: number) => CaseAction;
/** Every generated case was logged from this email, so replies can be linked and attachments copied. */
const SOURCE: SourceLink = { kind: 'email', messageId: 'src', conversationId: 'conv-P', attachments: [{ name: 'photo.jpg', size: 9, fetched: false }] };
const on = (d: number, today: number) => dayAfterReceipt(today + d);
/** Inputs for each action type, valid or not (blank texts, dates before the stage or in the future). */
const TEMPLATES: { [T in CaseActionType]: fc.Arbitrary<Template> } = {
  assign: fc.constantFrom('hana', 'ian', 'helen', '').map((owner): Template => () => ({ type: 'assign', owner })),
  extend: fc.tuple(fc.integer({ min: 0, max: 7 }), textArb).map(([workingDays, reason]): Template => () => ({ type: 'extend', workingDays, reason })),
  acknowledge: onArb.map((d): Template => (today) => ({ type: 'acknowledge', on: on(d, today) })),
  'close-stage1': fc
    .tuple(outcomeArb, textArb, onArb)
    .map(([outcome, actionTaken, d]): Template => (today) => ({ type: 'close-stage1', outcome, actionTaken, on: on(d, today) })),
  escalate: fc.tuple(onArb, textArb).map(([d, reason]): Template => (today) => ({ type: 'escalate', on: on(d, today), reason })),
  'request-signoff': fc
    .tuple(textArb, outcomeArb)
    .map(([draftSummary, proposedOutcome]): Template => () => ({ type: 'request-signoff', draftSummary, proposedOutcome })),
  'approve-signoff': fc.option(textArb, { nil: undefined }).map((comments): Template => () => ({ type: 'approve-signoff', comments })),
  'return-signoff': textArb.map((comments): Template => () => ({ type: 'return-signoff', comments })),
  'close-stage2': fc.tuple(textArb, onArb).map(([actionTaken, d]): Template => (today) => ({ type: 'close-stage2', actionTaken, on: on(d, today) })),
  withdraw: onArb.map((d): Template => (today) => ({ type: 'withdraw', on: on(d, today) })),
  'mark-not-a-complaint': textArb.map((reason): Template => () => ({ type: 'mark-not-a-complaint', reason })),
  'record-root-cause': fc.constantFrom('Policy', 'Weather', 'Communication').map((category): Template => () => ({ type: 'record-root-cause', category })),
  'update-details': fc.constantFrom('Housing', 'Roads', 'Parks').map((service): Template => () => ({ type: 'update-details', changes: { service } })),
  'refer-to-spso': onArb.map((d): Template => (today) => ({ type: 'refer-to-spso', on: on(d, today) })),
  'record-spso-decision': fc
    .tuple(fc.constantFrom(...SPSO_DECISIONS), onArb, fc.array(textArb, { maxLength: 2 }))
    .map(([decision, d, recommendations]): Template => (today) => ({ type: 'record-spso-decision', decision, on: on(d, today), recommendations })),
  'record-spso-recommendation-implemented': fc
    .tuple(fc.integer({ min: -1, max: 2 }), onArb)
    .map(([index, d]): Template => (today) => ({ type: 'record-spso-recommendation-implemented', index, on: on(d, today) })),
  'set-legal-hold': textArb.map((reason): Template => () => ({ type: 'set-legal-hold', reason })),
  'release-legal-hold': fc.constant((): CaseAction => ({ type: 'release-legal-hold' })),
  'record-quote-consent': textArb.map((text): Template => () => ({ type: 'record-quote-consent', text })),
  // Replies in the case's conversation or another one; a small id range so some are already linked.
  'link-message': fc
    .tuple(fc.constantFrom(SOURCE.conversationId!, 'conv-other'), fc.integer({ min: 0, max: 3 }))
    .map(([conversationId, n]): Template => () => ({ type: 'link-message', link: { kind: 'email', messageId: `reply-${n}`, conversationId } })),
  'record-attachments-copied': fc
    .tuple(fc.constantFrom(SOURCE.messageId, 'reply-0', 'not-the-case'), fc.constantFrom('photo.jpg', 'new.txt'), fc.constantFrom('a'.repeat(64), 'not-a-hash'))
    .map(([messageId, name, sha256]): Template => () => ({ type: 'record-attachments-copied', messageId, attachments: [{ name, size: 9, sha256 }] })),
  // Two contents only, so some are already on the case or already removed; sometimes no reason.
  'add-document': fc
    .constantFrom('a', 'b')
    .map((c): Template => () => ({ type: 'add-document', document: { id: c.repeat(64), name: `${c}.pdf`, size: 9, contentType: 'application/pdf' } })),
  'remove-document': fc
    .tuple(fc.constantFrom('a', 'b'), textArb)
    .map(([c, reason]): Template => () => ({ type: 'remove-document', document: { id: c.repeat(64), name: `${c}.pdf`, size: 9, contentType: 'application/pdf' }, reason })),
  // Other cases (a small range so some are already linked), the case itself, and a relation that is not one.
  'link-case': fc
    .tuple(fc.constantFrom('CHP-2026-000002', 'CHP-2026-000003', 'CHP-2026-000001', ''), fc.constantFrom('repeat' as const, 'same-incident' as const, 'nonsense' as 'repeat'))
    .map(([reference, relation]): Template => () => ({ type: 'link-case', reference, relation })),
  'void-signoff': textArb.map((reason): Template => () => ({ type: 'void-signoff', reason })),
  'record-correspondence-sent': fc
    .tuple(fc.constantFrom('email', 'letter', 'post') as fc.Arbitrary<'email' | 'letter'>, textArb)
    .map(([via, subject]): Template => () => ({ type: 'record-correspondence-sent', letterId: 'l-1', kind: 'stage1-decision', via, subject, sha256: 'b'.repeat(64) })),
};

const stepArb = fc.record({
  templates: fc.record(TEMPLATES),
  /**
   * Most steps take an action someone may take now, by such a person (else few sequences get far);
   * the rest take any action by anyone at all, to exercise refusals.
   */
  plausible: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  pick: fc.nat(),
  anyType: fc.constantFrom(...CASE_ACTION_TYPES),
  anyActor: fc.constantFrom(...actors),
  /** Days that pass before this step. */
  wait: fc.integer({ min: 0, max: 3 }),
  /** Retry an earlier action id instead of a new one. */
  replay: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

/** Steps that move a case forward through the procedure get more weight than side steps and dead ends. */
const FORWARD: readonly CaseActionType[] = [
  'close-stage1',
  'escalate',
  'request-signoff',
  'approve-signoff',
  'close-stage2',
  'refer-to-spso',
  'record-spso-decision',
  'record-spso-recommendation-implemented',
];

/** Chooses the action type and the person for a step, given the case as it stands. */
function choose(c: Case, step: Step): { type: CaseActionType; actor: Actor } {
  if (step.plausible) {
    const offers = actors.map((actor) => ({ actor, types: availableActions(c, actor) }));
    const weighted = CASE_ACTION_TYPES.flatMap((type) => {
      const capable = offers.filter((o) => o.types.includes(type)).map((o) => o.actor);
      return capable.length ? Array<{ type: CaseActionType; capable: Actor[] }>(FORWARD.includes(type) ? 10 : 1).fill({ type, capable }) : [];
    });
    if (weighted.length) {
      const { type, capable } = weighted[step.pick % weighted.length];
      return { type, actor: capable[Math.floor(step.pick / weighted.length) % capable.length] };
    }
  }
  return { type: step.anyType, actor: step.anyActor };
}

function checkClock(record: StageRecord | undefined, stage: 1 | 2): void {
  if (!record) return;
  const { clock, extensions } = record;
  assert.ok(clock.due >= clock.standardDue, `stage ${stage} due before standard due`);
  assert.equal(clock.extensionDays, extensions.reduce((sum, e) => sum + e.workingDays, 0));
  assert.equal(calendar.workingDaysBetween(clock.standardDue, clock.due), clock.extensionDays);
  if (stage === 1) assert.ok(clock.extensionDays <= STAGE1_MAX_EXTENSION_DAYS, 'stage 1 extended beyond the maximum');
  for (const e of extensions) assert.equal(e.stage, stage);
}

function checkInvariants(c: Case): void {
  const { stage1, stage2 } = c;
  const signOff = stage2?.signOff;
  switch (c.status) {
    case 'stage1':
      assert.ok(stage1 && !stage1.closedOn && !stage2);
      break;
    case 'stage1-closed':
      assert.ok(stage1?.closedOn && stage1.outcome && stage1.actionTaken && !stage2);
      break;
    case 'stage2':
      assert.ok(stage2 && !stage2.closedOn && (!signOff || signOff.decision === 'returned'));
      break;
    case 'stage2-signoff':
      assert.ok(signOff && !signOff.decision);
      break;
    case 'stage2-signed-off':
    case 'stage2-closed':
      assert.ok(signOff && signOff.decision === 'approved' && signOff.decidedBy && signOff.decidedBy !== signOff.author);
      if (c.status === 'stage2-closed') assert.ok(stage2?.closedOn && stage2.outcome === signOff.proposedOutcome);
      else assert.ok(!stage2?.closedOn);
      break;
    case 'withdrawn':
      assert.ok(c.withdrawnOn);
      break;
    case 'not-a-complaint':
      assert.ok(c.notAComplaintReason);
      break;
    case 'recorded':
      assert.ok(c.kind !== 'complaint' && !stage1 && !stage2);
      break;
  }
  if (c.kind === 'complaint') assert.notEqual(c.status, 'recorded');
  if (stage2) assert.ok(stage2.clock.startedOn >= stage2.initiatedOn && stage2.acknowledgeBy <= stage2.clock.standardDue);
  checkClock(stage1, 1);
  checkClock(stage2, 2);
  if (OPEN_STATUSES.includes(c.status)) assert.equal(c.disposalOn, undefined, 'an open case has no disposal date');
  else if (!(c.spso && !c.spso.decision)) assert.ok(c.disposalOn, `a ${c.status} case has a disposal date`);
  if (c.spso && !c.spso.decision) assert.equal(c.disposalOn, undefined, 'kept while with the SPSO');
  assert.equal(new Set(c.events.map((e) => e.id)).size, c.events.length, 'event ids are unique');
}

describe('workflow (properties)', () => {
  it('keeps its invariants under random action sequences by random people', function () {
    this.timeout(30_000); // a shared CI machine can be slow; the run normally takes about a second
    const reached = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2 | undefined>(undefined, 1, 2),
        fc.array(stepArb, { minLength: 1, maxLength: 30, size: 'max' }),
        (startAtStage, steps) => {
          const logged = logCase('CHP-P', complaintInput({ startAtStage, receivedAt: `${RECEIVED}T09:30:00Z`, source: SOURCE }), {
            actor: people.investigator,
            now: `${RECEIVED}T10:00:00Z`,
            actionId: 'log',
            calendar,
            settings,
          });
          assert.ok(logged.ok);
          let c = logged.value;
          checkInvariants(c);
          let accepted = 0;
          let today = 0;
          for (const [i, step] of steps.entries()) {
            today += step.wait;
            const { type, actor } = choose(c, step);
            const action = step.templates[type](today);
            const actionId = step.replay && c.events.length > 1 ? c.events[1].id : `a${i}`;
            const before = structuredClone(c);
            const result = applyAction(c, action, { actor, now: `${dayAfterReceipt(today)}T10:00:00Z`, actionId, calendar, settings });
            assert.deepEqual(c, before, 'the input case is never mutated');
            if (!result.ok) {
              assert.ok(result.error.message.length > 10, 'a refusal says why');
              continue;
            }
            if (result.value.replayed) {
              assert.equal(result.value.case, c);
              continue;
            }
            const next = result.value.case;
            accepted += 1;
            assert.deepEqual(next.events.slice(0, c.events.length), c.events, 'events are append-only');
            assert.equal(next.events.length, accepted + 1);
            const event = next.events.at(-1)!;
            assert.deepEqual(event, result.value.event);
            assert.equal(event.id, actionId);
            assert.equal(event.by, actor.userId);
            assert.ok(event.before || event.after, 'an event records what changed');
            checkInvariants(next);
            reached.add(next.status);
            if (next.spso?.decision) reached.add('spso-decided');
            if (next.legalHold) reached.add('legal-hold');
            if (event.type === 'message-linked' || event.type === 'attachments-copied') reached.add(event.type);
            c = next;
          }
        },
      ),
      { numRuns: 60 },
    );
    // The generator must actually drive cases through the whole procedure, or the invariants prove little.
    for (const status of ['stage1-closed', 'stage2-signoff', 'stage2-signed-off', 'stage2-closed', 'withdrawn', 'not-a-complaint', 'spso-decided', 'legal-hold', 'message-linked', 'attachments-copied'])
      assert.ok(reached.has(status), `no sequence reached ${status}`);
  });
});
