/**
 * The case model: the SPSO minimum dataset plus what the product needs to run the procedure.
 * Pure data, serialisable as JSON (dates are ISO strings), so the same shape is stored in Cosmos DB,
 * sent over the API and imported/exported as CSV/JSON.
 */
import type { CaseLinkRelation } from './case-links';

/** A calendar date in Europe/London, `YYYY-MM-DD`. */
export type IsoDate = string;
/** An instant, ISO 8601 with offset (`2026-03-02T09:15:00Z`). */
export type IsoDateTime = string;

export const CASE_KINDS = ['complaint', 'compliment', 'comment'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CHANNELS = ['email', 'chat', 'phone', 'in-person', 'letter', 'web-form', 'social-media', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOMES = ['upheld', 'partially-upheld', 'not-upheld', 'resolved'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the SPSO decided after investigating (or declining to investigate). */
export const SPSO_DECISIONS = ['upheld', 'partially-upheld', 'not-upheld', 'not-taken-forward', 'resolved'] as const;
export type SpsoDecision = (typeof SPSO_DECISIONS)[number];

/**
 * Where the case is in the procedure.
 * - `stage1`: frontline response under way.
 * - `stage1-closed`: frontline response given; the customer may still escalate.
 * - `stage2`: investigation under way (escalated or direct).
 * - `stage2-signoff`: a draft final position awaits sign-off by an allowed manager.
 * - `stage2-signed-off`: final position approved; ready to issue and close.
 * - `stage2-closed`: final response issued; the customer may go to the SPSO.
 * - `withdrawn`: the customer withdrew; counted apart.
 * - `not-a-complaint`: recorded but outside the procedure (FOI, first request for service…), counted apart.
 * - `recorded`: a compliment or comment; no clock.
 */
export const CASE_STATUSES = [
  'stage1',
  'stage1-closed',
  'stage2',
  'stage2-signoff',
  'stage2-signed-off',
  'stage2-closed',
  'withdrawn',
  'not-a-complaint',
  'recorded',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface Customer {
  /** True when the customer chose not to give (some) details: record what we can. */
  withheldDetails: boolean;
  /** Anonymous complaints are allowed; name and contact are then absent. */
  anonymous: boolean;
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
}

export interface Representative {
  name: string;
  contact?: string;
  relationship?: string;
  /** The customer's consent for the representative to act for them. */
  consentRecorded: boolean;
}

/**
 * The message a case was logged from; used to find the case again and never log it twice. A case
 * logged on the Teams tab's form has kind "tab" and the form submission's id (a UUID the form made)
 * as its messageId, so a retried submission finds the case rather than logging a second one.
 */
export interface SourceLink {
  kind: 'email' | 'chat' | 'tab';
  /** Outlook item id, Teams message id, or the tab form submission's id. */
  messageId: string;
  /** RFC 5322 Message-ID of an email; links replies in the same thread. */
  internetMessageId?: string;
  /** Email conversation id / Teams chat or channel id. */
  conversationId?: string;
  /** A link a person can open (Teams message link, Outlook web link). */
  webLink?: string;
  receivedAt?: IsoDateTime;
  attachments?: { name: string; size: number; fetched: boolean }[];
}

export interface CaseLink {
  reference: string;
  relation: CaseLinkRelation;
  linkedBy: string;
  linkedAt: IsoDateTime;
}

export interface Contractor {
  name: string;
  kind: 'contractor' | 'aleo';
}

/** A deadline clock for one stage, in Europe/London dates. */
export interface StageClock {
  /** Day 1 of the clock (receipt or escalation date, moved to the next working day if needed). */
  startedOn: IsoDate;
  /** The last day of the standard timescale (5th or 20th working day). */
  standardDue: IsoDate;
  /** Extra working days authorised. */
  extensionDays: number;
  /** Due date including any extension. */
  due: IsoDate;
}

export interface Extension {
  stage: 1 | 2;
  workingDays: number;
  reason: string;
  authorisedBy: string;
  authorisedAt: IsoDateTime;
  /** The customer was told why and of the new date (the CHP requires it). */
  customerToldOn?: IsoDate;
  newDue: IsoDate;
}

export interface StageRecord {
  clock: StageClock;
  extensions: Extension[];
  actionTaken?: string;
  outcome?: Outcome;
  closedOn?: IsoDate;
}

export interface Stage2Record extends StageRecord {
  /** Date stage 2 was initiated (escalation or direct receipt). */
  initiatedOn: IsoDate;
  route: 'escalated' | 'direct';
  /** Acknowledge within 3 working days. */
  acknowledgeBy: IsoDate;
  acknowledgedOn?: IsoDate;
  signOff?: SignOff;
  /** Why the customer escalated (escalated route only). */
  escalationReason?: string;
  /** Escalated after the usual time limit; accepted at staff discretion. */
  escalatedLate?: boolean;
}

export interface SignOff {
  /** The person who drafted the final position; never the one who signs it off. */
  author: string;
  requestedAt: IsoDateTime;
  draftSummary: string;
  proposedOutcome: Outcome;
  /** The response text itself when the request carried it: sign-off approves exactly this text. */
  letter?: SignedLetter;
  /** `voided`: the approved text was changed afterwards, so it needs signing off again. */
  decision?: 'approved' | 'returned' | 'voided';
  decidedBy?: string;
  decidedAt?: IsoDateTime;
  comments?: string;
}

/** The letter or email a sign-off request carries (core/correspondence). */
export interface SignedLetter {
  id: string;
  /** SHA-256 (hex) of subject + text, computed by the adapter: what is sent must hash the same. */
  sha256: string;
  subject: string;
  text: string;
}

export interface RootCause {
  category: string;
  text?: string;
}

export interface SpsoRecord {
  referredOn: IsoDate;
  decision?: SpsoDecision;
  decidedOn?: IsoDate;
  recommendations: { text: string; dueOn?: IsoDate; implementedOn?: IsoDate }[];
}

/** Append-only audit trail entry. */
export interface CaseEvent {
  /** Unique id; replaying an action with the same id is a no-op (idempotency). */
  id: string;
  at: IsoDateTime;
  by: string;
  type: CaseEventType;
  summary: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export const CASE_EVENT_TYPES = [
  'logged',
  'updated',
  'assigned',
  'extended',
  'acknowledged',
  'stage1-closed',
  'escalated',
  'signoff-requested',
  'signoff-approved',
  'signoff-returned',
  'stage2-closed',
  'withdrawn',
  'marked-not-a-complaint',
  'root-cause-recorded',
  'spso-referred',
  'spso-decided',
  'spso-recommendation-implemented',
  'legal-hold-set',
  'legal-hold-released',
  'message-linked',
  'attachments-copied',
  'document-added',
  'document-removed',
  'case-linked',
  'signoff-voided',
  'correspondence-sent',
  'quote-consent-recorded',
  'case-file-exported',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export interface Case {
  /** Human reference, unique within the organisation: `CHP-2026-000123`. */
  reference: string;
  /** The reference the case had in the organisation's previous system, kept when its history was imported. */
  legacyReference?: string;
  orgId: string;
  kind: CaseKind;
  status: CaseStatus;
  channel: Channel;
  source?: SourceLink;
  /** Later messages added to the case (replies in the same email conversation), so they are not logged again. */
  linkedMessages?: SourceLink[];
  /** Other cases of the organisation linked to this one (a repeat complaint, the same incident): core/case-links.ts. */
  linkedCases?: CaseLink[];
  /** Moment of receipt; `receivedOn` is its Europe/London date. */
  receivedAt: IsoDateTime;
  receivedOn: IsoDate;
  customer: Customer;
  representative?: Representative;
  /** Nature of the complaint, in the words recorded. */
  nature: string;
  service: string;
  contractor?: Contractor;
  /** Social work complaint: of interest to the Chief Social Work Officer. */
  socialWork: boolean;
  /** Staff member handling it (user id). */
  owner?: string;
  loggedBy: string;
  stage1?: StageRecord;
  stage2?: Stage2Record;
  notAComplaintReason?: string;
  withdrawnOn?: IsoDate;
  rootCause?: RootCause;
  remedialAction?: string;
  spso?: SpsoRecord;
  /** Retention: the date from which the record may be disposed of; absent while open. */
  disposalOn?: IsoDate;
  legalHold?: { reason: string; setBy: string; setAt: IsoDateTime };
  /** The latest letter or email sent to the customer (the texts are kept with the letters, store/correspondence.ts). */
  lastSentToCustomer?: { at: IsoDateTime; kind: string; via: string };
  /** A compliment the customer agreed we may quote in published reports, in the words to quote. */
  quoteWithConsent?: { text: string; recordedBy: string; recordedAt: IsoDateTime };
  events: CaseEvent[];
}

/** People and what they may do. Role names follow Part 4 of the model CHP. */
export const ROLES = [
  'complaint-handler',
  'investigator',
  'head-of-service',
  'director',
  'chief-executive',
  'complaints-manager',
  'training-officer',
  'cswo',
  'management-committee',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];
/**
 * A role of an organisation: one of the product's roles above, or one the organisation added to its
 * own role definitions (core/roles.ts), e.g. "spso-liaison-officer".
 */
export type RoleId = string;

/** What a person's roles let them do, resolved from their organisation's role definitions at sign-in. */
export interface RoleGrant {
  permissions: readonly string[];
  /** Which cases case permissions reach: every case, the services they work in (and their own), their own, or none. */
  caseScope: 'all' | 'services' | 'own' | 'none';
  /** Social-work cases are visible too (the Chief Social Work Officer's interest). */
  socialWork: boolean;
}

export interface Actor {
  userId: string;
  displayName: string;
  roles: RoleId[];
  /**
   * Set when the organisation has its own role definitions: then this, not the product's default table,
   * says what the person may do. Absent (tests, organisations without definitions): the default table.
   */
  grant?: RoleGrant;
  /** Services the person works in (used for "my team" and head-of-service scope). */
  services: string[];
}

/** Organisation settings the core needs; stored per organisation. */
export interface OrgSettings {
  orgId: string;
  name: string;
  population: number;
  /** The year of the population estimate (e.g. the mid-year estimate used), when known. */
  populationYear?: number;
  services: string[];
  /** Local holidays and closure days added to Scotland's bank holidays. */
  localHolidays: IsoDate[];
  /** Bank holidays the organisation works on (removed from the calendar). */
  workedHolidays: IsoDate[];
  rootCauseCategories: string[];
  /** Years after closure before disposal. */
  retentionYears: number;
  /** First month of the reporting year (4 = April). */
  reportingYearStartMonth: number;
  /**
   * Services no longer offered for new complaints. Their cases keep the name and still report under it;
   * a retired name is never reused for a new service.
   */
  retiredServices?: string[];
  /**
   * Former service names → the name the service has now. Cases keep the name recorded when they were
   * logged; reports, scopes and filters count them under the current name (see core/services.ts).
   */
  formerServiceNames?: Record<string, string>;
  /** How staff with no role reach the administrators (shown to them), e.g. "ict.servicedesk@… or ext 4321". */
  contact?: string;
}
