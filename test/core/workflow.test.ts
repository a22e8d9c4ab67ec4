import assert from 'node:assert/strict';
import { applyAction, availableActions, logCase, CASE_ACTION_TYPES, CONSEQUENTIAL_ACTIONS } from '../../core/workflow';
import { isDueForDisposal } from '../../core/retention';
import type { Case } from '../../core/types';
import {
  closedAtStage2,
  complaintInput,
  context,
  inStage2,
  logged,
  people,
  refused,
  run,
  signedOff,
} from './fixtures/workflow';

const NOW = '2026-12-01T10:00:00Z';

describe('workflow: logging', () => {
  it('logs a complaint at stage 1 with a 5-working-day clock, owned by the person logging it', () => {
    const c = logged();
    assert.equal(c.status, 'stage1');
    assert.equal(c.receivedOn, '2026-11-23');
    assert.deepEqual(c.stage1?.clock, { startedOn: '2026-11-23', standardDue: '2026-11-27', extensionDays: 0, due: '2026-11-27' });
    assert.equal(c.owner, 'hana');
    assert.equal(c.loggedBy, 'hana');
    assert.equal(c.orgId, 'org-1');
    assert.equal(c.disposalOn, undefined);
    assert.equal(c.events.length, 1);
    assert.equal(c.events[0].type, 'logged');
    assert.match(c.events[0].summary, /stage 1; response due 2026-11-27/);
  });

  it('logs a complex complaint straight to stage 2 (direct route, 3-day acknowledgement)', () => {
    const c = logged({ startAtStage: 2, owner: 'ian' }, people.head);
    assert.equal(c.status, 'stage2');
    assert.equal(c.stage1, undefined);
    assert.equal(c.stage2?.route, 'direct');
    assert.equal(c.stage2?.initiatedOn, '2026-11-23');
    assert.equal(c.stage2?.acknowledgeBy, '2026-11-25');
    assert.equal(c.stage2?.clock.due, '2026-12-21'); // St Andrew's Day (Mon 30 Nov) skipped
    assert.equal(c.owner, 'ian');
  });

  it('naming someone else as the handler of a new case needs case.assign; naming yourself does not', () => {
    const refused = logCase('CHP-2026-000001', complaintInput({ owner: 'ian' }), context(people.handler, '2026-11-23T10:00:00Z'));
    assert.deepEqual(refused, { ok: false, error: { code: 'forbidden', message: 'You may not choose who handles a new case; leave the handler empty (you will handle it) and ask a manager to assign it.' } });
    assert.equal(logged({ owner: 'hana' }).owner, 'hana');
    assert.equal(logged({ owner: 'ian' }, people.head).owner, 'ian');
  });

  it('records a compliment with no clock and a retention date', () => {
    const c = logged({ kind: 'compliment', nature: 'Thanks for the quick repair' });
    assert.equal(c.status, 'recorded');
    assert.equal(c.stage1, undefined);
    assert.equal(c.stage2, undefined);
    assert.equal(c.owner, undefined);
    assert.equal(c.disposalOn, '2032-11-23');
  });

  it('uses the London date: 23:30 UTC in summer is the next day', () => {
    const result = logCase('R1', complaintInput({ receivedAt: '2026-07-02T23:30:00Z' }), context(people.handler, '2026-07-03T08:00:00Z'));
    assert.ok(result.ok);
    assert.equal(result.value.receivedOn, '2026-07-03');
    assert.equal(result.value.stage1?.clock.due, '2026-07-09');
  });

  const refusals: [string, Parameters<typeof complaintInput>[0], RegExp][] = [
    ['a receipt time in the future', { receivedAt: '2026-12-02T09:00:00Z' }, /cannot be in the future/],
    ['a receipt time that is not a date-time', { receivedAt: 'Monday' }, /ISO date-time/],
    ['a blank nature', { nature: '   ' }, /nature of the complaint/],
    ['an unknown service', { service: 'Parks' }, /"Parks" is not one of this organisation's services; choose from: Housing, Roads, Social Work/],
    ['an anonymous customer with a name', { customer: { anonymous: true, withheldDetails: true, name: 'X' } }, /anonymous customer has no name or contact details; remove name/],
    ['no name without withheld details', { customer: { anonymous: false, withheldDetails: false } }, /customer's name, or tick/],
    ['a representative without a name', { representative: { name: ' ', consentRecorded: true } }, /representative's name/],
    ['a compliment with a stage', { kind: 'compliment', startAtStage: 2 }, /compliment has no stages/],
    ['an unknown channel', { channel: 'fax' as never }, /Choose the channel/],
  ];
  for (const [what, overrides, message] of refusals) {
    it(`refuses ${what}`, () => {
      const result = logCase('R1', complaintInput(overrides), context(people.handler, NOW));
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, 'invalid-input');
        assert.match(result.error.message, message);
      }
    });
  }

  it('accepts an anonymous complaint without details', () => {
    const result = logCase('R1', complaintInput({ customer: { anonymous: true, withheldDetails: true } }), context(people.handler, NOW));
    assert.ok(result.ok);
  });

  it('refuses people who may not log cases', () => {
    for (const who of [people.cswo, people.committee, people.admin, people.trainer, people.manager]) {
      const result = logCase('R1', complaintInput(), context(who, NOW));
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.code, 'forbidden');
    }
  });
});

describe('workflow: assigning', () => {
  it('lets a head of service reassign, recording before and after', () => {
    const c = run(logged(), people.head, { type: 'assign', owner: 'ian' });
    assert.equal(c.owner, 'ian');
    const event = c.events.at(-1)!;
    assert.equal(event.type, 'assigned');
    assert.equal(event.by, 'helen');
    assert.equal(event.at, NOW);
    assert.deepEqual(event.before, { owner: 'hana' });
    assert.deepEqual(event.after, { owner: 'ian' });
  });
  it('refuses a complaint handler', () => refused(logged(), people.handler, { type: 'assign', owner: 'ian' }, 'forbidden', /You may not assign cases; ask a head of service/));
  it('refuses assigning to the current owner', () => refused(logged(), people.head, { type: 'assign', owner: 'hana' }, 'invalid-input', /hana already handles/));
  it('refuses a blank owner', () => refused(logged(), people.head, { type: 'assign', owner: '' }, 'invalid-input', /person to assign/));
  it('refuses a head of service of another service (cannot see the case)', () =>
    refused(logged(), people.roadsHead, { type: 'assign', owner: 'ian' }, 'forbidden', /do not have access to CHP-2026-000001/));
});

describe('workflow: extensions', () => {
  it('extends stage 1 by up to 5 working days in all, moving the due date in working days', () => {
    let c = run(logged(), people.head, { type: 'extend', workingDays: 3, reason: 'Contractor report awaited', customerToldOn: '2026-11-26' }, '2026-11-26T10:00:00Z');
    assert.equal(c.stage1?.clock.due, '2026-12-03'); // St Andrew's Day (Mon 30 Nov) skipped
    assert.equal(c.stage1?.clock.standardDue, '2026-11-27');
    assert.deepEqual(c.stage1?.extensions, [
      { stage: 1, workingDays: 3, reason: 'Contractor report awaited', authorisedBy: 'helen', authorisedAt: '2026-11-26T10:00:00Z', customerToldOn: '2026-11-26', newDue: '2026-12-03' },
    ]);
    refused(c, people.head, { type: 'extend', workingDays: 3, reason: 'More time' }, 'invalid-input', /at most 5 working days in all; 3 already used, so at most 2 more/);
    c = run(c, people.manager, { type: 'extend', workingDays: 2, reason: 'More time' });
    assert.equal(c.stage1?.clock.due, '2026-12-07');
    refused(c, people.head, { type: 'extend', workingDays: 1, reason: 'More' }, 'not-allowed-now', /already been extended by the maximum 5/);
    assert.ok(!availableActions(c, people.head).includes('extend'));
  });
  it('requires a reason', () => refused(logged(), people.head, { type: 'extend', workingDays: 2, reason: ' ' }, 'invalid-input', /reason for the extension/));
  it('requires a whole number of days', () => refused(logged(), people.head, { type: 'extend', workingDays: 1.5, reason: 'x' }, 'invalid-input', /whole number of working days/));
  it('refuses a complaint handler', () => refused(logged(), people.handler, { type: 'extend', workingDays: 2, reason: 'x' }, 'forbidden', /may not extend this timescale; ask a manager/));
  it('refuses a customer-told date before receipt', () =>
    refused(logged(), people.head, { type: 'extend', workingDays: 2, reason: 'x', customerToldOn: '2026-11-20' }, 'invalid-input', /cannot be before the date it was received \(2026-11-23\)/));

  it('lets only a senior manager extend stage 2', () => {
    const c = inStage2();
    refused(c, people.head, { type: 'extend', workingDays: 10, reason: 'Expert report' }, 'forbidden', /senior manager \(director or chief executive\)/);
    refused(c, people.manager, { type: 'extend', workingDays: 10, reason: 'Expert report' }, 'forbidden', /senior manager/);
    const extended = run(c, people.director, { type: 'extend', workingDays: 10, reason: 'Expert report' });
    assert.equal(extended.stage2?.clock.extensionDays, 10);
    assert.equal(extended.stage2?.clock.due, '2027-01-15');
    refused(c, people.chief, { type: 'extend', workingDays: 10, reason: '' }, 'invalid-input', /reason/);
  });
  it('cannot extend a closed stage', () => {
    const c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'Fixed', on: '2026-11-25' });
    refused(c, people.head, { type: 'extend', workingDays: 1, reason: 'x' }, 'not-allowed-now', /closed at stage 1; only an open stage 1 or stage 2 can be extended/);
  });
});

describe('workflow: stage 1 closure', () => {
  it('closes with an outcome and starts retention', () => {
    const c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Repair booked', on: '2026-11-26' });
    assert.equal(c.status, 'stage1-closed');
    assert.equal(c.stage1?.outcome, 'resolved');
    assert.equal(c.stage1?.closedOn, '2026-11-26');
    assert.equal(c.disposalOn, '2032-11-26');
    assert.deepEqual(c.events.at(-1)?.before, { status: 'stage1', stage1: logged().stage1 });
  });
  it('refuses an unknown outcome', () => refused(logged(), people.handler, { type: 'close-stage1', outcome: 'maybe' as never, actionTaken: 'x', on: '2026-11-26' }, 'invalid-input', /Choose the outcome from: upheld, partially-upheld, not-upheld, resolved/));
  it('refuses a closing date before receipt', () => refused(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-22' }, 'invalid-input', /cannot be before the date it was received/));
  it('refuses a closing date in the future', () => refused(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-12-02' }, 'invalid-input', /cannot be in the future; today is 2026-12-01/));
  it('refuses a malformed date', () => refused(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '1/12/2026' }, 'invalid-input', /as a date \(YYYY-MM-DD\)/));
  it('refuses a blank action taken', () => refused(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: '', on: '2026-11-26' }, 'invalid-input', /action taken/));
  it('refuses a handler who neither logged nor owns it', () => refused(logged(), people.otherHandler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' }, 'forbidden', /do not have access/));
  it('refuses a second closure', () => {
    const c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' });
    refused(c, people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' }, 'not-allowed-now', /closed at stage 1; only an open stage 1 complaint can be closed/);
  });
});

describe('workflow: escalation', () => {
  it('starts the stage 2 clock on the escalation date and clears retention', () => {
    const c = inStage2();
    assert.equal(c.status, 'stage2');
    assert.equal(c.stage1?.outcome, 'not-upheld');
    assert.deepEqual(
      { ...c.stage2, clock: c.stage2?.clock },
      {
        initiatedOn: '2026-12-01',
        route: 'escalated',
        clock: { startedOn: '2026-12-01', standardDue: '2026-12-30', extensionDays: 0, due: '2026-12-30' },
        extensions: [],
        acknowledgeBy: '2026-12-03',
        escalationReason: 'Customer still dissatisfied',
      },
    );
    assert.equal(c.disposalOn, undefined);
  });
  it('escalates from an open stage 1 too', () => {
    const c = run(logged(), people.investigator, { type: 'escalate', on: '2026-11-25', reason: 'Serious' });
    assert.equal(c.status, 'stage2');
    assert.equal(c.stage1?.closedOn, undefined);
  });
  it('records a late request but accepts it', () => {
    let c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' });
    c = run(c, people.investigator, { type: 'escalate', on: '2027-06-01', reason: 'Came back later' }, '2027-06-01T09:00:00Z');
    assert.equal(c.stage2?.escalatedLate, true);
    assert.match(c.events.at(-1)!.summary, /after the usual time limit \(2027-05-23\); accepted at staff discretion/);
  });
  it('does not flag a request within 2 months of the stage 1 response even after 6 months from receipt', () => {
    let c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' }, '2027-05-10T09:00:00Z');
    c = run(c, people.investigator, { type: 'escalate', on: '2027-05-20', reason: 'Still unhappy' }, '2027-05-20T09:00:00Z');
    assert.equal(c.stage2?.escalatedLate, undefined);
  });
  it('refuses an escalation dated before receipt', () => refused(logged(), people.investigator, { type: 'escalate', on: '2026-11-20', reason: 'x' }, 'invalid-input', /escalation date \(2026-11-20\) cannot be before the date it was received/));
  it('refuses a blank reason', () => refused(logged(), people.investigator, { type: 'escalate', on: '2026-11-25', reason: '' }, 'invalid-input', /why the customer is escalating/));
  it('refuses a complaint handler', () => refused(logged(), people.handler, { type: 'escalate', on: '2026-11-25', reason: 'x' }, 'forbidden', /may not escalate/));
  it('refuses a withdrawn case', () => {
    const c = run(logged(), people.handler, { type: 'withdraw', on: '2026-11-24' });
    refused(c, people.investigator, { type: 'escalate', on: '2026-11-25', reason: 'x' }, 'not-allowed-now', /is withdrawn; only a stage 1 complaint/);
  });
  it('refuses a case closed at stage 2', () => refused(closedAtStage2(), people.investigator, { type: 'escalate', on: '2026-12-14', reason: 'x' }, 'not-allowed-now', /closed at stage 2/, '2026-12-15T10:00:00Z'));
});

describe('workflow: stage 2 acknowledgement', () => {
  it('records the date', () => {
    const c = run(inStage2(), people.investigator, { type: 'acknowledge', on: '2026-12-01' });
    assert.equal(c.stage2?.acknowledgedOn, '2026-12-01');
    refused(c, people.investigator, { type: 'acknowledge', on: '2026-12-01' }, 'not-allowed-now', /already acknowledged on 2026-12-01/);
  });
  it('notes a late acknowledgement', () => {
    const c = run(inStage2(), people.investigator, { type: 'acknowledge', on: '2026-12-04' }, '2026-12-04T10:00:00Z');
    assert.match(c.events.at(-1)!.summary, /after the target of 2026-12-03/);
  });
  it('refuses a date before stage 2 started', () => refused(inStage2(), people.investigator, { type: 'acknowledge', on: '2026-11-30' }, 'invalid-input', /cannot be before the date stage 2 started \(2026-12-01\)/));
  it('refuses at stage 1', () => refused(logged(), people.investigator, { type: 'acknowledge', on: '2026-11-30' }, 'not-allowed-now', /only a stage 2 complaint is acknowledged/));
  it('refuses a complaint handler', () => refused(inStage2(), people.handler, { type: 'acknowledge', on: '2026-12-01' }, 'forbidden', /may not acknowledge/));
});

describe('workflow: sign-off and stage 2 closure', () => {
  it('runs draft → sign-off → approval → closure with the approved outcome', () => {
    let c = run(inStage2(), people.investigator, { type: 'request-signoff', draftSummary: 'Repair late', proposedOutcome: 'upheld' });
    assert.equal(c.status, 'stage2-signoff');
    assert.equal(c.stage2?.signOff?.author, 'ian');
    c = run(c, people.director, { type: 'approve-signoff', comments: 'Agreed' });
    assert.equal(c.status, 'stage2-signed-off');
    assert.deepEqual(c.stage2?.signOff, { author: 'ian', requestedAt: NOW, draftSummary: 'Repair late', proposedOutcome: 'upheld', decision: 'approved', decidedBy: 'dan', decidedAt: NOW, comments: 'Agreed' });
    c = run(c, people.investigator, { type: 'close-stage2', actionTaken: 'Apology and repair', on: '2026-12-01' });
    assert.equal(c.status, 'stage2-closed');
    assert.equal(c.stage2?.outcome, 'upheld');
    assert.equal(c.stage2?.closedOn, '2026-12-01');
    assert.equal(c.disposalOn, '2032-12-01');
  });

  it('never lets the author sign off their own final position', () => {
    const author = { ...people.head, userId: 'helen' };
    let c = run(inStage2(), author, { type: 'request-signoff', draftSummary: 'Draft', proposedOutcome: 'upheld' });
    refused(c, author, { type: 'approve-signoff' }, 'not-allowed-now', /You drafted this final position, so you cannot sign it off/);
    refused(c, author, { type: 'return-signoff', comments: 'x' }, 'not-allowed-now', /You drafted this final position/);
    assert.ok(!availableActions(c, author).includes('approve-signoff'));
    assert.ok(availableActions(c, people.chief).includes('approve-signoff'));
    c = run(c, people.chief, { type: 'approve-signoff' });
    assert.equal(c.stage2?.signOff?.decidedBy, 'chloe');
  });

  it('returns a draft with comments, back to the investigation', () => {
    let c = run(inStage2(), people.investigator, { type: 'request-signoff', draftSummary: 'Draft', proposedOutcome: 'upheld' });
    refused(c, people.head, { type: 'return-signoff', comments: ' ' }, 'invalid-input', /what needs to change/);
    c = run(c, people.head, { type: 'return-signoff', comments: 'Add the repair dates' });
    assert.equal(c.status, 'stage2');
    assert.equal(c.stage2?.signOff?.decision, 'returned');
    refused(c, people.investigator, { type: 'close-stage2', actionTaken: 'x', on: '2026-12-01' }, 'not-allowed-now', /has not been signed off yet/);
    c = run(c, people.investigator, { type: 'request-signoff', draftSummary: 'Draft 2', proposedOutcome: 'partially-upheld' });
    assert.deepEqual(c.stage2?.signOff, { author: 'ian', requestedAt: NOW, draftSummary: 'Draft 2', proposedOutcome: 'partially-upheld' });
  });

  it('refuses sign-off by someone without the permission', () => {
    const c = run(inStage2(), people.investigator, { type: 'request-signoff', draftSummary: 'Draft', proposedOutcome: 'upheld' });
    refused(c, people.manager, { type: 'approve-signoff' }, 'forbidden', /may not sign off stage 2 decisions; ask a head of service, director or chief executive/);
    refused(c, people.investigator, { type: 'close-stage2', actionTaken: 'x', on: '2026-12-01' }, 'not-allowed-now', /not been signed off yet/);
  });

  it('refuses a sign-off request at stage 1 and a blank summary', () => {
    refused(logged(), people.investigator, { type: 'request-signoff', draftSummary: 'x', proposedOutcome: 'upheld' }, 'not-allowed-now', /only during a stage 2 investigation/);
    refused(inStage2(), people.investigator, { type: 'request-signoff', draftSummary: '', proposedOutcome: 'upheld' }, 'invalid-input', /summary of the draft/);
  });

  it('refuses a stage 2 closing date before the sign-off', () =>
    refused(signedOff(), people.investigator, { type: 'close-stage2', actionTaken: 'x', on: '2026-12-10' }, 'invalid-input', /cannot be before the date it was signed off \(2026-12-11\)/, '2026-12-12T10:00:00Z'));
});

describe('workflow: withdrawal and not a complaint', () => {
  it('withdraws an open complaint with retention from that date', () => {
    const c = run(inStage2(), people.handler, { type: 'withdraw', on: '2026-12-01', reason: 'Sorted out informally' });
    assert.equal(c.status, 'withdrawn');
    assert.equal(c.withdrawnOn, '2026-12-01');
    assert.equal(c.disposalOn, '2032-12-01');
    assert.match(c.events.at(-1)!.summary, /Sorted out informally/);
  });
  it('refuses withdrawal of a closed case', () => {
    const c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' });
    refused(c, people.handler, { type: 'withdraw', on: '2026-11-27' }, 'not-allowed-now', /only an open complaint can be withdrawn/);
  });
  it('refuses a withdrawal dated before stage 2 began when at stage 2', () =>
    refused(inStage2(), people.handler, { type: 'withdraw', on: '2026-11-30' }, 'invalid-input', /before the date stage 2 started/));
  it('marks not a complaint with a reason', () => {
    refused(logged(), people.handler, { type: 'mark-not-a-complaint', reason: '' }, 'invalid-input', /why this is not a complaint/);
    const c = run(logged(), people.handler, { type: 'mark-not-a-complaint', reason: 'First request for a repair' });
    assert.equal(c.status, 'not-a-complaint');
    assert.equal(c.notAComplaintReason, 'First request for a repair');
    assert.equal(c.disposalOn, '2032-12-01');
    assert.deepEqual(availableActions(c, people.director).sort(), ['add-document', 'link-case', 'remove-document', 'set-legal-hold', 'update-details']);
  });
});

describe('workflow: root cause and details', () => {
  it('records a root cause and remedial action on any complaint, upheld or not', () => {
    const c = run(closedAtStage2(), people.handler, { type: 'record-root-cause', category: 'Communication', text: 'Dates not shared', remedialAction: 'Text updates' }, '2026-12-15T10:00:00Z');
    assert.deepEqual(c.rootCause, { category: 'Communication', text: 'Dates not shared' });
    assert.equal(c.remedialAction, 'Text updates');
  });
  it('refuses an unknown category', () =>
    refused(logged(), people.handler, { type: 'record-root-cause', category: 'Weather' }, 'invalid-input', /root cause category from: Communication, Policy, Staff conduct/));
  it('refuses recording the same root cause twice (nothing would change)', () => {
    const c = run(logged(), people.handler, { type: 'record-root-cause', category: 'Policy' });
    refused(c, people.handler, { type: 'record-root-cause', category: 'Policy' }, 'invalid-input', /would change nothing/);
  });
  it('updates details with the same checks as logging', () => {
    let c = run(logged(), people.handler, { type: 'update-details', changes: { nature: 'Leaking roof', contractor: { name: 'Acme Roofing', kind: 'contractor' } } });
    assert.equal(c.nature, 'Leaking roof');
    assert.deepEqual(c.events.at(-1)!.after, { nature: 'Leaking roof', contractor: { name: 'Acme Roofing', kind: 'contractor' } });
    c = run(c, people.handler, { type: 'update-details', changes: { contractor: null } });
    assert.equal('contractor' in c, false);
    refused(c, people.handler, { type: 'update-details', changes: { service: 'Parks' } }, 'invalid-input', /not one of this organisation's services/);
    refused(c, people.handler, { type: 'update-details', changes: {} }, 'invalid-input', /Say which details to change/);
    refused(c, people.handler, { type: 'update-details', changes: { nature: 'Leaking roof' } }, 'invalid-input', /would change nothing/);
    refused(c, people.handler, { type: 'update-details', changes: { customer: { anonymous: true, withheldDetails: true, phone: '0141' } } }, 'invalid-input', /remove phone/);
  });
});

describe('workflow: SPSO', () => {
  const at = (date: string) => `${date}T10:00:00Z`;
  it('records referral, decision and implementation, with retention following along', () => {
    let c = closedAtStage2();
    assert.equal(c.disposalOn, '2032-12-14');
    c = run(c, people.manager, { type: 'refer-to-spso', on: '2027-02-01' }, at('2027-02-01'));
    assert.deepEqual(c.spso, { referredOn: '2027-02-01', recommendations: [] });
    assert.equal(c.disposalOn, undefined);
    c = run(c, people.manager, { type: 'record-spso-decision', decision: 'partially-upheld', on: '2027-08-02', recommendations: ['Apologise', 'Review repairs policy'] }, at('2027-08-02'));
    assert.equal(c.disposalOn, '2033-08-02');
    c = run(c, people.manager, { type: 'record-spso-recommendation-implemented', index: 1, on: '2027-10-01' }, at('2027-10-01'));
    assert.deepEqual(c.spso?.recommendations, [{ text: 'Apologise' }, { text: 'Review repairs policy', implementedOn: '2027-10-01' }]);
    assert.equal(c.disposalOn, '2033-10-01');
    refused(c, people.manager, { type: 'record-spso-recommendation-implemented', index: 1, on: '2027-10-01' }, 'invalid-input', /already recorded as implemented on 2027-10-01/, at('2027-10-02'));
    refused(c, people.manager, { type: 'record-spso-recommendation-implemented', index: 2, on: '2027-10-01' }, 'invalid-input', /no SPSO recommendation number 2; choose 0 to 1/, at('2027-10-02'));
    refused(c, people.manager, { type: 'record-spso-decision', decision: 'upheld', on: '2027-10-01', recommendations: [] }, 'not-allowed-now', /already recorded/, at('2027-10-02'));
  });
  it('notes a referral after the usual 12 months', () => {
    const c = run(closedAtStage2(), people.manager, { type: 'refer-to-spso', on: '2028-01-10' }, at('2028-01-10'));
    assert.match(c.events.at(-1)!.summary, /after the usual 12 months \(2027-12-14\)/);
  });
  it('refuses a referral before stage 2 is closed', () =>
    refused(inStage2(), people.manager, { type: 'refer-to-spso', on: '2026-12-01' }, 'not-allowed-now', /after stage 2 is closed/));
  it('refuses a referral dated before the stage 2 response', () =>
    refused(closedAtStage2(), people.manager, { type: 'refer-to-spso', on: '2026-12-13' }, 'invalid-input', /before the stage 2 response/, at('2026-12-20')));
  it('refuses a decision before a referral, and a handler', () => {
    refused(closedAtStage2(), people.manager, { type: 'record-spso-decision', decision: 'upheld', on: '2026-12-14', recommendations: [] }, 'not-allowed-now', /record the referral first/, at('2026-12-20'));
    refused(closedAtStage2(), people.handler, { type: 'refer-to-spso', on: '2026-12-14' }, 'forbidden', /SPSO liaison officer/, at('2026-12-20'));
  });
  it('refuses blank recommendations', () => {
    const c = run(closedAtStage2(), people.manager, { type: 'refer-to-spso', on: '2026-12-20' }, at('2026-12-20'));
    refused(c, people.manager, { type: 'record-spso-decision', decision: 'upheld', on: '2026-12-21', recommendations: ['ok', ' '] }, 'invalid-input', /Recommendation 2 is blank/, at('2026-12-21'));
  });
});

describe('workflow: legal hold and retention', () => {
  it('blocks disposal while held', () => {
    let c = run(logged(), people.handler, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' });
    assert.equal(isDueForDisposal(c, '2032-11-25'), false);
    assert.equal(isDueForDisposal(c, '2032-11-26'), true);
    refused(c, people.head, { type: 'set-legal-hold', reason: 'Court case' }, 'forbidden', /may not place legal holds/);
    refused(c, people.manager, { type: 'set-legal-hold', reason: '' }, 'invalid-input', /reason for the legal hold/);
    c = run(c, people.manager, { type: 'set-legal-hold', reason: 'Court case' });
    assert.deepEqual(c.legalHold, { reason: 'Court case', setBy: 'colin', setAt: NOW });
    assert.equal(isDueForDisposal(c, '2040-01-01'), false);
    refused(c, people.manager, { type: 'set-legal-hold', reason: 'Again' }, 'not-allowed-now', /already on legal hold \(Court case\)/);
    c = run(c, people.manager, { type: 'release-legal-hold' });
    assert.equal(c.legalHold, undefined);
    assert.equal(isDueForDisposal(c, '2040-01-01'), true);
    refused(c, people.manager, { type: 'release-legal-hold' }, 'not-allowed-now', /not on legal hold/);
  });
  it('is never due while open', () => assert.equal(isDueForDisposal(logged(), '2099-01-01'), false));
});

describe('workflow: idempotency and purity', () => {
  it('replays an action id without changing anything', () => {
    const c = logged();
    const ctx = context(people.head, NOW, 'same-id');
    const first = applyAction(c, { type: 'assign', owner: 'ian' }, ctx);
    assert.ok(first.ok);
    const again = applyAction(first.value.case, { type: 'assign', owner: 'ian' }, ctx);
    assert.ok(again.ok);
    assert.equal(again.value.replayed, true);
    assert.equal(again.value.case, first.value.case);
    assert.deepEqual(again.value.event, first.value.event);
    assert.equal(again.value.case.events.length, 2);
  });
  it('replays even when the repeated action would now be refused', () => {
    const c = logged();
    const ctx = context(people.handler, NOW, 'close-1');
    const first = applyAction(c, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' }, ctx);
    assert.ok(first.ok);
    const again = applyAction(first.value.case, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'x', on: '2026-11-26' }, ctx);
    assert.ok(again.ok && again.value.replayed);
  });
  it('never mutates its input', () => {
    const c = inStage2();
    const before = structuredClone(c);
    const result = applyAction(c, { type: 'extend', workingDays: 5, reason: 'x' }, context(people.director));
    assert.ok(result.ok);
    assert.deepEqual(c, before);
    assert.notDeepEqual(result.value.case, before);
  });
  it('refuses a blank action id or a bad clock', () => {
    refused(logged(), people.head, { type: 'assign', owner: 'ian' }, 'invalid-input', /ISO date-time/, 'soon');
    const result = applyAction(logged(), { type: 'assign', owner: 'ian' }, context(people.head, NOW, ''));
    assert.ok(!result.ok && /action id/.test(result.error.message));
  });
  it('refuses an unknown action type', () => refused(logged(), people.director, { type: 'delete' } as never, 'invalid-input', /"delete" is not an action/));
});

describe('workflow: availableActions', () => {
  const offered = (c: Case, who: keyof typeof people) => availableActions(c, people[who]).sort();
  it('offers only what would be accepted', () => {
    const c = logged();
    assert.deepEqual(offered(c, 'handler'), ['add-document', 'close-stage1', 'link-case', 'mark-not-a-complaint', 'record-root-cause', 'remove-document', 'update-details', 'withdraw']);
    assert.deepEqual(offered(c, 'investigator'), ['add-document', 'close-stage1', 'escalate', 'link-case', 'mark-not-a-complaint', 'record-root-cause', 'remove-document', 'update-details', 'withdraw']);
    assert.deepEqual(offered(c, 'manager'), ['assign', 'extend', 'set-legal-hold']);
    assert.deepEqual(offered(c, 'committee'), []);
    assert.deepEqual(offered(c, 'admin'), []);
    assert.deepEqual(offered(c, 'otherHandler'), []);
    assert.deepEqual(offered(closedAtStage2(), 'manager'), ['assign', 'refer-to-spso', 'set-legal-hold']);
  });
  it('agrees with applyAction for every action type (ignoring input errors)', () => {
    for (const c of [logged(), inStage2(), signedOff(), closedAtStage2()]) {
      for (const who of Object.values(people)) {
        const available = availableActions(c, who);
        for (const type of CASE_ACTION_TYPES) {
          const result = applyAction(c, { type } as never, context(who, '2027-01-05T10:00:00Z'));
          const refusedByRule = !result.ok && result.error.code !== 'invalid-input';
          // Consequential actions (recording a letter sent, voiding a sign-off) are taken by adapters, never offered.
          const offerable = !CONSEQUENTIAL_ACTIONS.includes(type);
          assert.equal(available.includes(type), offerable && !refusedByRule, `${who.userId} ${type} on ${c.status}`);
        }
      }
    }
  });
});

describe('workflow: organisation boundary', () => {
  it('refuses a case of another organisation', () =>
    refused({ ...logged(), orgId: 'org-2' }, people.director, { type: 'assign', owner: 'ian' }, 'forbidden', /belongs to another organisation/));
});
