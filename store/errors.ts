/** Errors the store throws; adapters map them to 409 / 404 answers. */

/** An optimistic-concurrency update kept losing the ETag race; the caller may retry later. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** The record does not exist (in this organisation). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The SDK reports HTTP status as `code` on its ErrorResponse. */
export function statusOf(err: unknown): number | undefined {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown; statusCode?: unknown }).code ?? (err as { statusCode?: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

export const isNotFound = (err: unknown): boolean => statusOf(err) === 404;
export const isConflict = (err: unknown): boolean => statusOf(err) === 409;
export const isPreconditionFailed = (err: unknown): boolean => statusOf(err) === 412;
