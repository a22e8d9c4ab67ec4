/** Document ids. Cosmos ids may not contain / \ ? # — anything from outside (message ids) is hashed. */
import { createHash } from 'node:crypto';

const SAFE_ID = /^[^/\\?#]{1,200}$/;

export const hashed = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The value itself when it is a valid id, else a hash of it. */
export const safeId = (value: string): string => (SAFE_ID.test(value) ? value : `h-${hashed(value)}`);

/** One claim document per source id, created in the same transactional batch as the case. */
export const sourceClaimId = (kind: 'messageId' | 'internetMessageId', value: string): string => `src-${kind === 'messageId' ? 'm' : 'i'}-${hashed(value)}`;

/**
 * One claim document per legacy reference (the previous system's), created in the same batch as the
 * case: an import run twice, or two at once, creates the case once. Compared trimmed and in capitals,
 * so `cor000123` finds COR000123.
 */
export const legacyKey = (legacyReference: string): string => legacyReference.trim().toUpperCase();
export const legacyClaimId = (legacyReference: string): string => `legacy-${hashed(legacyKey(legacyReference))}`;

export const REFERENCE_PATTERN = /^CHP-(\d{4})-(\d{6,})$/;

export function formatReference(year: number, sequence: number): string {
  return `CHP-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseReference(reference: string): { year: number; sequence: number } | undefined {
  const match = REFERENCE_PATTERN.exec(reference);
  return match ? { year: Number(match[1]), sequence: Number(match[2]) } : undefined;
}
