/**
 * GET /api/cases/{ref}/access-log: who opened a social-work case or one under legal hold, and when,
 * newest first. Permission privacy.access-log.read (the complaints manager, the Chief Social Work
 * Officer) and the case in the reader's scope. Read only: the log is appended to where cases are
 * opened (routes/cases.ts, the bot) and has no route that changes it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { accessIsLogged } from '../../core/access-log';
import { canSeeCase } from '../../core/permissions';
import { statusOf } from '../../store/errors';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { HttpProblem, notFound } from '../problem';
import { RefParamsSchema } from '../schemas/cases';
import { caseErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const AccessLogQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be at most 200').default(50),
  continuation: z.string().max(4000).optional(),
});

function accessLogRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get('/:ref/access-log', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'privacy.access-log.read');
    requirePermission(actor, 'case.read');
    const { ref } = parse(RefParamsSchema, req.params, 'path');
    const { limit, continuation } = parse(AccessLogQuerySchema, req.query, 'query');
    const found = await ctx.store.cases.get(org.settings.orgId, ref);
    if (!found || !canSeeCase(actor, found)) throw notFound(`There is no case ${ref} in your organisation that you can see; check the reference.`);
    let page;
    try {
      page = await ctx.store.audit.listAccess(org.settings.orgId, ref, limit, continuation);
    } catch (error) {
      if (continuation && statusOf(error) === 400) throw new HttpProblem(400, 'bad-continuation', 'Unknown continuation', 'The continuation token is not valid; start again from the first page.');
      throw error;
    }
    res.json({ reference: ref, logged: accessIsLogged(found), items: page.items, ...(page.continuation ? { continuation: page.continuation } : {}) });
  });
  return router;
}

/** Mounted beside the cases router: it answers only /cases/{ref}/access-log. */
export const accessLogModule: ApiModule = { path: '/cases', router: accessLogRouter };

registry.registerPath({
  method: 'get',
  path: '/api/cases/{ref}/access-log',
  summary: 'Who opened this social-work or legal-hold case, and when (newest first)',
  description: '`logged` says whether openings of the case are recorded now (social work, or under legal hold).',
  request: { params: RefParamsSchema, query: AccessLogQuerySchema },
  responses: { 200: { description: '{ reference, logged, items: [{ at, userId, displayName, via }], continuation? }' }, ...caseErrors },
});
