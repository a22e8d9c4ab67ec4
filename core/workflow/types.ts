/** The inputs of the case workflow: how a case is logged and the actions taken on it. */
import type { WorkingCalendar } from '../calendar';
import type {
  Actor,
  CaseKind,
  Channel,
  Contractor,
  Customer,
  IsoDate,
  IsoDateTime,
  OrgSettings,
  Outcome,
  Representative,
  SourceLink,
  SignedLetter,
  SpsoDecision,
} from '../types';
import type { DocumentFacts } from '../documents';
import type { CaseLinkRelation } from '../case-links';
import type { CopiedAttachment } from './messages';

export interface NewCaseInput {
  kind: CaseKind;
  channel: Channel;
  receivedAt: IsoDateTime;
  customer: Customer;
  representative?: Representative;
  nature: string;
  service: string;
  contractor?: Contractor;
  socialWork: boolean;
  /** Defaults to the person logging a complaint. */
  owner?: string;
  source?: SourceLink;
  /** Complaints only; 2 = complex or serious, straight to investigation. */
  startAtStage?: 1 | 2;
}

export interface ActionContext {
  actor: Actor;
  now: IsoDateTime;
  /** Unique per action; retrying with the same id is a no-op. */
  actionId: string;
  calendar: WorkingCalendar;
  settings: OrgSettings;
}

export interface DetailChanges {
  customer?: Customer;
  representative?: Representative;
  nature?: string;
  service?: string;
  /** null removes the contractor. */
  contractor?: Contractor | null;
  socialWork?: boolean;
}

export type CaseAction =
  | { type: 'assign'; owner: string }
  | { type: 'extend'; workingDays: number; reason: string; customerToldOn?: IsoDate }
  | { type: 'acknowledge'; on: IsoDate }
  | { type: 'close-stage1'; outcome: Outcome; actionTaken: string; on: IsoDate }
  | { type: 'escalate'; on: IsoDate; reason: string }
  | { type: 'request-signoff'; draftSummary: string; proposedOutcome: Outcome; letter?: SignedLetter }
  | { type: 'approve-signoff'; comments?: string }
  | { type: 'return-signoff'; comments: string }
  | { type: 'close-stage2'; actionTaken: string; on: IsoDate }
  | { type: 'withdraw'; on: IsoDate; reason?: string }
  | { type: 'mark-not-a-complaint'; reason: string }
  | { type: 'record-root-cause'; category: string; text?: string; remedialAction?: string }
  | { type: 'update-details'; changes: DetailChanges }
  | { type: 'refer-to-spso'; on: IsoDate }
  | { type: 'record-spso-decision'; decision: SpsoDecision; on: IsoDate; recommendations: string[]; /** The date the SPSO set for its recommendations. */ recommendationsDueOn?: IsoDate }
  | { type: 'record-spso-recommendation-implemented'; index: number; on: IsoDate }
  | { type: 'set-legal-hold'; reason: string }
  | { type: 'release-legal-hold' }
  /** The words of a compliment the customer agreed may be quoted; empty text withdraws the consent. */
  | { type: 'record-quote-consent'; text?: string }
  /**
   * Adds a later message in the conversation the case was logged from (an email reply). A message that is
   * already the case's (its source or a linked one) is refused as not allowed now, like other repeats;
   * a retry with the same action id is replayed.
   */
  | { type: 'link-message'; link: SourceLink; subject?: string }
  /** Marks attachments of one of the case's messages as copied (by the adapter) and records their SHA-256. */
  | { type: 'record-attachments-copied'; messageId: string; attachments: CopiedAttachment[] }
  /** Records a document the adapter has just kept in document storage (an upload from the tab). */
  | { type: 'add-document'; document: DocumentFacts }
  /** Records a document's removal, with why; the adapter then deletes it from document storage. */
  | { type: 'remove-document'; document: DocumentFacts; reason: string }

  /**
   * Links another case of the organisation (the adapter checks it exists and is visible: core/case-links)
   * and applies the mirror action to that case too, so both timelines show the link.
   */
  | { type: 'link-case'; reference: string; relation: CaseLinkRelation }

  /** The letter sent for sign-off was changed after the request: the approval (or the pending request) no longer stands. */
  | { type: 'void-signoff'; reason: string }
  /** A letter or email went to the customer (the adapter sent it and keeps its text): what, how and to whom. */
  | { type: 'record-correspondence-sent'; letterId: string; kind: string; via: CorrespondenceVia; to?: string; subject: string; sha256: string };

/** How a response went: email from the tab (own or shared mailbox), a reply in Outlook, a letter for post. */
export type CorrespondenceVia = 'email' | 'email-reply' | 'outlook-reply' | 'letter' | 'large-print-letter';

export type CaseActionType = CaseAction['type'];

export const CASE_ACTION_TYPES: readonly CaseActionType[] = [
  'assign',
  'extend',
  'acknowledge',
  'close-stage1',
  'escalate',
  'request-signoff',
  'approve-signoff',
  'return-signoff',
  'close-stage2',
  'withdraw',
  'mark-not-a-complaint',
  'record-root-cause',
  'update-details',
  'refer-to-spso',
  'record-spso-decision',
  'record-spso-recommendation-implemented',
  'set-legal-hold',
  'release-legal-hold',
  'record-quote-consent',
  'link-message',
  'record-attachments-copied',
  'add-document',
  'remove-document',
  'link-case',
  'void-signoff',
  'record-correspondence-sent',
];
