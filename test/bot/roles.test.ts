/**
 * The bot acting under the organisation's own role definitions: the same people, the same case, and
 * the card's buttons and what the bot accepts follow the definitions as they change. Real Bot Framework
 * activities into POST /api/messages; cards read back as Teams would show them.
 */
import assert from 'node:assert/strict';
import { actorFromAssignments } from '../../core/ownership';
import { presetDefinitions, roleRuleProblems, type RoleDefinition } from '../../core/roles';
import type { Case } from '../../core/types';
import { availableActions, type CaseActionType } from '../../core/workflow';
import { BotHarness, buttonTitles, cardTexts, ORG, ORG_ID, STAFF, type StaffKey } from './botHarness';

/** The case card's buttons for the case's actions (the "More…" card holds withdraw and not-a-complaint). */
const CARD_BUTTONS: Record<string, CaseActionType[]> = {
  'Assign owner': ['assign'],
  'Acknowledge today': ['acknowledge'],
  'Extend deadline': ['extend'],
  'Close stage 1': ['close-stage1'],
  'Escalate to stage 2': ['escalate'],
  'Request sign-off': ['request-signoff'],
  'Review sign-off': ['approve-signoff', 'return-signoff'],
  'Close stage 2': ['close-stage2'],
  Withdraw: ['withdraw'],
  'Not a complaint': ['mark-not-a-complaint'],
};
const CARD_ACTIONS = new Set(Object.values(CARD_BUTTONS).flat());
const actionsOnCard = (card: unknown): CaseActionType[] => [...new Set(buttonTitles(card).flatMap((t) => CARD_BUTTONS[t] ?? []))].sort();

function executeData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Record<string, unknown>;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  assert.ok(found, `no ${verb} button on the card: ${buttonTitles(card).join(', ')}`);
  return found;
}

/** The council preset with the complaints manager renamed and allowed to close and escalate, and the frontline role renamed. */
const ADVISER: RoleDefinition = {
  id: 'customer-service-adviser',
  name: 'Customer service adviser',
  description: 'Takes complaints at the front desk and by phone and passes them on.',
  permissions: ['case.create', 'case.read'],
  caseScope: 'own',
  socialWork: false,
};
const DEFINITIONS: RoleDefinition[] = [
  ...presetDefinitions('council').map((d) =>
    d.id === 'complaints-manager' ? { ...d, name: 'Complaints and feedback manager', permissions: [...d.permissions, 'case.close' as const, 'case.escalate' as const] } : d,
  ),
  ADVISER,
];

describe('bot: acting under the organisation’s role definitions', function () {
  this.timeout(90_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());
  beforeEach(() => {
    h.connector.reset();
    h.now = new Date('2026-03-04T10:00:00Z');
  });

  async function logged(): Promise<string> {
    const data = { form: 'log', kind: 'complaint', channel: 'phone', nature: 'Missed bin collections', service: 'Waste', customerName: 'Morag Campbell', receivedOn: '2026-03-04', receivedTime: '09:00' };
    await h.post(h.activity('handler', { type: 'invoke', name: 'task/submit', value: { data } }));
    const posted = h.connector.activities().at(-1)!;
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))?.[1];
    assert.ok(reference, 'the case was logged');
    return reference;
  }

  it('shows and accepts exactly what the new definitions allow', async () => {
    const reference = await logged();
    const before = await h.execute('manager', 'refresh', { reference });
    assert.ok(!buttonTitles(before.card).includes('Close stage 1'), 'the default complaints manager does not close cases');
    assert.ok(buttonTitles((await h.execute('handler', 'refresh', { reference })).card).includes('Close stage 1'));

    // The administrator's change (as PUT /api/roles would save it): the handler becomes a customer service adviser.
    const roleAssignments = ORG.roleAssignments.map((a) => (a.principalId === 'u-handler' ? { ...a, roles: [ADVISER.id] } : a));
    assert.deepEqual(roleRuleProblems(DEFINITIONS, roleAssignments), []);
    await h.store.orgs.put({ ...ORG, roleAssignments, roleDefinitions: DEFINITIONS });

    const adviser = await h.execute('handler', 'refresh', { reference });
    assert.ok(!buttonTitles(adviser.card).includes('Close stage 1'), 'the adviser only takes complaints');
    const forced = await h.execute('handler', 'closeStage1', { ...executeData(before.card, 'refresh'), close1_outcome: 'resolved', close1_action: 'Bin emptied' });
    assert.doesNotMatch(cardTexts(forced.card), /Closed: /, 'a button forced from an old card is refused');
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.status, 'stage1');

    const manager = await h.execute('manager', 'refresh', { reference });
    assert.ok(buttonTitles(manager.card).includes('Close stage 1'), buttonTitles(manager.card).join());
    assert.ok(buttonTitles(manager.card).includes('Escalate to stage 2'));
    const closed = await h.execute('manager', 'closeStage1', { ...executeData(manager.card, 'closeStage1'), close1_outcome: 'resolved', close1_action: 'Collection rescheduled; apology given.' });
    assert.match(cardTexts(closed.card), /Closed: Wed 4 Mar 2026 – Resolved/);
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.status, 'stage1-closed');

    // The adviser can still log a complaint through the bot.
    assert.match(await logged(), /^CHP-2026-/);
  });

  it('offers each person exactly the case actions the definitions allow them, no more and no fewer', async () => {
    const roleAssignments = ORG.roleAssignments.map((a) => (a.principalId === 'u-handler' ? { ...a, roles: [ADVISER.id] } : a));
    const org = { ...ORG, roleAssignments, roleDefinitions: DEFINITIONS };
    await h.store.orgs.put(org);
    const reference = await logged();
    const stored = (await h.store.cases.get(ORG_ID, reference)) as Case;
    const offered: Partial<Record<StaffKey, CaseActionType[]>> = {};
    for (const who of ['handler', 'investigator', 'manager', 'director1', 'chief', 'admin'] as const) {
      const person = STAFF[who];
      const actor = actorFromAssignments(person.principalId, person.displayName, roleAssignments.filter((a) => a.principalId === person.principalId), DEFINITIONS);
      const allowed = availableActions(stored, actor).filter((t) => CARD_ACTIONS.has(t)).sort();
      const card = (await h.execute(who, 'refresh', { reference })).card;
      offered[who] = actionsOnCard(card);
      assert.deepEqual(offered[who], allowed, `${who}: the card offers ${offered[who].join(', ')}; the definitions allow ${allowed.join(', ')}`);
    }
    // In words: the adviser and the administrator act on nothing; the widened complaints manager assigns,
    // extends, closes and escalates but neither withdraws nor marks a contact as not a complaint.
    assert.deepEqual(offered.handler, []);
    assert.deepEqual(offered.admin, []);
    assert.deepEqual(offered.manager, ['assign', 'close-stage1', 'escalate', 'extend']);
    assert.ok(offered.director1?.includes('withdraw') && offered.director1.includes('close-stage1'));
  });
});
