import assert from 'node:assert/strict';
import { loadConfig } from '../../server/config';
import { createEntraVerifier } from '../../server/auth/entra';
import { call, Harness, AUDIENCE, ISSUER_TEMPLATE, TENANT_A, TENANT_B, TENANT_UNLISTED } from './harness';

type Problem = { status: number; detail: string; title: string };
type Me = { userId: string; displayName: string; roles: string[]; permissions: string[]; org: { id: string }; devSignIn: boolean };

describe('server: sign-in', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  let entraOnly = '';
  before(async () => {
    await h.start();
    base = await h.app();
    entraOnly = await h.app({ devSignIn: false });
  });
  after(() => h.stop());

  describe('Entra ID bearer tokens', () => {
    it('accepts a valid token and maps the user to their organisation’s roles', async () => {
      const res = await call<Me>(entraOnly, 'GET', '/api/me', { token: await h.token({ oid: 'demo-head-of-service', name: 'Aileen Murray (Entra)' }) });
      assert.equal(res.status, 200);
      assert.equal(res.body.userId, 'demo-head-of-service');
      assert.equal(res.body.displayName, 'Aileen Murray (Entra)');
      assert.deepEqual(res.body.roles, ['head-of-service']);
      assert.equal(res.body.org.id, 'glenmore');
      assert.equal(res.body.devSignIn, false);
      assert.ok(res.body.permissions.includes('case.signoff'));
    });

    it('accepts each configured issuer (v1.0 and v2.0 tokens)', async () => {
      const v1 = await h.app({
        devSignIn: false,
        verifier: createEntraVerifier({ jwksUrl: h.jwksUrl, issuerTemplate: `${ISSUER_TEMPLATE}, https://sts.example.test/{tid}/`, audiences: [AUDIENCE], allowedTenants: [TENANT_A] }),
      });
      const res = await call<Me>(v1, 'GET', '/api/me', { token: await h.token({ iss: `https://sts.example.test/${TENANT_A}/` }) });
      assert.equal(res.status, 200);
      const other = await call<Me>(v1, 'GET', '/api/me', { token: await h.token({ iss: `https://sts.example.test/${TENANT_B}/` }) });
      assert.equal(other.status, 401, 'the issuer must name the token’s own tenant');
    });

    it('gives roles through a group the user is in', async () => {
      const res = await call<Me>(entraOnly, 'GET', '/api/me', { token: await h.token({ oid: 'new-starter-oid', groups: ['group-directors', 'group-unrelated'] }) });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.roles, ['director']);
      assert.equal(res.body.userId, 'new-starter-oid');
    });

    const rejected: [string, () => Promise<{ token?: string; header?: string }>, RegExp][] = [
      ['no token', async () => ({}), /Sign in first/],
      ['a malformed Authorization header', async () => ({ header: 'Basic dXNlcjpwYXNz' }), /must be "Bearer <token>"/],
      ['a token that is not a JWT', async () => ({ token: 'not.a.jwt' }), /not a valid sign-in token/],
      ['a forged token (unknown key)', async () => ({ token: await h.token({ forged: true }) }), /signature could not be verified/],
      ['an expired token', async () => ({ token: await h.token({ expired: true }) }), /expired/],
      ['a token for another application', async () => ({ token: await h.token({ aud: 'api://someone-else' }) }), /issued for another application/],
      ['a token from a tenant not on the allow-list', async () => ({ token: await h.token({ tid: TENANT_UNLISTED }) }), /tenant is not allowed/],
      ['a token whose issuer is not the tenant’s', async () => ({ token: await h.token({ iss: 'https://evil.example/v2.0' }) }), /not issued by your tenant/],
    ];
    for (const [what, credentials, detail] of rejected) {
      it(`answers 401 with ${what}`, async () => {
        const c = await credentials();
        const res = await call<Problem>(entraOnly, 'GET', '/api/me', c.header ? { headers: { Authorization: c.header } } : { token: c.token });
        assert.equal(res.status, 401);
        assert.match(res.body.detail, detail);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        const write = await call<Problem>(entraOnly, 'POST', '/api/cases', { ...(c.token ? { token: c.token } : {}), body: {} });
        assert.equal(write.status, 401);
      });
    }

    it('tells a valid user with no role in the tenant’s organisation so on /api/me, and answers 403 everywhere else', async () => {
      const token = await h.token({ oid: 'stranger' });
      const me = await call<Me & { noRole?: { message: string } }>(entraOnly, 'GET', '/api/me', { token });
      assert.equal(me.status, 200);
      assert.deepEqual(me.body.roles, []);
      assert.match(me.body.noRole?.message ?? '', /no role in/);
      const res = await call<Problem>(entraOnly, 'GET', '/api/cases', { token });
      assert.equal(res.status, 403);
      assert.match(res.body.detail, /no role in .* ask an administrator/);
    });

    it('keeps a tenant’s users in their own organisation', async () => {
      // demo-director is assigned in Glenmore (tenant A), not in Riverside (tenant B).
      // Riverside's tenant: a person with no role there (their Glenmore roles do not follow them).
      const token = await h.token({ oid: 'demo-director', tid: TENANT_B });
      const me = await call<Me>(entraOnly, 'GET', '/api/me', { token });
      assert.equal(me.body.org.id, 'riverside');
      assert.deepEqual(me.body.roles, []);
      const res = await call<Problem>(entraOnly, 'GET', '/api/cases', { token });
      assert.equal(res.status, 403);
      const riverside = await call<Me>(entraOnly, 'GET', '/api/me', { token: await h.token({ oid: 'rha-manager', tid: TENANT_B }) });
      assert.equal(riverside.body.org.id, 'riverside');
    });
  });

  describe('development sign-in', () => {
    it('signs in as a demo user by header or cookie and says so', async () => {
      const byHeader = await call<Me>(base, 'GET', '/api/me', { as: 'demo-cswo' });
      assert.equal(byHeader.status, 200);
      assert.equal(byHeader.body.devSignIn, true);
      assert.deepEqual(byHeader.body.roles, ['cswo']);
      const byCookie = await call<Me>(base, 'GET', '/api/me', { headers: { Cookie: 'other=1; chp-dev-user=demo-admin' } });
      assert.equal(byCookie.body.userId, 'demo-admin');
    });

    it('lists the demo users of every demo organisation', async () => {
      const res = await call<{ users: { userId: string; orgId: string; roles: string[] }[] }>(base, 'GET', '/api/dev/users');
      assert.equal(res.status, 200);
      const glenmoreRoles = res.body.users.filter((u) => u.orgId === 'glenmore').flatMap((u) => u.roles);
      for (const role of ['complaint-handler', 'investigator', 'head-of-service', 'director', 'chief-executive', 'complaints-manager', 'training-officer', 'cswo', 'management-committee', 'administrator']) {
        assert.ok(glenmoreRoles.includes(role), role);
      }
      assert.ok(res.body.users.some((u) => u.orgId === 'riverside'));
    });

    it('refuses an unknown demo user', async () => {
      const res = await call<Problem>(base, 'GET', '/api/me', { as: 'nobody' });
      assert.equal(res.status, 401);
      assert.match(res.body.detail, /not a demo user/);
    });

    it('is off unless switched on: the header is ignored and /api/dev/users does not exist', async () => {
      const res = await call<Problem>(entraOnly, 'GET', '/api/me', { as: 'demo-director' });
      assert.equal(res.status, 401);
      const users = await call(entraOnly, 'GET', '/api/dev/users');
      assert.equal(users.status, 401);
    });

    it('is refused at startup when NODE_ENV=production', () => {
      assert.throws(() => loadConfig({ NODE_ENV: 'production', CHP_DEV_SIGNIN: '1' }), /CHP_DEV_SIGNIN: development sign-in cannot be enabled when NODE_ENV=production/);
    });
  });

  describe('configuration', () => {
    it('requires Entra settings unless development sign-in is on, naming the variables', () => {
      assert.throws(() => loadConfig({}), (e: Error) => /ENTRA_CLIENT_ID/.test(e.message) && /ENTRA_ALLOWED_TENANTS/.test(e.message));
      const dev = loadConfig({ CHP_DEV_SIGNIN: '1' });
      assert.equal(dev.devSignIn, true);
      assert.equal(dev.entra, undefined);
      assert.equal(dev.cosmos, undefined);
      const prod = loadConfig({ NODE_ENV: 'production', ENTRA_CLIENT_ID: 'abc', ENTRA_ALLOWED_TENANTS: 't1, t2', COSMOS_ENDPOINT: 'https://x.documents.azure.com', COSMOS_KEY: 'k', PORT: '8080' });
      assert.deepEqual(prod.entra?.audiences, ['abc', 'api://abc']);
      assert.deepEqual(prod.entra?.allowedTenants, ['t1', 't2']);
      assert.equal(prod.port, 8080);
      assert.equal(prod.production, true);
      assert.throws(() => loadConfig({ CHP_DEV_SIGNIN: '1', COSMOS_ENDPOINT: 'https://x.documents.azure.com' }), /COSMOS_KEY/);
      assert.throws(() => loadConfig({ CHP_DEV_SIGNIN: '1', PORT: 'eighty' }), /PORT/);
    });

    it('accepts Teams/Outlook SSO tokens for api://<APP_HOST>/<client id> by default', async () => {
      const clientId = '0f0e0d0c-0000-4000-8000-00000000aad1';
      const env = { ENTRA_CLIENT_ID: clientId, APP_HOST: 'https://chp.example.test/', ENTRA_ALLOWED_TENANTS: TENANT_A, ENTRA_JWKS_URL: h.jwksUrl, ENTRA_ISSUER: ISSUER_TEMPLATE };
      const config = loadConfig(env);
      assert.deepEqual(config.entra?.audiences, [clientId, `api://${clientId}`, `api://chp.example.test/${clientId}`]);
      const sso = await h.app({ devSignIn: false, verifier: createEntraVerifier(config.entra!) });
      const ok = await call<Me>(sso, 'GET', '/api/me', { token: await h.token({ aud: `api://chp.example.test/${clientId}` }) });
      assert.equal(ok.status, 200);
      const elsewhere = await call<Problem>(sso, 'GET', '/api/me', { token: await h.token({ aud: `api://other.example.test/${clientId}` }) });
      assert.equal(elsewhere.status, 401);
      assert.match(elsewhere.body.detail, /issued for another application/);

      assert.deepEqual(loadConfig({ ...env, APP_HOST: '' }).entra?.audiences, [clientId, `api://${clientId}`], 'no host, no host audience');
      assert.deepEqual(loadConfig({ ...env, ENTRA_AUDIENCES: 'only-this' }).entra?.audiences, ['only-this'], 'an explicit list wins');
      assert.throws(() => loadConfig({ ...env, APP_HOST: 'chp.example.test/tab' }), /APP_HOST: give the host name only/);
    });
  });
});
