/**
 * POST /api/jobs/retention: the retention sweep of the signed-in person's organisation, for a
 * scheduler (or an administrator) to run once the organisation's retention policy is agreed.
 * `dryRun: true` lists what is due and destroys nothing. Permission jobs.run.
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { casesDueForDisposal, disposeDueCases } from '../../store/retention';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { IsoDateSchema } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const RetentionSweepSchema = z
  .strictObject({
    dryRun: z.boolean().default(false).meta({ description: 'List the cases that are due; destroy nothing.' }),
    today: IsoDateSchema.optional().meta({ description: 'The day to judge by; defaults to today in Europe/London.' }),
  })
  .meta({ id: 'RetentionSweep' });

function retentionRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'jobs.run');
    const { dryRun, today = londonDate(ctx.clock()) } = parse(RetentionSweepSchema, req.body ?? {}, 'body');
    const orgId = org.settings.orgId;
    const cases = dryRun ? await casesDueForDisposal(ctx.store, orgId, today) : await disposeDueCases(ctx.store, orgId, today);
    res.json({ today, dryRun, cases });
  });
  return router;
}

export const retentionModule: ApiModule = { path: '/jobs/retention', router: retentionRouter };

registry.registerPath({
  method: 'post',
  path: '/api/jobs/retention',
  summary: 'Retention sweep: dispose of (or, dry run, list) the organisation’s cases past their disposal date, except those on legal hold; their figures stay in the reports',
  request: { body: { content: { 'application/json': { schema: RetentionSweepSchema } } } },
  responses: { 200: { description: '{ today, dryRun, cases: [{ reference, disposalOn, status }] }' }, ...commonErrors },
});
