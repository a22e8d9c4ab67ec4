/**
 * Malformed traffic into POST /api/messages, over real HTTP: the endpoint answers a problem (400 or
 * 401, application/problem+json) and never a 500; every invoke it does not handle, or that arrives
 * incomplete, gets an answer with a message — never an empty 501.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createApp } from '../../server/app';
import { createTeamsBot, loadBotConfig } from '../../bot/index';
import { BotHarness, cardTexts } from './botHarness';

interface Raw {
  status: number;
  type: string;
  text: string;
  json: Record<string, unknown> | undefined;
}

async function send(url: string, body: string | undefined, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<Raw> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json };
}

function assertProblem(raw: Raw, status: number, label: string): void {
  assert.equal(raw.status, status, `${label}: status ${raw.status}, body ${raw.text}`);
  assert.match(raw.type, /^application\/problem\+json/, `${label}: a problem body`);
  assert.equal(raw.json?.status, status, label);
  assert.equal(typeof raw.json?.detail, 'string', label);
  assert.ok((raw.json?.detail as string).length > 20, `${label}: the detail says what is wrong`);
}

describe('bot: malformed traffic into POST /api/messages (HTTP)', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  let url: string;
  before(async () => {
    await h.start();
    url = `${h.baseUrl}/api/messages`;
  });
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  describe('a body that is not an activity is a 400 problem, never a 500', () => {
    const activityWith = (fields: Record<string, unknown>, drop: string[] = []) => {
      const activity = { ...h.activity('handler', { type: 'message', text: 'my cases' }), ...fields };
      for (const key of drop) delete activity[key];
      return JSON.stringify(activity);
    };
    const cases: [string, () => string | undefined][] = [
      ['an empty body', () => ''],
      ['no body at all', () => undefined],
      ['a body that is not JSON', () => '{"type": "message", '],
      ['a JSON array', () => '[]'],
      ['a JSON string', () => '"message"'],
      ['JSON null', () => 'null'],
      ['an activity without a type', () => activityWith({}, ['type'])],
      ['an activity whose type is a number', () => activityWith({ type: 5 })],
      ['an activity whose type is empty', () => activityWith({ type: '' })],
      ['an activity whose text is an object', () => activityWith({ text: { evil: true } })],
      ['an activity whose from is a string', () => activityWith({ from: 'someone' })],
      ['an activity whose conversation is null', () => activityWith({ conversation: null })],
      ['an activity without a serviceUrl', () => activityWith({}, ['serviceUrl'])],
      ['an activity whose channelData is an array', () => activityWith({ channelData: [1, 2] })],
      ['an activity whose timestamp is a number', () => activityWith({ timestamp: 12 })],
    ];
    for (const [label, body] of cases) {
      it(label, async () => {
        assertProblem(await send(url, body()), 400, label);
        assert.equal(h.connector.calls.length, 0, 'nothing was sent to Teams');
      });
    }
  });

  describe('every invoke gets an answer with a message, never an empty 501', () => {
    const invoke = (name: string | undefined, value: unknown) => JSON.stringify(h.activity('handler', { type: 'invoke', ...(name ? { name } : {}), ...(value === undefined ? {} : { value }) }));

    it('an invoke the bot does not handle is a 400 that lists the ones it does', async () => {
      for (const name of ['composeExtension/query', 'signin/verifyState', 'made/up']) {
        const raw = await send(url, invoke(name, {}));
        assert.equal(raw.status, 400, `${name}: ${raw.status} ${raw.text}`);
        const body = raw.json as { value: { code: string; message: string } };
        assert.equal(body.value.code, 'NotSupported');
        assert.match(body.value.message, /adaptiveCard\/action/);
      }
    });

    it('an invoke without a name is a 400 with a message', async () => {
      const raw = await send(url, invoke(undefined, {}));
      assert.equal(raw.status, 400, raw.text);
      assert.match(JSON.stringify(raw.json), /does not handle/);
    });

    it('task/submit with no value answers a card saying nothing was logged', async () => {
      for (const value of [undefined, null, 'text', { data: null }]) {
        const raw = await send(url, invoke('task/submit', value));
        assert.equal(raw.status, 200, `${JSON.stringify(value)}: ${raw.text}`);
        const card = (raw.json as { task: { type: string; value: { card: { content: unknown } } } }).task;
        assert.equal(card.type, 'continue');
        assert.match(cardTexts(card.value.card.content), /nothing was logged/);
      }
      assert.equal(await h.store.cases.findBySource('bot-test-council', { messageId: 'x' }), undefined);
    });

    it('composeExtension/submitAction with no value answers a card too', async () => {
      const raw = await send(url, invoke('composeExtension/submitAction', undefined));
      assert.equal(raw.status, 200, raw.text);
      assert.match(raw.text, /nothing was logged/);
    });

    it('composeExtension/fetchTask with no value opens the log form (nothing to prefill)', async () => {
      const raw = await send(url, invoke('composeExtension/fetchTask', undefined));
      assert.equal(raw.status, 200, raw.text);
      assert.match(raw.text, /Log as complaint/);
    });

    it('adaptiveCard/action with action null, no verb, another action type or data not an object is a 400 with a message', async () => {
      const values = [
        { action: null, trigger: 'manual' },
        { trigger: 'manual' },
        { action: { type: 'Action.Execute', data: { reference: 'CHP-2026-000001' } } },
        { action: { type: 'Action.Execute', verb: '', data: {} } },
        { action: { type: 'Action.Submit', verb: 'refresh', data: {} } },
        { action: { type: 'Action.Execute', verb: 'refresh', data: 'CHP-2026-000001' } },
        null,
      ];
      for (const value of values) {
        const raw = await send(url, invoke('adaptiveCard/action', value));
        assert.equal(raw.status, 400, `${JSON.stringify(value)}: ${raw.status} ${raw.text}`);
        const body = raw.json as { statusCode: number; type: string; value: { code: string; message: string } };
        assert.equal(body.statusCode, 400);
        assert.equal(body.type, 'application/vnd.microsoft.error');
        assert.match(body.value.message, /needs an Action\.Execute with a verb/);
      }
    });
  });

  describe('with Bot Framework authentication on', () => {
    let server: http.Server;
    let authUrl: string;
    before(async () => {
      const config = loadBotConfig({ MicrosoftAppId: '00000000-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-used', MicrosoftAppTenantId: 'tenant' }, true);
      const bot = createTeamsBot({ store: h.store, config });
      server = createApp({ store: h.store, botHandler: bot.handler }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      authUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('without a token, a malformed activity is 401 (the sender is told nothing about its body)', async () => {
      const raw = await send(authUrl, JSON.stringify({ text: 'no type' }));
      assertProblem(raw, 401, 'no token');
      assert.doesNotMatch(String(raw.json?.detail), /type|serviceUrl|conversation/);
    });

    it('with a token not yet checked, a malformed activity is a 400 with one generic detail', async () => {
      const raw = await send(authUrl, JSON.stringify({ type: 7 }), { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-real-token' });
      assertProblem(raw, 400, 'bad body');
      assert.equal(raw.json?.errors, undefined, 'no list of fields');
    });

    it('with a forged token, a well-formed activity is 401 and nothing runs', async () => {
      const raw = await send(authUrl, JSON.stringify(h.activity('handler', { type: 'message', text: 'my cases' })), { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-real-token' });
      assert.equal(raw.status, 401, raw.text);
      assert.equal(h.connector.calls.length, 0);
    });
  });
});
