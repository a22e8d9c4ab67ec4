/**
 * The access log and the subject access export log: append-only records of who looked at the most
 * sensitive cases and who exported a person's data. Pure types and rules; the store keeps them.
 */
import type { Case, IsoDateTime } from './types';
import type { SubjectSearch } from './subject-access';

/** Where a person opened the case from. */
export const ACCESS_CHANNELS = ['api', 'tab', 'addin', 'bot', 'subject-access'] as const;
export type AccessChannel = (typeof ACCESS_CHANNELS)[number];

export const ACCESS_CHANNEL_WORDS: Record<AccessChannel, string> = {
  api: 'the API',
  tab: 'the Teams tab',
  addin: 'the Outlook add-in',
  bot: 'the Teams bot’s case card',
  'subject-access': 'a subject access export',
};

/** One opening of a case by a person. */
export interface CaseAccess {
  id: string;
  orgId: string;
  reference: string;
  at: IsoDateTime;
  userId: string;
  displayName: string;
  via: AccessChannel;
}

/**
 * Social-work cases (of the Chief Social Work Officer's concern) and any case under legal hold:
 * every opening of these is recorded. The rule is judged on the case as it is when opened, so a
 * hold set later starts the log from then.
 */
export function accessIsLogged(c: Pick<Case, 'socialWork' | 'legalHold'>): boolean {
  return c.socialWork || c.legalHold !== undefined;
}

export const EXPORT_FORMATS = ['json', 'pdf', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One subject access export: who, when, which search, how many cases. */
export interface SubjectAccessExport {
  id: string;
  orgId: string;
  at: IsoDateTime;
  userId: string;
  displayName: string;
  search: SubjectSearch;
  format: ExportFormat;
  caseCount: number;
  references: string[];
}
