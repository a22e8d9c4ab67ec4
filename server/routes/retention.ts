/**
 * POST /api/jobs/retention: the retention sweep of the signed-in person's organisation, for a
 * scheduler (or an administrator) to run once the organisation's retention policy is agreed.
 * `dryRun: true` lists what is due (and how many) and destroys nothing; a real sweep judges by
 * today at the latest and must carry `confirmCount`, the number due now (core/retention checkSweep).
 * Permission jobs.run.
 */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../../core/calendar';
import { casesAre, checkSweep, type SweepRefusal } from '../../core/retention';
import { casesDueForDisposal, disposeCases } from '../../store/retention';
import { signedIn } from '../auth/middleware';
import { parse, requirePermission } from '../http';
import { HttpProblem } from '../problem';
import { IsoDateSchema } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const RetentionSweepSchema = z
  .strictObject({
    dryRun: z.boolean().default(false).meta({ description: 'List the cases that are due, with their count; destroy nothing.' }),
    today: IsoDateSchema.optional().meta({ description: 'The day to judge by; defaults to today in Europe/London. A later day only with dryRun.' }),
    confirmCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Required for a real sweep: the number of cases it will destroy (the count of a dry run), which must equal the number due now.' }),
  })
  .meta({ id: 'RetentionSweep' });

function refusal(refused: SweepRefusal): HttpProblem {
  switch (refused.reason) {
    case 'today-in-future':
      return new HttpProblem(422, 'sweep-today-in-future', 'Not a real sweep in the future', `A sweep that destroys records judges by today (${refused.realToday}) at the latest, not ${refused.today}; to see what will be due then, send "dryRun": true.`);
    case 'not-confirmed':
      return new HttpProblem(422, 'sweep-not-confirmed', 'Confirm the number of cases', `${casesAre(refused.due)} due for disposal and would be destroyed for good; to go ahead, send "confirmCount": ${refused.due} (a dry run lists them).`);
    case 'count-changed':
      return new HttpProblem(409, 'sweep-count-changed', 'The number of cases due has changed', `${casesAre(refused.due)} due for disposal now, not ${refused.confirmed}; check the list with a dry run, then send "confirmCount": ${refused.due}.`);
  }
}

function retentionRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'jobs.run');
    const realToday = londonDate(ctx.clock());
    const { dryRun, today = realToday, confirmCount } = parse(RetentionSweepSchema, req.body ?? {}, 'body');
    const orgId = org.settings.orgId;
    const due = await casesDueForDisposal(ctx.store, orgId, today);
    const refused = checkSweep({ dryRun, today, realToday, due: due.length, confirmCount });
    if (refused) throw refusal(refused);
    const cases = dryRun ? due : await disposeCases(ctx.store, orgId, today, due, { documents: ctx.documents });
    res.json({ today, dryRun, count: cases.length, cases });
  });
  return router;
}

export const retentionModule: ApiModule = { path: '/jobs/retention', router: retentionRouter };

registry.registerPath({
  method: 'post',
  path: '/api/jobs/retention',
  summary: 'Retention sweep: dispose of (or, dry run, list) the organisation’s cases past their disposal date, except those on legal hold; their figures stay in the reports',
  description: 'Run a dry run first: its `count` is the `confirmCount` the real sweep must carry (409 if the number due has changed since, 422 without it). A real sweep judges by today at the latest.',
  request: { body: { content: { 'application/json': { schema: RetentionSweepSchema } } } },
  responses: { 200: { description: '{ today, dryRun, count, cases: [{ reference, disposalOn, status }] }' }, ...commonErrors },
});
