/** POST /api/jobs/reminders: runs the reminder sweep now (signed in, permission jobs.run). */
import { Router } from 'express';
import { z } from 'zod';
import { londonDate } from '../core/calendar';
import { signedIn } from '../server/auth/middleware';
import { parse, requirePermission } from '../server/http';
import type { ApiModule } from '../server/routes/context';
import { runReminderSweep, type ReminderDeps } from './reminders';

const SweepBody = z
  .object({
    /** Run as of another day (catching up after an outage); defaults to today in Europe/London. */
    today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'today must be a date, YYYY-MM-DD').optional(),
  })
  .strict();

export function jobsModule(deps: ReminderDeps): ApiModule {
  return {
    path: '/jobs',
    router: () => {
      const router = Router();
      router.post('/reminders', async (req, res) => {
        const { actor } = signedIn(res);
        requirePermission(actor, 'jobs.run');
        const body = parse(SweepBody, req.body ?? {}, 'body');
        const report = await runReminderSweep(deps, body.today ?? londonDate(deps.rt.now()));
        res.json(report);
      });
      return router;
    },
  };
}
