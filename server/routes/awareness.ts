/**
 * Staff training records and customer survey results (F16; SPSO indicators 3 and 2): list, add,
 * delete one entered by mistake, and preview the sentences the reports will print. The rules are
 * core/awareness's; this module validates and checks permissions.
 */
import { Router } from 'express';
import { z } from 'zod';
import { surveyProblems, TRAINING_KINDS, trainingProblems, type FieldProblem } from '../../core/awareness';
import { londonDate } from '../../core/calendar';
import { canReadAwareness } from '../../core/permissions';
import { parseQuarter, parseYear, reportingYear, reportingYearOf } from '../../core/reports/periods';
import { awarenessNarrative } from '../../reports/service';
import { signedIn } from '../auth/middleware';
import { jsonBody, parse, requirePermission } from '../http';
import { forbidden, HttpProblem, notFound } from '../problem';
import { IsoDateSchema, line, text } from '../schemas/common';
import { commonErrors, registry } from '../schemas/openapi';
import type { ApiModule, RouteContext } from './context';

const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const count = z.number().int('must be a whole number');

export const NewTrainingSchema = z
  .strictObject({
    kind: z.enum(TRAINING_KINDS),
    title: line(300),
    deliveredOn: IsoDateSchema,
    audience: line(300),
    attendees: count.min(0, 'must be 0 or more').max(100_000),
  })
  .meta({ id: 'NewTrainingRecord' });

export const NewSurveySchema = z
  .strictObject({
    fromMonth: MonthSchema,
    toMonth: MonthSchema,
    responses: count.min(1, 'must be 1 or more').max(10_000_000),
    satisfied: count.min(0, 'must be 0 or more').max(10_000_000),
    method: line(300),
    summary: text(2000).optional(),
  })
  .meta({ id: 'NewSurveyResult' });

const IdParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
const StatementsQuerySchema = z.strictObject({ period: z.string().max(20).optional().meta({ description: 'A reporting year (2025/26) or quarter (2025/26-Q3); default the reporting year so far.' }) });

/** A record that parses but does not add up: a 400 naming the fields, like a schema failure. */
function invalid(problems: FieldProblem[]): HttpProblem {
  const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new HttpProblem(400, 'validation', 'The request is not valid', `Correct the request body and send it again — ${list}.`, { errors: problems });
}

function awarenessRouter(ctx: RouteContext): Router {
  const router = Router();
  const today = (): string => londonDate(ctx.clock());
  const mayRead = (actor: Parameters<typeof canReadAwareness>[0]): void => {
    if (!canReadAwareness(actor)) throw forbidden('Your roles do not include training records, surveys or reports; ask your complaints manager.');
  };

  router.get('/training', async (_req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    res.json({ items: await ctx.store.awareness.listTraining(org.settings.orgId) });
  });

  router.post('/training', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'training.record');
    const input = parse(NewTrainingSchema, jsonBody(req), 'body');
    const problems = trainingProblems(input, today());
    if (problems.length > 0) throw invalid(problems);
    const record = { ...input, id: ctx.newId(), orgId: org.settings.orgId, recordedBy: actor.userId, recordedAt: ctx.clock().toISOString() };
    await ctx.store.awareness.addTraining(record);
    res.status(201).json(record);
  });

  router.delete('/training/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'training.record');
    const { id } = parse(IdParamsSchema, req.params, 'path');
    if (!(await ctx.store.awareness.removeTraining(org.settings.orgId, id))) throw notFound(`There is no training record ${id} in your organisation.`);
    res.status(204).end();
  });

  router.get('/surveys', async (_req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    res.json({ items: await ctx.store.awareness.listSurveys(org.settings.orgId) });
  });

  router.post('/surveys', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'survey.record');
    const input = parse(NewSurveySchema, jsonBody(req), 'body');
    const problems = surveyProblems(input, today());
    if (problems.length > 0) throw invalid(problems);
    const result = { ...input, id: ctx.newId(), orgId: org.settings.orgId, recordedBy: actor.userId, recordedAt: ctx.clock().toISOString() };
    await ctx.store.awareness.addSurvey(result);
    res.status(201).json(result);
  });

  router.delete('/surveys/:id', async (req, res) => {
    const { actor, org } = signedIn(res);
    requirePermission(actor, 'survey.record');
    const { id } = parse(IdParamsSchema, req.params, 'path');
    if (!(await ctx.store.awareness.removeSurvey(org.settings.orgId, id))) throw notFound(`There is no survey result ${id} in your organisation.`);
    res.status(204).end();
  });

  /** The sentences the reports will print for indicators 2 and 3 in a period. */
  router.get('/statements', async (req, res) => {
    const { actor, org } = signedIn(res);
    mayRead(actor);
    const { period: asked } = parse(StatementsQuerySchema, req.query, 'query');
    const start = org.settings.reportingYearStartMonth;
    let period;
    try {
      period = asked === undefined ? reportingYear(reportingYearOf(today().slice(0, 7), start), start) : asked.includes('-Q') ? parseQuarter(asked, start) : parseYear(asked, start);
    } catch (error) {
      throw new HttpProblem(400, 'bad-period', 'Unknown period', `${(error as Error).message} Write a reporting year such as 2025/26 or a quarter such as 2025/26-Q3.`, { errors: [{ field: 'query.period', message: (error as Error).message }] });
    }
    const narrative = await awarenessNarrative(ctx.store, org.settings.orgId, period);
    res.json({ period: { id: period.id, label: period.label }, kpi2: narrative.kpi2ProcessExperience ?? null, kpi3: narrative.kpi3StaffAwarenessAndTraining ?? null });
  });

  return router;
}

export const awarenessModule: ApiModule = { path: '/awareness', router: awarenessRouter };

registry.registerPath({ method: 'get', path: '/api/awareness/training', summary: 'Staff training and awareness records (indicator 3), newest first', responses: { 200: { description: '{ items }' }, ...commonErrors } });
registry.registerPath({
  method: 'post',
  path: '/api/awareness/training',
  summary: 'Record training or awareness activity on the complaints handling procedure',
  request: { body: { content: { 'application/json': { schema: NewTrainingSchema } } } },
  responses: { 201: { description: 'The record.' }, ...commonErrors },
});
registry.registerPath({ method: 'delete', path: '/api/awareness/training/{id}', summary: 'Delete a training record entered by mistake', request: { params: IdParamsSchema }, responses: { 204: { description: 'Deleted.' }, ...commonErrors } });
registry.registerPath({ method: 'get', path: '/api/awareness/surveys', summary: 'Customer satisfaction survey results (indicator 2), newest first', responses: { 200: { description: '{ items }' }, ...commonErrors } });
registry.registerPath({
  method: 'post',
  path: '/api/awareness/surveys',
  summary: 'Record the results of a survey of complainants about the complaints process',
  request: { body: { content: { 'application/json': { schema: NewSurveySchema } } } },
  responses: { 201: { description: 'The result.' }, ...commonErrors },
});
registry.registerPath({ method: 'delete', path: '/api/awareness/surveys/{id}', summary: 'Delete a survey result entered by mistake', request: { params: IdParamsSchema }, responses: { 204: { description: 'Deleted.' }, ...commonErrors } });
registry.registerPath({
  method: 'get',
  path: '/api/awareness/statements',
  summary: 'The sentences the reports print for indicators 2 and 3 in a period',
  request: { query: StatementsQuerySchema },
  responses: { 200: { description: '{ period: { id, label }, kpi2, kpi3 }' }, ...commonErrors },
});
