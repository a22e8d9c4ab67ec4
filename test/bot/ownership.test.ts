import assert from 'node:assert/strict';
import { BotHarness, buttonTitles, cardTexts, ORG_ID, type StaffKey } from './botHarness';

/** The data of the Action.Execute with this verb on a card (what Teams sends when it is pressed). */
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

/** The local choices of the assign picker on a case card. */
function ownerChoices(card: unknown): string[] {
  const values: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.id === 'assign_owner') values.push(...(o.choices as { value: string }[]).map((c) => c.value));
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return values;
}

/** An Entra user of another tenant, as the Graph people picker would return them. */
const OUTSIDER_AAD_ID = '9d2f6a55-7c1e-4b8a-a0f3-2b6c1d4e8f70';

describe('bot: the assign card gives a case only to the complaints staff', function () {
  this.timeout(90_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  async function logged(who: StaffKey): Promise<string> {
    const data = { form: 'log', kind: 'complaint', channel: 'phone', nature: 'Missed bin collections', service: 'Waste', customerName: 'Morag Campbell', receivedOn: '2026-03-04', receivedTime: '09:00' };
    await h.post(h.activity(who, { type: 'invoke', name: 'task/submit', value: { data } }));
    const posted = h.connector.activities().at(-1)!;
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))?.[1];
    assert.ok(reference, 'the case was logged');
    return reference;
  }

  it('someone from outside the organisation picked in the people picker: a refused card, and nothing is sent to anyone', async () => {
    const reference = await logged('handler');
    const card = (await h.execute('manager', 'refresh', { reference })).card;
    h.connector.reset();
    const response = await h.execute('manager', 'assign', { ...executeData(card, 'assign'), assign_owner: OUTSIDER_AAD_ID });
    assert.equal(response.statusCode, 200);
    const texts = cardTexts(response.card);
    assert.match(texts, new RegExp(`"${OUTSIDER_AAD_ID}" is not a member of the complaints team of Bot Test Council`));
    assert.match(texts, /Owner: Hamish Handler/, 'the card shows the case as it stays');
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.owner, 'u-handler');
    assert.deepEqual(h.connector.createdConversations(), [], 'no 1:1 chat is opened');
    assert.deepEqual(h.connector.activities(), [], 'no message is sent');
  });

  it('a staff member with no role that handles complaints (the administrator): refused, nothing sent', async () => {
    const reference = await logged('handler');
    const card = (await h.execute('manager', 'refresh', { reference })).card;
    assert.ok(!ownerChoices(card).includes('u-admin'), 'the picker does not offer them');
    assert.ok(ownerChoices(card).includes('u-investigator'));
    h.connector.reset();
    const response = await h.execute('manager', 'assign', { ...executeData(card, 'assign'), assign_owner: 'u-admin' });
    assert.match(cardTexts(response.card), /Alasdair Admin has no role that handles complaints/);
    assert.equal((await h.store.cases.get(ORG_ID, reference))?.owner, 'u-handler');
    assert.deepEqual(h.connector.calls, [], 'nothing is sent');
  });
});
