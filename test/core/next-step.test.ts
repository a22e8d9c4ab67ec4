import assert from 'node:assert/strict';
import { nextStep, planCaseActions, whyNotOffered } from '../../core/next-step';
import { presetDefinitions, withGrant } from '../../core/roles';
import { availableActions } from '../../core/workflow';
import type { Actor, Case } from '../../core/types';
import { closedAtStage2, inStage2, logged, people, run, signedOff } from './fixtures/workflow';

const plan = (c: Case, who: Actor) => planCaseActions(c, who, availableActions(c, who));

describe('next step: the one primary action', () => {
  it('is closing stage 1 on an open stage 1 complaint, for whoever may close it', () => {
    const c = logged();
    assert.equal(plan(c, people.handler).next, 'close-stage1');
    assert.equal(plan(c, people.director).next, 'close-stage1');
  });

  it('follows stage 2: acknowledge first, then the draft for sign-off, then sign-off, then the final response', () => {
    let c = logged({ startAtStage: 2, owner: 'ian' }, people.head);
    assert.equal(plan(c, people.investigator).next, 'acknowledge');
    c = run(c, people.investigator, { type: 'acknowledge', on: '2026-11-24' });
    assert.equal(plan(c, people.investigator).next, 'request-signoff');
    c = run(c, people.investigator, { type: 'request-signoff', draftSummary: 'Late repair', proposedOutcome: 'upheld' }, '2026-12-02T10:00:00Z');
    assert.equal(plan(c, people.head).next, 'approve-signoff');
    assert.equal(plan(signedOff(), people.investigator).next, 'close-stage2');
  });

  it('after closing, asks for the root cause until it is recorded, then offers nothing as primary', () => {
    let c = closedAtStage2();
    assert.equal(plan(c, people.investigator).next, 'record-root-cause');
    c = run(c, people.investigator, { type: 'record-root-cause', category: 'Communication', text: 'Not told of the delay' }, '2026-12-15T10:00:00Z');
    assert.equal(plan(c, people.investigator).next, undefined);
  });

  it('is only ever an action the person is offered', () => {
    assert.equal(nextStep(logged(), ['assign', 'extend']), undefined);
    assert.equal(plan(logged(), people.manager).next, undefined);
  });
});

describe('next step: rare and irreversible actions under "More"', () => {
  it('gives a director one primary button, a few everyday ones and the rest under More, each with a question in words', () => {
    const c = logged();
    const offered = availableActions(c, people.director);
    const p = plan(c, people.director);
    assert.ok(offered.length >= 8, `a director is offered many actions (${offered.join(', ')})`);
    assert.deepEqual(
      p.more.map((m) => m.action),
      ['withdraw', 'mark-not-a-complaint', 'set-legal-hold'],
    );
    assert.ok(!p.everyday.includes('close-stage1'), 'the primary action is not repeated');
    assert.ok(!p.everyday.some((a) => ['withdraw', 'mark-not-a-complaint', 'set-legal-hold'].includes(a)));
    assert.equal(p.everyday.length + p.more.length + 1, offered.length, 'every offered action appears once');
    const withdraw = p.more.find((m) => m.action === 'withdraw');
    assert.match(withdraw?.confirm ?? '', new RegExp(`withdrew ${c.reference}\\?.*cannot be reopened`));
  });
});

describe('next step: why a step the stage needs is not offered', () => {
  it('tells a complaints manager, by the name of their role, that closing and escalating are not theirs, and who can change it', () => {
    const c = logged();
    const p = plan(c, people.manager);
    const reasons = Object.fromEntries(p.notOffered.map((n) => [n.action, n.reason]));
    assert.equal(reasons['close-stage1'], 'Your role, Complaints manager, does not let you close stage 1; an administrator can change this under Roles.');
    assert.match(reasons.escalate, /^Your role, Complaints manager, does not let you escalate complaints to stage 2; an administrator can change this under Roles\.$/);
    assert.equal(reasons.extend, undefined, 'a complaints manager may extend stage 1');
  });

  it('names the role as the organisation calls it, and every role a person holds', () => {
    const housing = presetDefinitions('housing-association');
    const adviser = withGrant({ ...people.handler, roles: ['customer-service-adviser'] }, housing);
    assert.equal(
      whyNotOffered(logged(), 'escalate', adviser, housing),
      'Your role, Customer service adviser, does not let you escalate complaints to stage 2; an administrator can change this under Roles.',
    );
    const two: Actor = { ...people.manager, roles: ['complaints-manager', 'training-officer'] };
    assert.match(whyNotOffered(logged(), 'close-stage1', two, undefined) ?? '', /^Your roles, Complaints manager and Training officer, do not let you close stage 1/);
  });

  it('gives the workflow rule when the role allows it but the case does not: no signing off your own draft, no stage 1 extension past the maximum', () => {
    let c = inStage2();
    c = run(c, people.head, { type: 'request-signoff', draftSummary: 'Late repair', proposedOutcome: 'upheld' }, '2026-12-10T10:00:00Z');
    const p = plan(c, people.head);
    assert.deepEqual(p.notOffered, [{ action: 'approve-signoff', reason: 'You drafted this final position, so you cannot sign it off; another appropriate manager must approve or return it.' }]);
    const extended = run(logged(), people.head, { type: 'extend', workingDays: 5, reason: 'Complex' });
    assert.match(plan(extended, people.head).notOffered.find((n) => n.action === 'extend')?.reason ?? '', /already been extended by the maximum 5 working days; escalate to stage 2 instead/);
  });

  it('says nothing about steps that are offered, or on a closed case', () => {
    assert.deepEqual(plan(logged(), people.director).notOffered, []);
    assert.deepEqual(plan(closedAtStage2(), people.manager).notOffered, []);
  });
});
