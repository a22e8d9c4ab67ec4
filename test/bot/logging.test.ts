import assert from 'node:assert/strict';
import { parseCommand } from '../../bot/handlers/commands';
import { BotHarness, buttonTitles, cardTexts, ORG_ID } from './botHarness';
import { sampleCase } from './sampleCases';

const GROUP_CHAT = { id: '19:complaints-team@thread.v2', conversationType: 'groupChat' as const };

function messageAction(h: BotHarness, name: 'composeExtension/fetchTask' | 'composeExtension/submitAction', messageId: string, data?: Record<string, unknown>) {
  return h.activity(
    'handler',
    {
      type: 'invoke',
      name,
      value: {
        commandId: 'logAsComplaint',
        commandContext: 'message',
        ...(data ? { data } : {}),
        messagePayload: {
          id: messageId,
          createdDateTime: '2026-03-04T09:12:30Z',
          linkToMessage: `https://teams.microsoft.com/l/message/19:complaints-team@thread.v2/${messageId}`,
          body: { contentType: 'html', content: '<p>My bin has not been <b>collected</b> for 3 weeks &amp; nobody answers.</p>' },
          from: { user: { id: 'ext-1', displayName: 'Morag Campbell' } },
        },
      },
    },
    GROUP_CHAT,
  );
}

interface TaskResponse {
  task?: { type: string; value: { title: string; card: { content: Record<string, unknown> } } };
}

/** The inputs of a card: id → prefilled value. */
function inputs(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') out[o.id] = o.value;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function submitData(form: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const submit = ((form.actions as Record<string, unknown>[])[0].data ?? {}) as Record<string, unknown>;
  return { ...inputs(form), service: 'Waste', ...submit, ...overrides };
}

describe('bot: logging a complaint from Teams (HTTP, Bot Framework activities)', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  it('fetchTask opens the form prefilled from the message text, author and time', async () => {
    const { status, body } = await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550000'));
    assert.equal(status, 200);
    const task = (body as TaskResponse).task!;
    assert.equal(task.type, 'continue');
    const form = task.value.card.content;
    const values = inputs(form);
    assert.equal(values.nature, 'My bin has not been collected for 3 weeks & nobody answers.');
    assert.equal(values.customerName, 'Morag Campbell');
    assert.equal(values.receivedOn, '2026-03-04');
    assert.equal(values.receivedTime, '09:12');
    assert.match(cardTexts(form), /From Morag Campbell, Wed 4 Mar 2026 09:12/);
  });

  it('submitAction logs the case, keeps the message link, and posts the case card with the reference and stage 1 due date to the chat', async () => {
    const fetched = (await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550001'))).body as TaskResponse;
    const data = submitData(fetched.task!.value.card.content);
    const { status, body } = await h.post(messageAction(h, 'composeExtension/submitAction', '1772615550001', data));
    assert.equal(status, 200);
    assert.deepEqual(body, {}, 'the task module closes');

    const logged = await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550001' });
    assert.ok(logged, 'the case is stored');
    assert.equal(logged.source?.webLink, 'https://teams.microsoft.com/l/message/19:complaints-team@thread.v2/1772615550001');
    assert.equal(logged.source?.conversationId, GROUP_CHAT.id);
    assert.equal(logged.receivedAt, '2026-03-04T09:12:30Z', 'the exact message time is kept');
    assert.equal(logged.customer.name, 'Morag Campbell');
    assert.equal(logged.status, 'stage1');
    assert.equal(logged.stage1?.clock.due, '2026-03-10', 'day 1 is Wed 4 March; the 5th working day is Tue 10 March');

    const posted = h.connector.activities(GROUP_CHAT.id);
    assert.equal(posted.length, 1);
    const card = (posted[0].activity.attachments as { content: unknown }[])[0].content;
    const text = cardTexts(card);
    assert.match(text, new RegExp(`Logged as ${logged.reference}; stage 1 response due Tue 10 Mar 2026`));
    assert.match(text, /Due: Tue 10 Mar 2026 \(4 working days left\)/);
    assert.ok(buttonTitles(card).includes('Open message'));
  });

  it('logging the same message twice shows the existing case instead of a duplicate', async () => {
    const fetched = (await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550002'))).body as TaskResponse;
    const data = submitData(fetched.task!.value.card.content);
    await h.post(messageAction(h, 'composeExtension/submitAction', '1772615550002', data));
    const first = await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550002' });
    assert.ok(first);

    const again = (await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550002'))).body as TaskResponse;
    assert.equal(again.task!.value.title, first.reference);
    assert.match(cardTexts(again.task!.value.card.content), new RegExp(`already logged as ${first.reference}`));

    const resubmitted = (await h.post(messageAction(h, 'composeExtension/submitAction', '1772615550002', data))).body as TaskResponse;
    assert.match(cardTexts(resubmitted.task!.value.card.content), new RegExp(`already logged as ${first.reference}`));
    const page = await h.store.cases.list(ORG_ID, { scope: { all: true, services: [], userId: 'test', socialWork: true }, limit: 500 });
    assert.equal(page.items.filter((c) => c.source?.messageId === '1772615550002').length, 1, 'one case for the message');
    assert.equal((await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550002' }))?.reference, first.reference);
    assert.equal(h.connector.activities(GROUP_CHAT.id).length, 1, 'only the first log posts a card');
  });

  it('in a chat the bot is not a member of, the case is still logged and its card shown in the form window', async () => {
    h.connector.notMemberOf.add(GROUP_CHAT.id);
    try {
      const fetched = (await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550009'))).body as TaskResponse;
      const response = (await h.post(messageAction(h, 'composeExtension/submitAction', '1772615550009', submitData(fetched.task!.value.card.content)))).body as TaskResponse;
      const logged = await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550009' });
      assert.ok(logged);
      assert.equal(response.task!.value.title, logged.reference);
      assert.match(cardTexts(response.task!.value.card.content), new RegExp(`Logged as ${logged.reference}`));
    } finally {
      h.connector.notMemberOf.delete(GROUP_CHAT.id);
    }
  });

  it('a form without a service is refused with a sentence, and nothing is logged', async () => {
    const fetched = (await h.post(messageAction(h, 'composeExtension/fetchTask', '1772615550003'))).body as TaskResponse;
    const data = submitData(fetched.task!.value.card.content, { service: '' });
    const response = (await h.post(messageAction(h, 'composeExtension/submitAction', '1772615550003', data))).body as TaskResponse;
    assert.match(cardTexts(response.task!.value.card.content), /Choose the service the complaint is about/);
    assert.equal(await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550003' }), undefined);
  });

  it('"new complaint" answers with a button that opens the same form (task/fetch), and task/submit logs the case', async () => {
    const reply = await h.post(h.activity('handler', { type: 'message', text: 'new complaint' }));
    assert.equal(reply.status, 200);
    const [answer] = h.connector.activities('a:personal-u-handler');
    const card = (answer.activity.attachments as { content: Record<string, unknown> }[])[0].content;
    const button = (card.actions as { data: Record<string, unknown> }[])[0];
    assert.deepEqual(button.data.msteams, { type: 'task/fetch' });

    const fetched = (await h.post(h.activity('handler', { type: 'invoke', name: 'task/fetch', value: { data: button.data } }))).body as TaskResponse;
    const form = fetched.task!.value.card.content;
    assert.equal(inputs(form).channel, 'phone');
    const data = { ...submitData(form), nature: 'Rude call handler on the housing line', service: 'Housing', customerName: 'Ewan Fraser', complex: 'true', sourceMessageId: 'someone-elses-message' };
    h.connector.reset();
    const submitted = await h.post(h.activity('handler', { type: 'invoke', name: 'task/submit', value: { data } }));
    assert.deepEqual(submitted.body, {});
    const [posted] = h.connector.activities('a:personal-u-handler');
    const text = cardTexts((posted.activity.attachments as { content: unknown }[])[0].content);
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(text)?.[1];
    assert.ok(reference, text);
    const stored = await h.store.cases.get(ORG_ID, reference);
    assert.equal(stored?.status, 'stage2', 'complex complaints start at stage 2');
    assert.equal(stored?.channel, 'phone');
    assert.equal(stored?.source, undefined, 'a form not opened on a message cannot claim one');
  });

  it('"my cases", "overdue" and "case CHP-…" answer with cards', async () => {
    await h.post(h.activity('handler', { type: 'message', text: 'my cases' }));
    await h.post(h.activity('handler', { type: 'message', text: 'overdue' }));
    const mine = await h.store.cases.findBySource(ORG_ID, { messageId: '1772615550001' });
    await h.post(h.activity('handler', { type: 'message', text: `case ${mine!.reference.toLowerCase()}` }));
    await h.post(h.activity('handler', { type: 'message', text: 'case CHP-2026-999999' }));
    await h.post(h.activity('handler', { type: 'message', text: 'hello' }));
    const texts = h.connector.activities('a:personal-u-handler').map((a) => cardTexts((a.activity.attachments as { content: unknown }[])[0].content));
    assert.equal(texts.length, 5);
    assert.match(texts[0], /My open cases/);
    assert.match(texts[0], new RegExp(`${mine!.reference} · Waste`));
    assert.match(texts[1], /Overdue cases\nNothing you can see is overdue/);
    assert.match(texts[2], new RegExp(`^${mine!.reference}`, 'm'));
    assert.match(texts[2], /Customer: Morag Campbell/);
    assert.match(texts[3], /There is no case CHP-2026-999999/);
    assert.match(texts[4], /What I can do/);
  });

  it('"case COR000123" finds an imported case by the reference it had in the previous system', async () => {
    const imported = sampleCase({ reference: 'CHP-2025-000777', orgId: ORG_ID, legacyReference: 'COR000123', source: undefined, customer: { withheldDetails: false, anonymous: false, name: 'Isla Wilson' } });
    await h.store.cases.create(imported);
    await h.post(h.activity('handler', { type: 'message', text: 'case cor000123' }));
    await h.post(h.activity('handler', { type: 'message', text: 'case COR999999' }));
    const texts = h.connector.activities('a:personal-u-handler').map((a) => cardTexts((a.activity.attachments as { content: unknown }[])[0].content));
    assert.match(texts[0], /^CHP-2025-000777/m);
    assert.match(texts[0], /Customer: Isla Wilson/);
    assert.match(texts[1], /There is no case COR999999/);
    assert.deepEqual(parseCommand('case closed'), { name: 'help' }, 'a word without a digit is not taken for a reference');
    assert.deepEqual(parseCommand('case cor000123'), { name: 'case', reference: 'cor000123' });
  });
});
