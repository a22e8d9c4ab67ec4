import assert from 'node:assert/strict';
import {
  applyImprovementAction,
  checkPublication,
  createImprovementAction,
  findPersonalData,
  improvementReminders,
  isImprovementOverdue,
  type ImprovementAction,
  type ImprovementCommand,
  type ImprovementContext,
  type NewImprovementInput,
} from '../../core/learning';
import type { Actor, Case, Role } from '../../core/types';

const person = (userId: string, roles: Role[]): Actor => ({ userId, displayName: userId.toUpperCase(), roles, services: ['Waste'] });
const investigator = person('ian', ['investigator']);
const head = person('hana', ['head-of-service']);
const handler = person('hal', ['complaint-handler']);
const committee = person('mo', ['management-committee']);

let n = 0;
const ctx = (actor: Actor, today = '2026-05-10'): ImprovementContext => ({ actor, now: `${today}T10:00:00Z`, today, actionId: `act-${++n}` });

const input: NewImprovementInput = {
  caseReferences: ['CHP-2026-000001'],
  service: 'Waste',
  rootCauseCategory: 'Process',
  description: 'Crews record missed bins on the tablet before leaving the street',
  owner: { kind: 'officer', id: 'ian', displayName: 'Ian' },
  targetDate: '2026-06-30',
  monitoringNeeded: true,
  monitoringPlan: 'Missed-bin complaints per month',
};

function created(): ImprovementAction {
  const result = createImprovementAction('imp-1', 'org-a', input, ctx(investigator));
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

function apply(action: ImprovementAction, command: ImprovementCommand, actor: Actor, today?: string): ImprovementAction {
  const result = applyImprovementAction(action, command, ctx(actor, today));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value.action;
}

describe('learning: improvement actions', () => {
  it('a handler without improvement.create is refused; an investigator proposes', () => {
    const refused = createImprovementAction('x', 'org-a', input, ctx(handler));
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'forbidden');
    const action = created();
    assert.equal(action.status, 'proposed');
    assert.equal(action.createdBy, 'ian');
    assert.equal(action.events.length, 1);
  });

  it('refuses a target date in the past and an empty owner', () => {
    const past = createImprovementAction('x', 'org-a', { ...input, targetDate: '2026-05-01' }, ctx(investigator));
    assert.match(!past.ok ? past.error.message : '', /in the past/);
    const noOwner = createImprovementAction('x', 'org-a', { ...input, owner: { kind: 'team', id: ' ', displayName: '' } }, ctx(investigator));
    assert.equal(!noOwner.ok && noOwner.error.code, 'invalid-input');
  });

  it('only a manager authorises, and who and when are recorded', () => {
    const action = created();
    const byInvestigator = applyImprovementAction(action, { type: 'authorise' }, ctx(investigator));
    assert.equal(!byInvestigator.ok && byInvestigator.error.code, 'forbidden');
    const authorised = apply(action, { type: 'authorise' }, head);
    assert.equal(authorised.status, 'authorised');
    assert.equal(authorised.authorisedBy, 'hana');
    assert.equal(authorised.authorisedAt, '2026-05-10T10:00:00Z');
    const again = applyImprovementAction(authorised, { type: 'authorise' }, ctx(head));
    assert.equal(!again.ok && again.error.code, 'not-allowed-now');
  });

  it('cannot start or complete before authorisation', () => {
    const action = created();
    const start = applyImprovementAction(action, { type: 'start' }, ctx(investigator));
    assert.match(!start.ok ? start.error.message : '', /authorise/);
    const complete = applyImprovementAction(action, { type: 'complete', on: '2026-05-10', note: 'done' }, ctx(investigator));
    assert.equal(!complete.ok && complete.error.code, 'not-allowed-now');
  });

  it('runs the whole life: follow-ups, monitoring, learning shared, publication, completion', () => {
    let action = apply(created(), { type: 'authorise' }, head);
    action = apply(action, { type: 'start' }, investigator);
    action = apply(action, { type: 'add-follow-up', note: 'Tablets issued to 4 of 6 crews' }, investigator);
    action = apply(action, { type: 'share-learning', with: 'Waste crews', on: '2026-05-09', how: 'team brief' }, investigator);
    action = apply(action, { type: 'set-publication', publication: { youSaid: 'Bins were missed', weDid: 'Crews now record missed bins', publish: true } }, investigator);
    action = apply(action, { type: 'complete', on: '2026-05-10', note: 'All crews use tablets' }, investigator);
    action = apply(action, { type: 'record-monitoring-result', result: 'Missed-bin complaints fell from 30 to 12 a month' }, investigator, '2026-08-01');
    assert.equal(action.status, 'completed');
    assert.equal(action.completedOn, '2026-05-10');
    assert.equal(action.followUps.length, 2);
    assert.deepEqual(action.learningShared.map((l) => l.with), ['Waste crews']);
    assert.equal(action.monitoring.result, 'Missed-bin complaints fell from 30 to 12 a month');
    assert.equal(action.events.length, 8);
    const cancel = applyImprovementAction(action, { type: 'cancel', reason: 'no' }, ctx(head));
    assert.equal(!cancel.ok && cancel.error.code, 'not-allowed-now');
  });

  it('the owner officer may update without the permission; others without it may not', () => {
    const owned = { ...apply(created(), { type: 'authorise' }, head), owner: { kind: 'officer' as const, id: 'hal', displayName: 'Hal' } };
    assert.equal(apply(owned, { type: 'add-follow-up', note: 'started' }, handler).followUps.length, 1);
    const other = applyImprovementAction(owned, { type: 'add-follow-up', note: 'x' }, ctx(committee));
    assert.equal(!other.ok && other.error.code, 'forbidden');
    const reassign = applyImprovementAction(owned, { type: 'reassign', owner: { kind: 'team', id: 'waste', displayName: 'Waste team' } }, ctx(handler));
    assert.equal(!reassign.ok && reassign.error.code, 'forbidden');
  });

  it('a retried command with the same action id is a replay, not a second change', () => {
    const action = created();
    const context = ctx(head);
    const first = applyImprovementAction(action, { type: 'authorise' }, context);
    assert.ok(first.ok);
    const second = applyImprovementAction(first.value.action, { type: 'authorise' }, context);
    assert.ok(second.ok);
    assert.equal(second.value.replayed, true);
    assert.equal(second.value.action.events.length, 2);
  });

  it('refuses publication without both texts, and monitoring results when none was needed', () => {
    const action = created();
    const half = applyImprovementAction(action, { type: 'set-publication', publication: { youSaid: 'x', weDid: ' ', publish: true } }, ctx(investigator));
    assert.equal(!half.ok && half.error.code, 'invalid-input');
    const noMonitoring = apply(action, { type: 'set-monitoring', needed: false }, investigator);
    const result = applyImprovementAction(noMonitoring, { type: 'record-monitoring-result', result: 'fine' }, ctx(investigator));
    assert.equal(!result.ok && result.error.code, 'not-allowed-now');
  });
});

describe('learning: overdue actions and reminders', () => {
  const base = created();
  const open = { ...base, id: 'a', status: 'in-progress' as const, targetDate: '2026-06-01' };
  const done = { ...base, id: 'b', status: 'completed' as const, targetDate: '2026-05-01' };
  const soon = { ...base, id: 'c', status: 'authorised' as const, targetDate: '2026-06-08' };
  const proposedLongAgo = { ...base, id: 'd', status: 'proposed' as const, targetDate: '2026-09-01', createdAt: '2026-05-20T09:00:00Z' };

  it('an open action past its target date is overdue; a completed one never is', () => {
    assert.equal(isImprovementOverdue(open, '2026-06-01'), false);
    assert.equal(isImprovementOverdue(open, '2026-06-02'), true);
    assert.equal(isImprovementOverdue(done, '2026-12-31'), false);
  });

  it('reminds overdue, due-soon and awaiting-authorisation actions', () => {
    const reminders = improvementReminders([open, done, soon, proposedLongAgo], '2026-06-03');
    const byId = reminders.map((r) => `${r.actionId}:${r.kind}:${r.daysOverdue}`).sort();
    assert.deepEqual(byId, ['a:overdue:2', 'c:due-soon:0', 'd:awaiting-authorisation:0']);
    assert.match(reminders.find((r) => r.actionId === 'a')!.message, /overdue by 2 days/);
  });
});

describe('learning: personal data check for "you said, we did"', () => {
  const customerCase = {
    reference: 'CHP-2026-000007',
    customer: { withheldDetails: false, anonymous: false, name: 'Morag McLeod', email: 'morag@example.org', phone: '+44 7700 900123', address: '12 Kelvin Road, Glasgow G12 8QQ' },
    representative: { name: 'Ali Khan', contact: '0141 496 0000', consentRecorded: true },
  } satisfies Pick<Case, 'reference' | 'customer' | 'representative'>;

  it('finds names, surnames, emails, phones in other formats, addresses and postcodes', () => {
    const text = 'Mrs McLeod of 12 kelvin road (G128QQ) wrote from morag@example.org and 07700 900 123; ali khan called on (0141) 496-0000.';
    const found = findPersonalData(text, [customerCase]).map((f) => `${f.what}:${f.found}`);
    assert.deepEqual(found.sort(), [
      'address:12 Kelvin Road',
      'any-email:morag@example.org',
      'email:morag@example.org',
      'name:Ali Khan',
      'name:McLeod',
      'phone:+44 7700 900123',
      'phone:0141 496 0000',
      'postcode:G12 8QQ',
    ]);
  });

  it('passes a public text with ordinary words that merely resemble parts of a name', () => {
    const text = 'You said bins were missed in the West End. We did retrain crews and added a check at the community hall.';
    assert.deepEqual(findPersonalData(text, [customerCase]), []);
  });

  it('checkPublication refuses only actions marked for publication that contain personal data', () => {
    const action = created();
    const leaking = { ...action, id: 'leak', caseReferences: [customerCase.reference], publication: { youSaid: 'Morag McLeod told us bins were missed', weDid: 'We retrained crews', publish: true } };
    const clean = { ...action, id: 'clean', caseReferences: [customerCase.reference], publication: { youSaid: 'Bins were missed', weDid: 'We retrained crews', publish: true } };
    const draft = { ...leaking, id: 'draft', publication: { ...leaking.publication, publish: false } };
    const cases = new Map([[customerCase.reference, customerCase]]);
    assert.deepEqual(checkPublication([clean, draft], cases), { ok: true });
    const refused = checkPublication([clean, leaking, draft], cases);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.deepEqual(refused.problems.map((p) => p.actionId), ['leak']);
      assert.match(refused.problems[0].message, /Remove personal data.*"Morag McLeod" \(case CHP-2026-000007\)/);
    }
  });
});
