import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { AuthenticationConstants } from 'botframework-connector';
import { createTeamsBot, loadBotConfig, BotConfigError } from '../../bot/index';
import { PUBLIC_CLOUD } from '../../bot/config';
import { BotHarness } from './botHarness';

describe('bot: Bot Framework authentication switch', function () {
  this.timeout(60_000);

  it('refuses to run without an app id in production, and says what to set', () => {
    assert.throws(() => loadBotConfig({}, true), (e: unknown) => e instanceof BotConfigError && /MicrosoftAppId is not set/.test(e.message));
    assert.throws(() => loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'MultiTenant' }, true), /MicrosoftAppPassword is not set/);
    assert.throws(() => loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant' }, true), /MicrosoftAppTenantId/);
  });

  it('accepts unauthenticated local calls only in the development profile, and never a default organisation in production', () => {
    assert.deepEqual(loadBotConfig({ CHP_BOT_DEFAULT_ORG: 'demo' }, false), { auth: { mode: 'unauthenticated-dev' }, defaultOrgId: 'demo' });
    const production = loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's', MicrosoftAppTenantId: 't', CHP_BOT_DEFAULT_ORG: 'demo' }, true);
    assert.equal(production.auth.mode, 'bot-framework');
    assert.equal(production.defaultOrgId, undefined);
  });

  it('takes the Bot Framework endpoints from botbuilder’s own settings, the rest from the public cloud', () => {
    const single = { MicrosoftAppId: 'app', MicrosoftAppPassword: 's', MicrosoftAppTenantId: 't' };
    const plain = loadBotConfig(single, true);
    assert.ok(plain.auth.mode === 'bot-framework' && plain.auth.channel === undefined, 'no setting: botbuilder’s built-in public cloud');
    const local = loadBotConfig({ ...single, ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/openid', ToBotFromChannelTokenIssuer: '' }, true);
    assert.ok(local.auth.mode === 'bot-framework');
    assert.deepEqual(local.auth.channel, { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/openid' });
    // botbuilder needs every setting once one is given: the defaults must be its own public-cloud values.
    for (const name of ['ToBotFromChannelTokenIssuer', 'ToChannelFromBotLoginUrl', 'ToChannelFromBotOAuthScope', 'OAuthUrl', 'ToBotFromEmulatorOpenIdMetadataUrl', 'ToBotFromChannelOpenIdMetadataUrl'] as const) {
      assert.equal(PUBLIC_CLOUD[name], AuthenticationConstants[name], name);
    }
    assert.throws(() => loadBotConfig({ ...single, ToBotFromChannelOpenIdMetadataUrl: 'not a url' }, true), /ToBotFromChannelOpenIdMetadataUrl/);
  });

  it('a managed identity needs the tenant and no secret', () => {
    const msi = loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }, true);
    assert.equal(msi.auth.mode === 'bot-framework' && msi.auth.appType, 'UserAssignedMSI');
    assert.throws(() => loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI' }, true), /MicrosoftAppTenantId is not set: a bot with a managed identity/);
    assert.throws(() => loadBotConfig({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 's' }, true), /a managed identity has no secret/);
  });

  it('with an app id, POST /api/messages without a Bot Framework token is rejected and nothing runs', async () => {
    const h = new BotHarness();
    await h.start();
    try {
      const config = loadBotConfig({ MicrosoftAppId: '00000000-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-used', MicrosoftAppTenantId: 'tenant' }, true);
      const bot = createTeamsBot({ store: h.store, config });
      const server = createApp({ store: h.store, botHandler: bot.handler }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
        const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(h.activity('handler', { type: 'message', text: 'my cases' })) });
        assert.equal(response.status, 401);
        assert.equal(h.connector.calls.length, 0, 'no reply was sent');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // The development-profile harness accepts the same activity without a token.
      assert.equal((await h.post(h.activity('handler', { type: 'message', text: 'my cases' }))).status, 200);
      assert.equal(h.connector.activities().length, 1);
    } finally {
      await h.stop();
    }
  });
});
