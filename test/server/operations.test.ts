/**
 * Liveness, readiness and the access log, over real HTTP into the express app: /healthz never touches
 * the store; /readyz checks the store and every plugged-in probe (blob storage…), names what failed
 * without leaking why, and does not turn a flood into a flood of store reads; each request writes one
 * access line without its query string.
 */
import assert from 'node:assert/strict';
import type { Logger } from '../../server/app';
import type { ReadinessProbe } from '../../server/operations';
import type { Store } from '../../store/index';
import { call, Harness } from './harness';

type Ready = { status: string; checks: Record<string, string>; detail?: string; correlationId?: string; type?: string };

class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'error'; message: string; fields: Record<string, unknown> }[] = [];
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'info', message, fields });
  }
  error(message: string, fields: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, fields });
  }
  requests(): Record<string, unknown>[] {
    return this.lines.filter((l) => l.message === 'request').map((l) => l.fields);
  }
}

describe('server: liveness, readiness and the access log', function () {
  this.timeout(60_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  /** The harness store, with its store reads failing (the database unreachable) or counted. */
  const storeWith = (get: Store['orgs']['get']): Store => ({ ...h.store, orgs: { ...h.store.orgs, get } });
  const unreachable = (): Store => storeWith(async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.4:443')));

  it('/healthz answers while the store is unreachable, and never reads it', async () => {
    let reads = 0;
    const counting = storeWith(async (id) => {
      reads += 1;
      return h.store.orgs.get(id);
    });
    for (const store of [counting, unreachable()]) {
      const res = await call(await h.app({ store }), 'GET', '/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok' });
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
    assert.equal(reads, 0, 'liveness must not depend on the store');
  });

  it('/readyz is ready when the store answers, and 503 naming the store (not the cause) when it does not', async () => {
    const ok = await call<Ready>(await h.app(), 'GET', '/readyz');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { status: 'ready', checks: { store: 'ok' } });

    const logger = new RecordingLogger();
    const sick = await call<Ready>(await h.app({ store: unreachable(), logger }), 'GET', '/readyz', { headers: { 'X-Request-Id': 'probe-0001-abcd' } });
    assert.equal(sick.status, 503);
    assert.equal(sick.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(sick.body.type, 'urn:chp:problem:not-ready');
    assert.deepEqual(sick.body.checks, { store: 'unreachable' });
    assert.match(sick.body.detail ?? '', /Cannot reach: store\. The server log has the cause under correlation id probe-0001-abcd/);
    assert.doesNotMatch(JSON.stringify(sick.body), /ECONNREFUSED|10\.0\.0\.4/);
    const logged = logger.lines.find((l) => l.message === 'readiness check failed');
    assert.deepEqual(logged?.fields, { correlationId: 'probe-0001-abcd', check: 'store', error: 'Error: connect ECONNREFUSED 10.0.0.4:443' });
  });

  it('plugged-in probes count too: a failing or hanging one makes the instance not ready', async () => {
    const fine: ReadinessProbe = { name: 'blobs', check: async () => undefined };
    const ready = await call<Ready>(await h.app({ readinessProbes: [fine] }), 'GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.checks, { store: 'ok', blobs: 'ok' });

    const failing: ReadinessProbe = { name: 'blobs', check: async () => Promise.reject(new Error('AuthorizationFailure')) };
    const down = await call<Ready>(await h.app({ readinessProbes: [failing] }), 'GET', '/readyz');
    assert.equal(down.status, 503);
    assert.deepEqual(down.body.checks, { store: 'ok', blobs: 'unreachable' });
    assert.match(down.body.detail ?? '', /Cannot reach: blobs\./);
    assert.doesNotMatch(JSON.stringify(down.body), /AuthorizationFailure/);

    const hanging: ReadinessProbe = { name: 'blobs', check: () => new Promise<void>(() => undefined) };
    const stuck = await call<Ready>(await h.app({ readinessProbes: [hanging] }), 'GET', '/readyz');
    assert.equal(stuck.status, 503, 'a dependency that never answers is not ready');
    assert.deepEqual(stuck.body.checks, { store: 'ok', blobs: 'unreachable' });
  });

  it('a burst of /readyz runs the probes once, not once per request', async () => {
    let checks = 0;
    const counted: ReadinessProbe = {
      name: 'blobs',
      check: async () => {
        checks += 1;
        await new Promise((r) => setTimeout(r, 50));
      },
    };
    const base = await h.app({ readinessProbes: [counted] });
    const answers = await Promise.all(Array.from({ length: 25 }, () => call<Ready>(base, 'GET', '/readyz')));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(checks, 1);
  });

  it('logs one line per request: method, path without the query, status, duration and request id', async () => {
    const logger = new RecordingLogger();
    const base = await h.app({ logger });
    await call(base, 'GET', '/api/cases?text=Jane%20Macdonald&owner=me', { as: 'demo-director', headers: { 'X-Request-Id': 'req-access-0001' } });
    await call(base, 'GET', '/api/cases/NOPE-1?customer=jane@example.org', { as: 'demo-director', headers: { 'X-Request-Id': 'req-access-0002' } });
    await call(base, 'POST', '/api/cases', { rawBody: '{', headers: { 'X-Request-Id': 'req-access-0003' } });
    await call(base, 'GET', '/healthz');
    await call(base, 'GET', '/readyz');
    const lines = logger.requests();
    assert.deepEqual(
      lines.map(({ method, path, status, correlationId }) => ({ method, path, status, correlationId })),
      [
        { method: 'GET', path: '/api/cases', status: 200, correlationId: 'req-access-0001' },
        { method: 'GET', path: '/api/cases/NOPE-1', status: 400, correlationId: 'req-access-0002' },
        { method: 'POST', path: '/api/cases', status: 400, correlationId: 'req-access-0003' },
      ],
      'one line per request; successful platform probes are not logged',
    );
    for (const line of lines) assert.ok(typeof line.durationMs === 'number' && line.durationMs >= 0, JSON.stringify(line));
    assert.doesNotMatch(JSON.stringify(logger.lines), /Jane|Macdonald|example\.org/, 'the query string (personal data) is never logged');
  });

  it('logs a failing readiness probe request, so a dropped instance shows in the log', async () => {
    const logger = new RecordingLogger();
    await call(await h.app({ store: unreachable(), logger }), 'GET', '/readyz');
    assert.deepEqual(
      logger.requests().map(({ path, status }) => ({ path, status })),
      [{ path: '/readyz', status: 503 }],
    );
  });
});
