/**
 * POST /api/messages before the CloudAdapter: malformed traffic is answered with a problem
 * (application/problem+json, server/problem.ts) instead of reaching botbuilder, which answers an
 * activity of the wrong shape with a 500 or an empty 400.
 *
 * Order, so that unauthenticated traffic learns nothing beyond "bad request" or "unauthorised":
 * 1. the body must be JSON (the API's JSON parser, before this handler: 400);
 * 2. with Bot Framework authentication on, an `Authorization: Bearer …` header must be there (401);
 * 3. the body must be an activity: an object with a string `type`, `serviceUrl`, `from.id` and
 *    `conversation.id`, and the other common fields of the right type (400, one generic detail: which
 *    field is wrong is logged, not told, because the token has not been checked yet);
 * 4. the CloudAdapter checks the token itself (401) and runs the bot.
 */
import type { CloudAdapter } from 'botbuilder';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HttpProblem, unauthorized } from '../server/problem';
import type { BotAuth } from './config';
import type { BotLogger } from './runtime';
import type { ChpTeamsBot } from './teamsBot';

const account = z.looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

/** The fields every activity carries (Bot Framework Activity schema), with the types the bot relies on. */
export const ActivityShape = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  channelId: z.string().optional(),
  serviceUrl: z.string().min(1),
  timestamp: z.string().optional(),
  locale: z.string().optional(),
  from: account,
  recipient: account.optional(),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  channelData: z.looseObject({}).optional(),
  attachments: z.array(z.looseObject({})).optional(),
  entities: z.array(z.looseObject({})).optional(),
});

const badActivity = () =>
  new HttpProblem(
    400,
    'bad-activity',
    'Not a Bot Framework activity',
    'This endpoint takes Bot Framework activities from Microsoft Teams: a JSON object with a type, serviceUrl, from and conversation.',
  );

const hasBearer = (header: string | undefined): boolean => /^Bearer\s+\S+\s*$/i.test(header ?? '');

export function botEndpoint(adapter: CloudAdapter, bot: ChpTeamsBot, auth: BotAuth, logger: BotLogger): RequestHandler {
  return async (req, res, next) => {
    if (auth.mode === 'bot-framework' && !hasBearer(req.get('authorization'))) {
      return next(unauthorized('This endpoint takes calls from the Bot Framework only, with its bearer token.'));
    }
    const shape = ActivityShape.safeParse(req.body);
    if (!shape.success) {
      logger.info('malformed bot activity refused', {
        correlationId: res.locals.correlationId,
        issues: shape.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
      });
      return next(badActivity());
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      next(error);
    }
  };
}
