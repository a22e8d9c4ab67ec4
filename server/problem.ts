/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every error response of the API
 * goes through here, so a client sees one shape with a `detail` a person can act on; a 5xx never
 * carries internals — those are logged server side under the correlation id the client is given.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import type { RuleViolation, RuleViolationCode } from '../core/errors';

export interface FieldProblem {
  /** Dotted path of the field in the request (`customer.email`, `query.limit`). */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  /** Present on validation problems: each field that failed and why. */
  errors?: FieldProblem[];
  /** Present on rule violations: the core's code (`forbidden`, `not-allowed-now`, `invalid-input`). */
  code?: string;
}

const TYPE_BASE = 'urn:chp:problem:';

/** An error that becomes a problem response; thrown or passed to `next` by handlers. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Partial<Pick<ProblemDetails, 'errors' | 'code'>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const unauthorized = (detail: string): HttpProblem => new HttpProblem(401, 'unauthorized', 'Sign-in required', detail);
export const forbidden = (detail: string): HttpProblem => new HttpProblem(403, 'forbidden', 'Not allowed', detail);
export const notFound = (detail: string): HttpProblem => new HttpProblem(404, 'not-found', 'Not found', detail);

const RULE_STATUS: Record<RuleViolationCode, { status: number; title: string }> = {
  forbidden: { status: 403, title: 'Not allowed' },
  'not-allowed-now': { status: 409, title: 'Not possible in the case’s current state' },
  'invalid-input': { status: 422, title: 'The request breaks a rule of the procedure' },
};

/** A core RuleViolation as a problem: forbidden → 403, not-allowed-now → 409, invalid-input → 422. */
export function fromRuleViolation(violation: RuleViolation): HttpProblem {
  const mapped = RULE_STATUS[violation.code] ?? RULE_STATUS['invalid-input'];
  return new HttpProblem(mapped.status, `rule-${violation.code}`, mapped.title, violation.message, { code: violation.code });
}

function describePath(where: string, path: readonly PropertyKey[]): string {
  const parts = path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  const joined = parts.reduce((acc, part) => (part.startsWith('[') || acc === '' ? acc + part : `${acc}.${part}`), '');
  if (where === 'body') return joined || '(body)';
  return joined ? `${where}.${joined}` : where;
}

/** A zod failure as a 400 that lists every field and what is wrong with it. */
export function fromZodError(error: ZodError, where: 'body' | 'query' | 'path'): HttpProblem {
  const errors = error.issues.slice(0, 50).map((issue) => ({ field: describePath(where, issue.path), message: issue.message }));
  const list = errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`).join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  const what = where === 'body' ? 'request body' : where === 'query' ? 'query string' : 'address';
  return new HttpProblem(
    400,
    'validation',
    'The request is not valid',
    `Correct the ${what} and send it again — ${list}${more}.`,
    { errors },
  );
}

export function sendProblem(res: Response, problem: ProblemDetails): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** Any unmatched /api route. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`There is no ${req.method} ${req.originalUrl.split("?")[0]} in this API; see /api/openapi.json for the routes.`));
};

export interface ProblemLogger {
  error(message: string, fields: Record<string, unknown>): void;
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

function fromBodyParser(err: BodyParserError): HttpProblem | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed-json', 'The body is not valid JSON', 'Send the body as a JSON document (Content-Type: application/json); it could not be parsed.');
    case 'entity.too.large':
      return new HttpProblem(413, 'too-large', 'The body is too large', 'Send a smaller body: the limit is 100 kB.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported-encoding', 'Unsupported encoding', 'Send the body as UTF-8 JSON.');
    default:
      if (typeof err.status === 'number' && err.status >= 400 && err.status < 500 && err.expose) {
        return new HttpProblem(err.status, 'bad-request', 'Bad request', 'The request could not be read; check its headers and body.');
      }
      return undefined;
  }
}

/** The last middleware: turns whatever was thrown into a problem response. */
export function problemHandler(logger: ProblemLogger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const correlationId = String(res.locals.correlationId ?? '');
    const problem =
      err instanceof HttpProblem ? err : typeof err === 'object' && err !== null ? fromBodyParser(err as BodyParserError) : undefined;
    if (problem) {
      sendProblem(res, {
        type: TYPE_BASE + problem.slug,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: req.originalUrl,
        correlationId,
        ...problem.extra,
      });
      return;
    }
    logger.error('unhandled error', {
      correlationId,
      method: req.method,
      url: req.originalUrl,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    sendProblem(res, {
      type: TYPE_BASE + 'internal',
      title: 'Something went wrong on our side',
      status: 500,
      detail: `The request could not be completed. Try again; if it keeps failing, give this reference to your administrator: ${correlationId}.`,
      instance: req.originalUrl,
      correlationId,
    });
  };
}
