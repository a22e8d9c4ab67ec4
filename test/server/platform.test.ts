import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import type { Store } from '../../store/index';
import { call, Harness } from './harness';

type Problem = { type: string; status: number; detail: string; correlationId: string };

describe('server: platform', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  it('is live (/healthz) and ready (/readyz) when the store answers; not ready, yet live, when it does not', async () => {
    const ok = await call(base, 'GET', '/healthz');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { status: 'ok' });
    assert.equal((await call(base, 'GET', '/readyz')).status, 200);
    const broken: Store = { ...h.store, orgs: { ...h.store.orgs, get: async () => Promise.reject(new Error('connect ECONNREFUSED')) } };
    const brokenBase = await h.app({ store: broken });
    const sick = await call<Problem>(brokenBase, 'GET', '/readyz');
    assert.equal(sick.status, 503);
    assert.doesNotMatch(JSON.stringify(sick.body), /ECONNREFUSED/);
    assert.equal((await call(brokenBase, 'GET', '/healthz')).status, 200, 'liveness does not depend on the store');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await call<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>(base, 'GET', '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const routes = Object.entries(res.body.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const route of [
      'POST /api/cases',
      'GET /api/cases',
      'GET /api/cases/by-source',
      'GET /api/cases/{ref}',
      'GET /api/cases/{ref}/available-actions',
      'POST /api/cases/{ref}/actions',
      'GET /api/org/services',
      'PUT /api/org/services',
      'PUT /api/org/local-holidays',
      'PUT /api/org/population',
      'PUT /api/org/role-assignments',
      'GET /api/me',
      'GET /api/dev/users',
    ]) {
      assert.ok(routes.includes(route), route);
    }
    for (const schema of ['Case', 'CaseAction', 'NewCase', 'Problem', 'Customer', 'RoleAssignment']) assert.ok(res.body.components.schemas[schema], schema);
    const action = JSON.stringify(res.body.components.schemas.CaseAction);
    assert.match(action, /"request-signoff"/);
  });

  it('answers unknown routes with a problem, after sign-in', async () => {
    const res = await call<Problem>(base, 'GET', '/api/nowhere', { as: 'demo-director' });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.match(res.body.detail, /There is no GET \/api\/nowhere/);
  });

  it('never leaks internals in a 500: logs them with the correlation id instead', async () => {
    const secret = 'AccountKey=do-not-show-this';
    const failing: Store = { ...h.store, cases: { ...h.store.cases, get: async () => Promise.reject(new Error(`query failed ${secret}`)) } };
    const res = await call<Problem>(await h.app({ store: failing }), 'GET', '/api/cases/CHP-2026-000001', { as: 'demo-director', headers: { 'X-Request-Id': 'trace-abc-12345' } });
    assert.equal(res.status, 500);
    assert.doesNotMatch(JSON.stringify(res.body), /AccountKey|query failed|at /);
    assert.equal(res.body.correlationId, 'trace-abc-12345');
    assert.match(res.body.detail, /trace-abc-12345/);
    const logged = h.logger.errors.find((e) => e.fields.correlationId === 'trace-abc-12345');
    assert.match(String(logged?.fields.error), /AccountKey=do-not-show-this/);
  });

  it('sets security headers on the API', async () => {
    const res = await call(base, 'GET', '/api/me', { as: 'demo-director' });
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('serves the built tab and add-in, framable by Teams and Outlook, and says when they are not built', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-static-'));
    fs.mkdirSync(path.join(root, 'tab/dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tab/dist/index.html'), '<!doctype html><title>Caseload</title>');
    const app = await h.app({ projectRoot: root });
    const tab = await fetch(`${app}/tab/`);
    assert.equal(tab.status, 200);
    assert.match(await tab.text(), /Caseload/);
    assert.match(tab.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    const addin = await fetch(`${app}/addin/taskpane.html`);
    assert.equal(addin.status, 404);
    assert.match(await addin.text(), /add-in has not been built yet/);
    // The printed address /addin/ is the task pane; a page that is not there is named, not called "not built".
    fs.mkdirSync(path.join(root, 'addin/dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'addin/dist/taskpane.html'), '<!doctype html><title>Log a complaint</title>');
    const pane = await fetch(`${app}/addin/`);
    assert.equal(pane.status, 200);
    assert.match(await pane.text(), /Log a complaint/);
    const missing = await fetch(`${app}/addin/nope.js`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /No such page in the add-in: \/addin\/nope\.js/);
    const home = await fetch(`${app}/`, { redirect: 'manual' });
    assert.equal(home.status, 302);
    assert.equal(home.headers.get('location'), '/tab/');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('hands POST /api/messages to the bot handler without user sign-in, or says the bot is off', async () => {
    const seen: unknown[] = [];
    const withBot = await h.app({ botHandler: (req, res) => { seen.push(req.body); res.status(202).end(); } });
    const res = await fetch(`${withBot}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hi' }) });
    assert.equal(res.status, 202);
    assert.deepEqual(seen, [{ type: 'message', text: 'hi' }]);
    const withoutBot = await call<Problem>(base, 'POST', '/api/messages', { body: { type: 'message' } });
    assert.equal(withoutBot.status, 503);
  });

  it('mounts an extra router given to createApp, behind sign-in', async () => {
    const app = await h.app({
      modules: [{ path: '/plugin-test', router: () => Router().get('/ping', (_req, res) => { res.json({ who: res.locals.auth.actor.userId }); }) }],
    });
    const res = await call<{ who: string }>(app, 'GET', '/api/plugin-test/ping', { as: 'demo-committee' });
    assert.deepEqual(res.body, { who: 'demo-committee' });
    assert.equal((await call(app, 'GET', '/api/plugin-test/ping')).status, 401);
  });
});
