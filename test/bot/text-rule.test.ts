/**
 * The text rule (core/text.ts) on the bot's paths, with real Bot Framework activities over HTTP:
 * the log form (task/submit) refuses hostile text naming the input and logs nothing; NFD is stored
 * as NFC; a card action's text input is refused the same way; a message action's prefill drops the
 * characters the form would refuse.
 */
import assert from 'node:assert/strict';
import { HOSTILE, NFC_NAME, NFD_NAME } from '../support/hostile-text';
import { BotHarness, cardTexts, ORG_ID } from './botHarness';

interface TaskResponse {
  task?: { type: string; value: { title: string; card: { content: Record<string, unknown> } } };
}

const form = (fields: Record<string, unknown>) => ({
  kind: 'complaint',
  channel: 'chat',
  nature: 'Bin not collected',
  service: 'Waste',
  receivedOn: '2026-03-04',
  receivedTime: '09:00',
  customerName: 'Morag Campbell',
  ...fields,
});

describe('bot: the text rule on logging and card actions (HTTP, Bot Framework activities)', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  const caseCount = async () => (await h.store.cases.list(ORG_ID, { scope: { all: true, services: [], userId: '', socialWork: true }, limit: 100 })).items.length;

  async function submit(fields: Record<string, unknown>): Promise<{ status: number; body: TaskResponse }> {
    const res = await h.post(h.activity('handler', { type: 'invoke', name: 'task/submit', value: { data: form(fields) } }));
    return { status: res.status, body: res.body as TaskResponse };
  }

  for (const [label, value, message] of HOSTILE.slice(0, 4)) {
    it(`the log form refuses ${label} in the description and in the customer's name, naming the input, and logs nothing`, async () => {
      const before = await caseCount();
      for (const [field, name] of [
        ['nature', 'The description of the complaint'],
        ['customerName', "The customer's name"],
      ] as const) {
        const { status, body } = await submit({ [field]: value });
        assert.equal(status, 200);
        assert.equal(body.task?.value.title, 'Not logged');
        const text = cardTexts(body.task!.value.card.content);
        assert.ok(text.includes(name), `${field}: ${text}`);
        assert.match(text, message);
      }
      assert.equal(await caseCount(), before, 'no case was logged');
      assert.equal(h.connector.activities().length, 0, 'nothing was posted to the chat');
    });
  }

  it('NFD text from the form is stored as NFC; a name on two lines is refused', async () => {
    const refused = await submit({ customerName: 'Morag\nCampbell' });
    assert.match(cardTexts(refused.body.task!.value.card.content), /The customer's name must be a single line/);
    const logged = await submit({ customerName: NFD_NAME, nature: 'Cafe\u0301 bins' });
    assert.deepEqual(logged.body, {}, JSON.stringify(logged.body));
    const [posted] = h.connector.activities();
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))?.[1];
    assert.ok(reference);
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.customer.name, NFC_NAME);
    assert.equal(stored?.nature, 'Caf\u00e9 bins');
  });

  it('a card action refuses an ANSI escape in its text, naming the input, and changes nothing', async () => {
    const logged = await submit({ nature: 'Missed collection' });
    assert.deepEqual(logged.body, {});
    const [posted] = h.connector.activities();
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))![1];
    const before = await h.store.cases.get(ORG_ID, reference);
    const answer = await h.execute('manager', 'closeStage1', { reference, rev: before!.events.length, close1_outcome: 'upheld', close1_action: 'Collected \u001b[2J\u001b[H' });
    assert.equal(answer.statusCode, 200);
    assert.match(cardTexts(answer.card), /What was done at stage 1 contains an ESC character/);
    const after = await h.store.cases.get(ORG_ID, reference);
    assert.equal(after?.status, 'stage1');
    assert.equal(after?.events.length, before!.events.length);
  });

  it('a message action prefills the form without the characters the form would refuse', async () => {
    const res = await h.post(
      h.activity('handler', {
        type: 'invoke',
        name: 'composeExtension/fetchTask',
        value: {
          commandId: 'logAsComplaint',
          commandContext: 'message',
          messagePayload: {
            id: '1772615559999',
            createdDateTime: '2026-03-04T09:12:30Z',
            body: { contentType: 'html', content: '<p>Bins \u001b[31mnot\u001b[0m collected \u202Eyadseut\u202C again</p>' },
            from: { user: { id: 'ext-1', displayName: 'Morag\u0000 Campbell' } },
          },
        },
      }),
    );
    const card = (res.body as TaskResponse).task!.value.card.content;
    const json = JSON.stringify(card);
    for (const refused of ['\u001b', '\u202e', '\u202c', '\u0000']) assert.ok(!json.includes(refused), `no ${JSON.stringify(refused)} in the prefilled form`);
    assert.match(cardTexts(card), /From Morag Campbell/);
  });
});
