import assert from 'node:assert/strict';
import { BotHarness, buttonTitles, cardTexts, ORG_ID, type StaffKey } from './botHarness';

/** The data of the Action.Execute with this verb on a card (what Teams would send when pressed). */
function executeData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Record<string, unknown>;
      else Object.entries(o).forEach(([k, v]) => k !== 'refresh' && walk(v));
    }
  };
  walk(card);
  assert.ok(found, `no ${verb} button on the card: ${buttonTitles(card).join(', ')}`);
  return found;
}

const proactiveTo = (h: BotHarness, userId: string) => h.connector.activities(`a:personal-${userId}`).map((a) => cardTexts((a.activity.attachments as { content: unknown }[])[0].content));

describe('bot: card actions (Universal Actions over HTTP)', function () {
  this.timeout(90_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());
  beforeEach(() => {
    h.connector.reset();
    h.now = new Date('2026-03-04T10:00:00Z');
  });

  /** Logs a case by talking to the bot (task/submit) and returns its reference. */
  async function logged(who: StaffKey, fields: Record<string, unknown> = {}): Promise<string> {
    const data = { form: 'log', kind: 'complaint', channel: 'phone', nature: 'Missed bin collections', service: 'Waste', customerName: 'Morag Campbell', receivedOn: '2026-03-04', receivedTime: '09:00', ...fields };
    await h.post(h.activity(who, { type: 'invoke', name: 'task/submit', value: { data } }));
    const posted = h.connector.activities().at(-1)!;
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))?.[1];
    assert.ok(reference, 'the case was logged');
    return reference;
  }

  /** A stage 2 case owned by the investigator, with a draft sent for sign-off; returns the approval card data. */
  async function awaitingSignoff(author: StaffKey = 'investigator'): Promise<{ reference: string; approvalData: Record<string, unknown> }> {
    const reference = await logged('handler', { complex: 'true' });
    const authorId = author === 'investigator' ? 'u-investigator' : 'u-director-4';
    const assigned = await h.execute('manager', 'assign', { reference, rev: 1, assign_owner: authorId });
    const card = (await h.execute(author, 'refresh', executeData(assigned.card, 'refresh'))).card;
    const requested = await h.execute(author, 'requestSignoff', {
      ...executeData(card, 'requestSignoff'),
      signoff_summary: 'The crew missed the street three times; we apologise and have re-routed the lorry.',
      signoff_outcome: 'upheld',
    });
    assert.match(cardTexts(requested.card), /Sent for sign-off/);
    const approval = await h.execute('director1', 'openApproval', executeData(requested.card, 'refresh'));
    return { reference, approvalData: executeData(approval.card, 'approveSignoff') };
  }

  it('the case card shows the buttons the viewer’s role allows, with a personal refresh for each person who can act', async () => {
    const reference = await logged('handler');
    const asHandler = await h.execute('handler', 'refresh', { reference });
    const asManager = await h.execute('manager', 'refresh', { reference });
    const asAdmin = await h.execute('admin', 'refresh', { reference });
    assert.equal(asHandler.status, 200);
    assert.equal(asHandler.type, 'application/vnd.microsoft.card.adaptive');
    assert.ok(buttonTitles(asHandler.card).includes('Close stage 1'));
    assert.ok(!buttonTitles(asHandler.card).includes('Assign owner'), 'a complaint handler cannot assign');
    assert.ok(buttonTitles(asManager.card).includes('Assign owner'));
    assert.ok(buttonTitles(asManager.card).includes('Extend deadline'));
    assert.match(asAdmin.text, /No case CHP/, 'an administrator cannot see cases');
    const refresh = asManager.card.refresh as { action: { verb: string }; userIds: string[] };
    assert.equal(refresh.action.verb, 'refresh');
    // Teams user ids (MRIs) of those who talked to the bot; the Entra id for the others.
    assert.ok(refresh.userIds.includes('29:u-handler') && refresh.userIds.includes('29:u-manager'), refresh.userIds.join());
    assert.ok(refresh.userIds.includes('u-director-1'));
    assert.ok(!refresh.userIds.some((id) => id.endsWith('u-admin')));
    assert.match(cardTexts(asManager.card), /Customer: Morag Campbell/);
    assert.match(cardTexts(asManager.card), /Green – on track|Amber/);
  });

  it('assign from the card: the picker offers Graph users and the staff list; the new owner gets a personal message with the card', async () => {
    const reference = await logged('handler');
    const before = await h.execute('manager', 'refresh', { reference });
    const picker = JSON.stringify(before.card);
    assert.match(picker, /"choices.data":\{"type":"Data.Query","dataset":"graph.microsoft.com\/users"\}/);
    assert.match(picker, /"title":"Isla Investigator","value":"u-investigator"/);
    h.connector.reset();

    const response = await h.execute('manager', 'assign', { ...executeData(before.card, 'assign'), assign_owner: 'u-investigator' });
    assert.match(cardTexts(response.card), /Assigned to Isla Investigator; they will get a message with this card/);
    assert.match(cardTexts(response.card), /Owner: Isla Investigator/);
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.owner, 'u-investigator');

    const created = h.connector.createdConversations();
    assert.equal(created.length, 1, 'a 1:1 chat is opened for someone who never talked to the bot');
    assert.equal((created[0].body.members as { id: string }[])[0].id, 'u-investigator');
    const [message] = proactiveTo(h, 'u-investigator');
    assert.match(message, new RegExp(`Morven Manager assigned ${reference} to you`));

    // Someone who has talked to the bot is reached in their stored personal chat.
    await h.post(h.activity('director2', { type: 'message', text: 'hello' }));
    h.connector.reset();
    const again = await h.execute('manager', 'assign', { ...executeData(response.card, 'assign'), assign_owner: 'u-director-2' });
    assert.match(cardTexts(again.card), /Owner: Duncan Director/);
    assert.equal(h.connector.createdConversations().length, 0);
    assert.match(proactiveTo(h, 'u-director-2')[0], /assigned .* to you/);
  });

  it('extension card: stage 1 up to the CHP maximum by a manager; the due date moves in working days', async () => {
    const reference = await logged('handler');
    const refused = await h.execute('handler', 'openExtension', { reference, rev: 1 });
    assert.match(cardTexts(refused.card), /may not|not allowed|do not/i, 'a complaint handler cannot extend');
    const card = await h.execute('manager', 'openExtension', { reference, rev: 1 });
    assert.match(cardTexts(card.card), /Authorise an extension/);
    assert.match(cardTexts(card.card), /Current due date: Tue 10 Mar 2026/);
    const noReason = await h.execute('manager', 'extend', { ...executeData(card.card, 'extend'), ext_days: '3', ext_reason: '' });
    assert.match(cardTexts(noReason.card), /Give the exceptional reason/);
    const extended = await h.execute('manager', 'extend', { ...executeData(card.card, 'extend'), ext_days: '3', ext_reason: 'Waiting for the contractor’s GPS records', ext_told: '2026-03-04' });
    assert.match(cardTexts(extended.card), /Extension authorised: now due Fri 13 Mar 2026/);
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.stage1?.clock.due, '2026-03-13');
    assert.equal(stored?.stage1?.extensions[0].authorisedBy, 'u-manager');

    const more = await h.execute('manager', 'openExtension', executeData(extended.card, 'refresh'));
    const tooMany = await h.execute('manager', 'extend', { ...executeData(more.card, 'extend'), ext_days: '3', ext_reason: 'Still waiting' });
    assert.match(cardTexts(tooMany.card), /at most 5 working days in all; 3 already used, so at most 2 more/, 'beyond the stage 1 maximum is refused by the core');
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.stage1?.clock.due, '2026-03-13');
  });

  it('stage 2 extensions only by a senior manager', async () => {
    const reference = await logged('handler', { complex: 'true' });
    const byManager = await h.execute('manager', 'extend', { reference, rev: 1, ext_days: '5', ext_reason: 'Expert report awaited' });
    assert.match(cardTexts(byManager.card), /senior manager/);
    const byDirector = await h.execute('director1', 'extend', { reference, rev: 1, ext_days: '5', ext_reason: 'Expert report awaited' });
    assert.match(cardTexts(byDirector.card), /Extension authorised/);
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.stage2?.clock.extensionDays, 5);
  });

  it('sign-off: the approvers (never the author) get the approval card; a decision is recorded with who and when and every copy refreshes to it', async () => {
    const { reference, approvalData } = await awaitingSignoff();
    const approverMessages = ['u-director-1', 'u-director-2', 'u-director-3', 'u-director-4', 'u-chief'].map((id) => proactiveTo(h, id));
    for (const messages of approverMessages) assert.ok(messages.some((m) => m.includes(`Sign-off requested: ${reference}`) && m.includes('re-routed the lorry')));
    assert.equal(proactiveTo(h, 'u-investigator').filter((m) => m.includes('Sign-off requested')).length, 0, 'the author is not asked');
    h.connector.reset();

    h.now = new Date('2026-03-05T14:30:00Z');
    const approved = await h.execute('director3', 'approveSignoff', { ...approvalData, signoff_comments: 'Clear and fair.' });
    assert.match(cardTexts(approved.card), /Approved by Deirdre Director on Thu 5 Mar 2026 14:30/);
    assert.ok(!buttonTitles(approved.card).includes('Approve'));
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.status, 'stage2-signed-off');
    assert.equal(stored?.stage2?.signOff?.decidedBy, 'u-director-3');
    assert.equal(stored?.stage2?.signOff?.decidedAt, '2026-03-05T14:30:00.000Z');

    const otherCopy = await h.execute('director1', 'refreshApproval', approvalData);
    assert.match(cardTexts(otherCopy.card), /Approved by Deirdre Director/);
    assert.ok(!buttonTitles(otherCopy.card).includes('Approve'));
    assert.ok((otherCopy.card.refresh as { userIds: string[] }).userIds.includes('29:u-investigator'));
    assert.match(proactiveTo(h, 'u-investigator')[0], /Approved by Deirdre Director/, 'the author is told');
  });

  it('forbidden: the investigator pressing Approve on their own draft sees why on the card, and nothing changes', async () => {
    const { reference, approvalData } = await awaitingSignoff('investigator');
    const before = await h.store.cases.get(ORG_ID, reference);
    const response = await h.execute('investigator', 'approveSignoff', approvalData);
    assert.equal(response.status, 200);
    assert.match(cardTexts(response.card), /You may not sign off stage 2 decisions; ask a head of service, director or chief executive/);
    assert.ok(!buttonTitles(response.card).includes('Approve'), 'no Approve button for the author');
    assert.deepEqual(await h.store.cases.get(ORG_ID, reference), before);
  });

  it('forbidden: a director who drafted the response cannot approve it either (never the author)', async () => {
    const { reference, approvalData } = await awaitingSignoff('director4');
    assert.equal(proactiveTo(h, 'u-director-4').filter((m) => m.includes('Sign-off requested')).length, 0, 'the author is not asked to approve');
    const before = await h.store.cases.get(ORG_ID, reference);
    const response = await h.execute('director4', 'approveSignoff', approvalData);
    assert.match(cardTexts(response.card), /You drafted this final position, so you cannot sign it off/);
    assert.ok(!buttonTitles(response.card).includes('Approve'));
    assert.deepEqual(await h.store.cases.get(ORG_ID, reference), before);
  });

  it('two-or-more approvers pressing at once: exactly one decision is recorded and the others see the outcome', async () => {
    const { reference, approvalData } = await awaitingSignoff();
    const approvers: StaffKey[] = ['director1', 'director2', 'director3', 'director4', 'chief'];
    const responses = await Promise.all(approvers.map((who) => h.execute(who, 'approveSignoff', approvalData)));
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.events.filter((e) => e.type === 'signoff-approved').length, 1);
    const winner = stored!.stage2!.signOff!.decidedBy!;
    // The winner's banner says it was approved; everyone else's says why their press did nothing.
    assert.equal(responses.filter((r) => cardTexts(r.card).startsWith('Approved by')).length, 1);
    assert.equal(responses.filter((r) => /no final position waiting for sign-off/.test(cardTexts(r.card))).length, approvers.length - 1);
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.match(cardTexts(r.card), /Approved by (Dana|Duncan|Deirdre|Donald|Catriona) \w+ on/);
      assert.ok(!buttonTitles(r.card).includes('Approve'));
    }
    assert.ok(approvers.some((k) => (k === 'chief' ? 'u-chief' : `u-director-${k.slice(-1)}`) === winner));
  });

  it('a retried invoke (same card, verb and person) is applied once', async () => {
    const { reference, approvalData } = await awaitingSignoff();
    h.connector.reset();
    const [first, second] = await Promise.all([h.execute('director2', 'approveSignoff', approvalData), h.execute('director2', 'approveSignoff', approvalData)]);
    const third = await h.execute('director2', 'approveSignoff', approvalData);
    for (const r of [first, second, third]) assert.match(cardTexts(r.card), /Approved by Duncan Director/);
    for (const r of [first, second, third]) assert.ok(cardTexts(r.card).startsWith('Approved by Duncan Director.'), 'a replay answers like the first press');
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.events.filter((e) => e.type === 'signoff-approved').length, 1);
    assert.equal(proactiveTo(h, 'u-investigator').length, 1, 'the author is told once');
  });

  it('return with comments needs the comments, then sends the draft back to the investigator', async () => {
    const { reference, approvalData } = await awaitingSignoff();
    const noComments = await h.execute('director1', 'returnSignoff', { ...approvalData, signoff_comments: ' ' });
    assert.match(cardTexts(noComments.card), /comments are required/);
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.status, 'stage2-signoff');
    const returned = await h.execute('director1', 'returnSignoff', { ...approvalData, signoff_comments: 'Say what the new route is.' });
    assert.match(cardTexts(returned.card), /Returned with comments by Dana Director/);
    assert.match(cardTexts(returned.card), /Comments: Say what the new route is\./);
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.status, 'stage2');
  });

  it('the other case buttons: close stage 1, escalate, acknowledge, close stage 2, withdraw, not a complaint', async () => {
    // Stage 1 closed by its handler, then escalated by a manager: the stage 2 clock starts.
    const first = await logged('handler');
    const handlerCard = (await h.execute('handler', 'refresh', { reference: first })).card;
    const closed = await h.execute('handler', 'closeStage1', { ...executeData(handlerCard, 'closeStage1'), close1_outcome: 'not-upheld', close1_action: 'Explained the collection schedule' });
    assert.match(cardTexts(closed.card), /Closed: Wed 4 Mar 2026 – Not upheld/);
    assert.match(cardTexts(closed.card), /Stage 1 closed on Wed 4 Mar 2026: Not upheld\./, 'the notice says what was done in words');
    assert.doesNotMatch(cardTexts(closed.card), /not-upheld|2026-03-04/, 'no codes or ISO dates on the card');
    const escalated = await h.execute('director1', 'escalate', { ...executeData(closed.card, 'refresh'), escalate_reason: 'Customer still dissatisfied' });
    assert.match(cardTexts(escalated.card), /Stage 2 – investigation/);
    assert.match(cardTexts(escalated.card), /Acknowledge by: Fri 6 Mar 2026/);
    const acknowledged = await h.execute('director1', 'acknowledge', executeData(escalated.card, 'acknowledge'));
    assert.doesNotMatch(cardTexts(acknowledged.card), /Acknowledge by/);
    const stage2 = await h.store.cases.get(ORG_ID, first);
    assert.equal(stage2?.stage2?.acknowledgedOn, '2026-03-04');

    // Signed off by another director, then issued.
    const requested = await h.execute('director1', 'requestSignoff', { ...executeData(acknowledged.card, 'requestSignoff'), signoff_summary: 'Not upheld: the schedule was kept.', signoff_outcome: 'not-upheld' });
    const approval = await h.execute('director2', 'openApproval', executeData(requested.card, 'refresh'));
    await h.execute('director2', 'approveSignoff', executeData(approval.card, 'approveSignoff'));
    const signedOff = (await h.execute('director1', 'refresh', { reference: first })).card;
    const issued = await h.execute('director1', 'closeStage2', { ...executeData(signedOff, 'closeStage2'), close2_action: 'Final response sent by letter' });
    assert.match(cardTexts(issued.card), /Stage 2 closed/);
    assert.equal((await h.store.cases.get(ORG_ID, first))?.status, 'stage2-closed');

    // Withdrawn, and recorded as not a complaint.
    const second = await logged('handler');
    const withdrawn = await h.execute('handler', 'withdraw', { reference: second, rev: 1, withdraw_reason: 'Bin collected' });
    assert.match(cardTexts(withdrawn.card), /Withdrawn on Wed 4 Mar 2026/);
    const third = await logged('handler');
    const notComplaint = await h.execute('handler', 'notAComplaint', { reference: third, rev: 1, nac_reason: 'A first request for a new bin' });
    assert.match(cardTexts(notComplaint.card), /Not a complaint: A first request for a new bin/);
    // A note can still be added to a closed record (core/notes: whoever may see the case); nothing else.
    assert.deepEqual(buttonTitles(notComplaint.card).filter((t) => t !== 'Open message'), ['Refresh', 'More…', 'Add note', 'Add note'], 'nothing left to do on it but add a note');
  });
});
