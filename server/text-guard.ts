/**
 * The API's one place for the text rule (core/text.ts): every string in every JSON body and query
 * string — values and keys, at any depth — is checked before a route sees it, so no route can forget
 * it; the body's strings are stored NFC. A refusal is the same 400 a schema gives, naming the field.
 * The schemas (server/schemas/common.ts `text`, `line`) apply the same rule again and add the
 * single-line rule for names, services and ids.
 */
import type { RequestHandler } from 'express';
import { checkTextTree, type TextTreeProblem } from '../core/text';
import { HttpProblem, type FieldProblem } from './problem';

function fieldName(where: 'body' | 'query', path: readonly (string | number)[]): string {
  const joined = path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  if (where === 'body') return joined || '(body)';
  return joined ? `${where}.${joined}` : where;
}

function refusal(problems: TextTreeProblem[], where: 'body' | 'query'): HttpProblem {
  const errors: FieldProblem[] = problems.map((p) => ({ field: fieldName(where, p.path), message: p.message }));
  const list = errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`).join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  const what = where === 'body' ? 'request body' : 'query string';
  return new HttpProblem(400, 'validation', 'The request is not valid', `Correct the ${what} and send it again — ${list}${more}.`, { errors });
}

export const textGuard: RequestHandler = (req, _res, next) => {
  const query = checkTextTree(req.query);
  if (query.problems.length) return next(refusal(query.problems, 'query'));
  if (req.body === undefined) return next();
  const body = checkTextTree(req.body);
  if (body.problems.length) return next(refusal(body.problems, 'body'));
  req.body = body.value;
  next();
};
