/** Small helpers shared by the route modules: validation into problems, permission checks. */
import type { Request } from 'express';
import type { z } from 'zod';
import { hasPermission, type Permission } from '../core/permissions';
import type { Actor } from '../core/types';
import { forbidden, fromZodError, HttpProblem } from './problem';

/** Validates one part of a request with its zod schema; a failure is a 400 listing the fields. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

/** The JSON body, or a 415 when the client did not send JSON at all. */
export function jsonBody(req: Request): unknown {
  if (req.body === undefined) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Send JSON', 'Send the body as JSON with the header Content-Type: application/json.');
  }
  return req.body;
}

const PERMISSION_WORDS: Partial<Record<Permission, string>> = {
  'case.create': 'log cases',
  'case.read': 'read cases',
  'settings.manage': 'manage the organisation’s settings',
  'report.read': 'read reports',
  'training.record': 'record staff training',
  'survey.record': 'record customer survey results',
};

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) {
    const what = PERMISSION_WORDS[permission] ?? `do this (${permission})`;
    const roles = actor.roles.length > 0 ? actor.roles.join(', ') : 'none';
    throw forbidden(`Your roles (${roles}) do not allow you to ${what}; ask your complaints administrator if you need to.`);
  }
}
