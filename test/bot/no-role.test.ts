/**
 * A person of the organisation's Teams tenant with no role: whatever they send — a message, a card
 * button, the "Log as complaint" message action — the bot answers with the organisation's name and
 * whom to ask (its administrators and how to reach them), never an error. Real Bot Framework activities
 * into POST /api/messages; replies read from the local Bot Connector.
 */
import assert from 'node:assert/strict';
import { BotHarness, cardTexts, ORG, ORG_ID } from './botHarness';

const STRANGER = { id: '29:stranger', aadObjectId: 'e0e0e0e0-0000-4000-8000-00000000000a', name: 'Sam Newstart' };

describe('bot: a person with no role', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  before(async () => {
    await h.start();
    await h.store.orgs.put({ ...ORG, settings: { ...ORG.settings, contact: 'the service desk on extension 2200' } });
  });
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  /** The text of the one reply the bot posted to the conversation. */
  async function replyTo(text: string, from: Record<string, string>): Promise<string> {
    const { status } = await h.post(h.activity('handler', { type: 'message', text, from }));
    assert.equal(status, 200);
    const replies = h.connector.activities();
    assert.equal(replies.length, 1);
    const attachments = replies[0].activity.attachments as { content: unknown }[];
    return cardTexts(attachments[0].content);
  }

  for (const text of ['my cases', 'case CHP-2026-000001', 'hello']) {
    it(`answers "${text}" with whom to ask`, async () => {
      const answer = await replyTo(text, STRANGER);
      assert.match(answer, /You have no role here yet/);
      assert.match(answer, /no role in Bot Test Council's complaints handling yet: ask an administrator — Alasdair Admin — to give you one\. Contact: the service desk on extension 2200/);
    });
  }

  it('answers a card button and the message action the same way', async () => {
    const invoke = await h.post(
      h.activity('handler', { type: 'invoke', name: 'adaptiveCard/action', from: STRANGER, value: { action: { type: 'Action.Execute', verb: 'refresh', data: { reference: 'CHP-2026-000001' } }, trigger: 'manual' } }),
    );
    const card = (invoke.body as { value: unknown }).value;
    assert.match(cardTexts(card), /ask an administrator — Alasdair Admin/);
    const fetchTask = await h.post(h.activity('handler', { type: 'invoke', name: 'composeExtension/fetchTask', from: STRANGER, value: { commandId: 'logAsComplaint', commandContext: 'message' } }));
    const task = (fetchTask.body as { task: { value: { card: { content: unknown } } } }).task;
    assert.match(cardTexts(task.value.card.content), /ask an administrator — Alasdair Admin/);
    assert.equal((await h.store.cases.list(ORG_ID, { scope: { all: true, services: [], userId: '', socialWork: true }, limit: 5 })).items.length, 0, 'nothing was logged');
  });

  it('still answers staff with a role normally', async () => {
    const answer = await replyTo('my cases', { id: '29:u-handler', aadObjectId: 'u-handler', name: 'Hamish Handler' });
    assert.doesNotMatch(answer, /no role/);
  });
});
