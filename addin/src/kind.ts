/**
 * What the email is: a complaint (with its stage and clocks), a compliment or a comment (recorded, no
 * clocks), as the bot and the tab log them. For a compliment, the customer's consent to be quoted in
 * the published reports can be recorded with the words they agreed to.
 */
import { h } from './dom';

export type CaseKind = 'complaint' | 'compliment' | 'comment';

export const KIND_WORDS: Record<CaseKind, { noun: string; title: string; nature: string; natureHint: string }> = {
  complaint: { noun: 'complaint', title: 'Log a complaint', nature: 'Nature of complaint', natureHint: 'From the email; edit it to the complaint in the customer’s words.' },
  compliment: { noun: 'compliment', title: 'Log a compliment', nature: 'What the compliment says', natureHint: 'From the email; keep the customer’s words.' },
  comment: { noun: 'comment', title: 'Log a comment', nature: 'What the comment says', natureHint: 'From the email; keep the customer’s words.' },
};

/** Quoted words must fit the API's limit for them (record-quote-consent). */
const QUOTE_MAX = 1000;

export interface KindControls {
  /** The "What is this email?" radio group. */
  fieldset: HTMLFieldSetElement;
  /** Compliments only: consent to quote, and the words agreed. */
  consent: HTMLElement;
  kind(): CaseKind;
  /** The words the customer agreed may be quoted, when consent is ticked (compliments only). */
  quote(): string | undefined;
  quoteInput: HTMLTextAreaElement;
  onChange(listener: (kind: CaseKind) => void): void;
}

export function kindControls(natureText: string): KindControls {
  const radios = (Object.keys(KIND_WORDS) as CaseKind[]).map((kind) =>
    h('input', { type: 'radio', name: 'kind', id: `kind-${kind}`, value: kind, checked: kind === 'complaint' }),
  );
  const labels: Record<CaseKind, string> = { complaint: 'A complaint', compliment: 'A compliment', comment: 'A comment (a suggestion or view)' };
  const fieldset = h('fieldset', { id: 'kind' }, h('legend', {}, 'What is this email?'),
    ...radios.map((radio) => h('div', { class: 'check' }, radio, h('label', { for: radio.id }, labels[radio.value as CaseKind]))),
    h('p', { class: 'hint' }, 'Compliments and comments are recorded without the complaint clocks.'));

  const agreed = h('input', { type: 'checkbox', id: 'quote-consent' });
  const quoteInput = h('textarea', { id: 'quote-text', rows: 4, maxlength: QUOTE_MAX, 'aria-describedby': 'quote-text-hint quote-text-error' });
  quoteInput.value = natureText.slice(0, QUOTE_MAX);
  const words = h('div', { class: 'nested field', id: 'quote-words', hidden: true },
    h('label', { for: 'quote-text' }, 'Words we may quote'),
    h('p', { class: 'hint', id: 'quote-text-hint' }, 'Quoted in the quarterly report and “you said, we did”. Edit them to what the customer agreed.'),
    quoteInput,
    h('p', { class: 'field-error', id: 'quote-text-error' }));
  agreed.setAttribute('aria-controls', 'quote-words');
  agreed.setAttribute('aria-expanded', 'false');
  agreed.addEventListener('change', () => {
    words.hidden = !agreed.checked;
    agreed.setAttribute('aria-expanded', String(agreed.checked));
  });
  const consent = h('div', { id: 'quote', hidden: true },
    h('div', { class: 'check' }, agreed, h('label', { for: 'quote-consent' }, 'The customer agreed we may quote this compliment')),
    words);

  const kind = (): CaseKind => (radios.find((r) => r.checked)?.value as CaseKind | undefined) ?? 'complaint';
  const listeners: ((kind: CaseKind) => void)[] = [];
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      consent.hidden = kind() !== 'compliment';
      for (const listener of listeners) listener(kind());
    });
  }
  return {
    fieldset,
    consent,
    kind,
    quote: () => (kind() === 'compliment' && agreed.checked ? quoteInput.value.trim() : undefined),
    quoteInput,
    onChange: (listener) => listeners.push(listener),
  };
}
