/**
 * The merge fields a correspondence template may use: `{{name}}`, nothing else. Templates are data the
 * complaints manager edits; a field not in this list is refused when the template is saved, so a
 * template can never ask for anything the product does not deliberately offer.
 */
export const MERGE_FIELDS = {
  reference: 'The case reference, e.g. CHP-2026-000123',
  orgName: 'The organisation’s name',
  customerName: 'The customer’s name (or “Dear customer” wording when not given)',
  officerName: 'The name of the person writing (the one drafting the response)',
  today: 'Today’s date in words',
  receivedOn: 'The date the complaint was received, in words',
  natureOfComplaint: 'The complaint as recorded',
  stage1DueOn: 'The stage 1 response date (5 working days, with any extension), in words',
  stage2DueOn: 'The stage 2 response date (20 working days, with any extension), in words',
  extensionReason: 'The reason for the latest extension',
  newDueOn: 'The response date after the latest extension, in words',
  outcome: 'The outcome in words (the proposed outcome at stage 2)',
  escalationDeadline: 'The last day the customer can usually ask for stage 2: six months from the complaint or two months from today, whichever is later',
  spsoDeadline: 'The last day the customer can usually go to the SPSO: twelve months from today',
  stage2HowToAsk: 'How to ask for a stage 2 investigation (organisation setting)',
  spsoContact: 'The SPSO’s contact details (organisation setting, kept up to date by the complaints manager)',
  notAComplaintReason: 'Why this is not being treated as a complaint',
} as const;

export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as MergeField[];
export const isMergeField = (name: string): name is MergeField => Object.hasOwn(MERGE_FIELDS, name);

/** The kinds of letter or email the organisation keeps a template for. */
export const LETTER_KINDS = ['stage1-acknowledgement', 'stage2-acknowledgement', 'extension', 'stage1-decision', 'stage2-decision', 'not-a-complaint'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  'stage1-acknowledgement': 'Acknowledgement (stage 1, where given in writing)',
  'stage2-acknowledgement': 'Acknowledgement (stage 2, within 3 working days)',
  extension: 'Extension notice (new date and reason)',
  'stage1-decision': 'Stage 1 decision',
  'stage2-decision': 'Stage 2 decision (signed off before it is sent)',
  'not-a-complaint': 'We are not treating this as a complaint',
};

export interface LetterTemplate {
  subject: string;
  body: string;
}

/** What an organisation keeps: one template per kind, and the text blocks the templates merge in. */
export interface CorrespondenceSettings {
  templates: Record<LetterKind, LetterTemplate>;
  /** The SPSO's contact details as the SPSO publishes them; the organisation updates them when they change. */
  spsoContact: string;
  /** How the customer asks for stage 2 (who to contact, how); the organisation's own words. */
  stage2HowToAsk: string;
  /** A shared complaints mailbox emails are sent from (Graph `/users/{mailbox}/sendMail`); the writer's own when absent. */
  sharedMailbox?: string;
}
