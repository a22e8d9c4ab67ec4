/**
 * What the platform asks of the process. `/healthz` is liveness: the process answers, nothing else is
 * touched, so a slow database never gets a healthy instance restarted. `/readyz` is readiness: every
 * dependency a request needs answers (the case store, and whatever other parts plug in, such as blob
 * storage), so the load balancer sends traffic only to instances that can serve it. The access log
 * writes one JSON line per request, without the query string (it can hold personal data).
 */
import { performance } from 'node:perf_hooks';
import { Router, type RequestHandler } from 'express';
import type { Store } from '../store/index';
import { sendProblem, type ProblemDetails } from './problem';
import type { Logger } from './app';

/** A dependency `/readyz` checks: `check` resolves when it answers, rejects (or times out) when not. */
export interface ReadinessProbe {
  /** Shown in the `/readyz` answer: `store`, `blobs`… */
  name: string;
  check(): Promise<void>;
}

/** A probe slower than this counts as failing: the platform's own health check gives up soon after. */
export const PROBE_TIMEOUT_MS = 5_000;
/** Answers within this long share one run of the probes, so a flood of /readyz is not a flood of store reads. */
const READINESS_REUSE_MS = 1_000;

export function storeProbe(store: Store): ReadinessProbe {
  // A point read of an id no organisation has: the cheapest round trip that proves the store answers.
  return { name: 'store', check: async () => void (await store.orgs.get('readyz-probe')) };
}

type Outcome = { name: string; ok: true } | { name: string; ok: false; error: string };

async function runProbe(probe: ReadinessProbe): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe.check(), timeout]);
    return { name: probe.name, ok: true };
  } catch (error) {
    return { name: probe.name, ok: false, error: String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRouter(probes: readonly ReadinessProbe[], logger: Logger): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  let last: { at: number; outcomes: Promise<Outcome[]> } | undefined;
  const check = (): Promise<Outcome[]> => {
    if (!last || performance.now() - last.at > READINESS_REUSE_MS) last = { at: performance.now(), outcomes: Promise.all(probes.map(runProbe)) };
    return last.outcomes;
  };
  router.get('/readyz', async (_req, res) => {
    const outcomes = await check();
    const checks = Object.fromEntries(outcomes.map((o) => [o.name, o.ok ? 'ok' : 'unreachable']));
    res.setHeader('Cache-Control', 'no-store');
    const failed = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    if (failed.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    const correlationId = String(res.locals.correlationId ?? '');
    for (const o of failed) logger.error('readiness check failed', { correlationId, check: o.name, error: o.error });
    // The causes stay in the server log; the answer names only what failed.
    const problem: ProblemDetails & { checks: Record<string, string> } = {
      type: 'urn:chp:problem:not-ready',
      title: 'Not ready',
      status: 503,
      detail: `Cannot reach: ${failed.map((o) => o.name).join(', ')}. The server log has the cause under correlation id ${correlationId}.`,
      correlationId,
      checks,
    };
    sendProblem(res, problem);
  });
  return router;
}

/** Successful platform probes are left out of the access log: they come every minute from every instance. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** One line per finished (or abandoned) request: method, path without query, status, duration, request id. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = req.originalUrl.split('?')[0];
    let written = false;
    const write = (): void => {
      if (written) return;
      written = true;
      if (PROBE_PATHS.has(path) && res.statusCode < 400) return;
      logger.info('request', {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        correlationId: res.locals.correlationId,
        // The client went away before the answer was complete.
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}
