/**
 * The forms for case actions: for each action type the API accepts, what a person fills in. Which
 * actions are offered comes from GET /api/cases/:ref/available-actions (the core's rule); whether one
 * is allowed is decided again by the API when it is sent.
 */
import type { Case } from './api';
import { OUTCOME_WORDS } from './format';

export type FieldKind = 'text' | 'textarea' | 'date' | 'number' | 'select' | 'lines';

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  hint?: string;
  /** For selects: value → words. Functions get the case and the form's lookups. */
  choices?: (c: Case, lookups: Lookups) => [string, string][];
  /** Default value when the form opens. */
  initial?: (c: Case, today: string) => string;
  min?: number;
  max?: number;
}

export interface Lookups {
  staff: { userId: string; displayName: string }[];
  rootCauseCategories: string[];
}

export interface ActionForm {
  label: string;
  /** The button that sends it. */
  submit: string;
  intro?: string;
  fields: FormField[];
  /** Actions that change the record for good ask for a second press. */
  tone?: 'primary' | 'danger';
}

const outcomes = (): [string, string][] => ['upheld', 'partially-upheld', 'not-upheld', 'resolved'].map((o) => [o, OUTCOME_WORDS[o]]);
const today = (_c: Case, t: string) => t;
const onDate = (label = 'On'): FormField => ({ name: 'on', label, kind: 'date', required: true, initial: today });

export const ACTION_FORMS: Record<string, ActionForm> = {
  assign: {
    label: 'Assign',
    submit: 'Assign',
    fields: [
      {
        name: 'owner',
        label: 'New owner',
        kind: 'select',
        required: true,
        choices: (c, l) => l.staff.filter((p) => p.userId !== c.owner).map((p) => [p.userId, p.displayName]),
      },
    ],
  },
  extend: {
    label: 'Extend the timescale',
    submit: 'Authorise extension',
    intro: 'Only in exceptional circumstances. Tell the customer why and the new date.',
    fields: [
      { name: 'workingDays', label: 'Extra working days', kind: 'number', required: true, min: 1, max: 60, initial: () => '5' },
      { name: 'reason', label: 'Reason', kind: 'textarea', required: true },
      { name: 'customerToldOn', label: 'Customer told on', kind: 'date', hint: 'Leave empty if not yet told.' },
    ],
  },
  acknowledge: { label: 'Acknowledge stage 2', submit: 'Record acknowledgement', fields: [onDate('Acknowledged on')] },
  'close-stage1': {
    label: 'Close stage 1',
    submit: 'Close stage 1',
    fields: [
      { name: 'outcome', label: 'Outcome', kind: 'select', required: true, choices: outcomes },
      { name: 'actionTaken', label: 'Action taken', kind: 'textarea', required: true },
      onDate('Decision given on'),
    ],
  },
  escalate: {
    label: 'Escalate to stage 2',
    submit: 'Escalate',
    fields: [onDate('Escalated on'), { name: 'reason', label: 'Why the customer is still dissatisfied', kind: 'textarea', required: true }],
  },
  'request-signoff': {
    label: 'Request sign-off',
    submit: 'Request sign-off',
    intro: 'A manager other than you signs off the final position.',
    fields: [
      { name: 'draftSummary', label: 'Draft final position', kind: 'textarea', required: true },
      { name: 'proposedOutcome', label: 'Proposed outcome', kind: 'select', required: true, choices: outcomes },
    ],
  },
  'approve-signoff': {
    label: 'Approve sign-off',
    submit: 'Approve',
    tone: 'primary',
    fields: [{ name: 'comments', label: 'Comments', kind: 'textarea' }],
  },
  'return-signoff': { label: 'Return for changes', submit: 'Return', fields: [{ name: 'comments', label: 'What to change', kind: 'textarea', required: true }] },
  'close-stage2': {
    label: 'Issue the final response',
    submit: 'Close stage 2',
    fields: [{ name: 'actionTaken', label: 'Action taken', kind: 'textarea', required: true }, onDate('Issued on')],
  },
  withdraw: {
    label: 'Withdraw',
    submit: 'Record withdrawal',
    tone: 'danger',
    fields: [onDate('Withdrawn on'), { name: 'reason', label: 'Reason', kind: 'textarea' }],
  },
  'mark-not-a-complaint': {
    label: 'Not a complaint',
    submit: 'Record as not a complaint',
    tone: 'danger',
    intro: 'For example a first request for a service, an FOI request, or a matter with its own appeal route.',
    fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: true }],
  },
  'record-root-cause': {
    label: 'Record root cause',
    submit: 'Record root cause',
    fields: [
      { name: 'category', label: 'Category', kind: 'select', required: true, choices: (_c, l) => l.rootCauseCategories.map((r) => [r, r]), initial: (c) => c.rootCause?.category ?? '' },
      { name: 'text', label: 'Underlying cause', kind: 'textarea', initial: (c) => c.rootCause?.text ?? '' },
      { name: 'remedialAction', label: 'Remedial action', kind: 'textarea', initial: (c) => c.remedialAction ?? '' },
    ],
  },
  'refer-to-spso': { label: 'Referred to the SPSO', submit: 'Record referral', fields: [onDate('Referred on')] },
  'record-spso-decision': {
    label: 'Record SPSO outcome',
    submit: 'Record SPSO outcome',
    fields: [
      {
        name: 'decision',
        label: 'SPSO decision',
        kind: 'select',
        required: true,
        choices: () => ['upheld', 'partially-upheld', 'not-upheld', 'not-taken-forward', 'resolved'].map((o) => [o, OUTCOME_WORDS[o]]),
      },
      onDate('Decided on'),
      { name: 'recommendations', label: 'Recommendations', kind: 'lines', hint: 'One per line; leave empty if none.' },
      { name: 'recommendationsDueOn', label: 'Recommendations due by', kind: 'date', hint: 'The date the SPSO set; leave empty if none.' },
    ],
  },
  'record-spso-recommendation-implemented': {
    label: 'SPSO recommendation implemented',
    submit: 'Record implementation',
    fields: [
      {
        name: 'index',
        label: 'Recommendation',
        kind: 'select',
        required: true,
        choices: (c) => (c.spso?.recommendations ?? []).map((r, i) => [String(i), r.text] as [string, string]).filter(([i]) => !c.spso?.recommendations[Number(i)].implementedOn),
      },
      onDate('Implemented on'),
    ],
  },
  'set-legal-hold': {
    label: 'Place a legal hold',
    submit: 'Place hold',
    intro: 'The record is kept past its disposal date while the hold is in place.',
    fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: true }],
  },
  'release-legal-hold': { label: 'Release the legal hold', submit: 'Release hold', fields: [] },
  'record-quote-consent': {
    label: 'Quote with consent',
    submit: 'Record consent to quote',
    intro: 'Only with the customer’s agreement. The words are quoted in the quarterly report and "you said, we did". Leave empty to withdraw consent.',
    fields: [{ name: 'text', label: 'Words we may quote', kind: 'textarea', initial: (c) => c.quoteWithConsent?.text ?? '' }],
  },
};

/** Actions edited in place rather than through a form of their own. */
export const INLINE_ACTIONS = new Set(['update-details']);

/** The request body for an action from the form's values: empty optional fields are left out. */
export function actionBody(type: string, form: ActionForm, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  for (const field of form.fields) {
    const raw = (values[field.name] ?? '').trim();
    if (field.kind === 'lines') {
      body[field.name] = raw ? raw.split('\n').map((l) => l.trim()).filter(Boolean) : [];
    } else if (raw === '') {
      continue;
    } else if (field.kind === 'number' || (field.name === 'index' && field.kind === 'select')) {
      body[field.name] = Number(raw);
    } else {
      body[field.name] = raw;
    }
  }
  return body;
}

/** Messages for required fields left empty, in words, before anything is sent. */
export function missingFields(form: ActionForm, values: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of form.fields) {
    if (field.required && !(values[field.name] ?? '').trim()) {
      problems[field.name] = field.kind === 'select' ? `Choose the ${field.label.toLowerCase()}.` : `Enter the ${field.label.toLowerCase()}.`;
    }
  }
  return problems;
}
