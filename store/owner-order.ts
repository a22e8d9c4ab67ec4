/**
 * The caseload sorted by owner means by the owner's name, as people read it — not by user id. The
 * store holds only the owner's id on a case (names change, and live in the organisation's staff
 * list), and Cosmos DB orders only by stored properties, so a page sorted by owner is read owner by
 * owner, in the order of their names: first the unassigned cases, then each named owner's cases
 * (soonest due first), then cases of owners no longer on the staff list (by id). The continuation
 * names the owner reached and the store's own continuation within that owner's cases, so paging
 * never repeats or skips a case.
 */
/** A part of the owner-sorted list: the unassigned cases, one owner's cases, or those of owners not named. */
export type OwnerSegment = { unowned: true } | { owner: string } | { ownerNotIn: string[] };

/** The segments in reading order, for owner ids already sorted by their names. */
export function ownerSegments(ownerIdsByName: readonly string[]): OwnerSegment[] {
  return [{ unowned: true }, ...ownerIdsByName.map((owner) => ({ owner })), { ownerNotIn: [...ownerIdsByName] }];
}

interface OwnerContinuation {
  /** Index of the segment reached. */
  s: number;
  /** The store's continuation inside it. */
  c?: string;
}

/** A continuation this module did not write: the client's mistake (HTTP 400), as the store's own would be. */
export class BadOwnerContinuation extends Error {
  readonly code = 400;
  constructor() {
    super('The continuation token is not valid for a caseload sorted by owner.');
  }
}

const encode = (c: OwnerContinuation): string => `owner.${Buffer.from(JSON.stringify(c)).toString('base64url')}`;

function decode(token: string, segments: number): OwnerContinuation {
  let parsed: Partial<OwnerContinuation> | undefined;
  try {
    parsed = token.startsWith('owner.') ? (JSON.parse(Buffer.from(token.slice('owner.'.length), 'base64url').toString('utf8')) as Partial<OwnerContinuation>) : undefined;
  } catch {
    parsed = undefined;
  }
  const s = parsed?.s;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= segments || (parsed?.c !== undefined && typeof parsed.c !== 'string')) throw new BadOwnerContinuation();
  return parsed?.c ? { s, c: parsed.c } : { s };
}

/**
 * One page of up to `limit` items read segment by segment. `readSegment` reads one page of a segment
 * (at most `max` items, from the store's continuation).
 */
export async function ownerOrderedPage<T>(
  segments: readonly OwnerSegment[],
  limit: number,
  continuation: string | undefined,
  readSegment: (segment: OwnerSegment, max: number, continuation: string | undefined) => Promise<{ items: T[]; continuation?: string }>,
): Promise<{ items: T[]; continuation?: string }> {
  let at = continuation ? decode(continuation, segments.length) : { s: 0 };
  const items: T[] = [];
  while (at.s < segments.length) {
    const page = await readSegment(segments[at.s], limit - items.length, at.c);
    items.push(...page.items);
    at = page.continuation ? { s: at.s, c: page.continuation } : { s: at.s + 1 };
    if (items.length >= limit) break;
  }
  // A full page that ended with a segment: skip the empty segments after it, so a "next page" is never empty.
  while (!at.c && at.s < segments.length && (await readSegment(segments[at.s], 1, undefined)).items.length === 0) at = { s: at.s + 1 };
  return { items, ...(at.s < segments.length ? { continuation: encode(at) } : {}) };
}
