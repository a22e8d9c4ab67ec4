import { useEffect, useState } from 'preact/hooks';
import { displayDate } from '../format';
import { parseUkDate, ukDate } from '../ukDate';

/**
 * One labelled form field: its control, its hint, and its problem beside it, tied together with
 * aria-describedby and aria-invalid so a screen reader reads them with the field. Shared by the case
 * action forms and the record forms (training, surveys).
 *
 * Required fields are marked the same way in every form: a star after the label (the control itself is
 * `required`, which screen readers announce), explained by <RequiredLegend /> at the top of the form;
 * optional fields say "(optional)". Dates are typed as people in the UK write them (dd/mm/yyyy) whatever
 * the browser's locale — no date picker, which would follow the browser's locale — and read back in
 * words, with a clear message for a date that does not exist; the form's value is the ISO date.
 */
export interface FieldControlProps {
  /** Element id; the hint and problem get `${id}-hint` and `${id}-problem`. */
  id: string;
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'date' | 'month' | 'select';
  required?: boolean;
  /** Kept for the forms that asked for it: every required field is now marked with a star. */
  starRequired?: boolean;
  hint?: string;
  problem?: string;
  /** For selects: value → words. */
  choices?: [string, string][];
  min?: number;
  max?: number | string;
  value: string;
  onValue: (value: string) => void;
  /** Receives the control element (to focus the first field of a form). */
  controlRef?: (el: HTMLElement | null) => void;
  wide?: boolean;
}

export function FieldControl(props: FieldControlProps) {
  const { id, problem, hint, kind } = props;
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy,
    value: props.value,
    ref: props.controlRef,
  };
  return (
    <div class={`field${problem ? ' invalid' : ''}${props.wide ? ' wide' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <RequiredMark /> : <span class="muted"> (optional)</span>}
      </label>
      {kind === 'textarea' ? (
        <textarea {...common} rows={3} onInput={(e) => props.onValue(e.currentTarget.value)} />
      ) : kind === 'select' ? (
        <select {...common} onChange={(e) => props.onValue(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {(props.choices ?? []).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      ) : kind === 'date' ? (
        <UkDateInput
          id={id}
          name={props.name}
          required={props.required}
          aria-invalid={common['aria-invalid']}
          aria-describedby={describedBy}
          inputRef={props.controlRef}
          value={props.value}
          onValue={props.onValue}
        />
      ) : (
        <input
          {...common}
          type={kind}
          min={props.min}
          max={props.max}
          step={kind === 'number' ? 1 : undefined}
          inputMode={kind === 'number' ? 'numeric' : undefined}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      )}
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {kind === 'date' && <DateInWords id={id} value={props.value} quiet={!!problem} />}
      {problem && (
        <small id={`${id}-problem`} class="problem">
          {problem}
        </small>
      )}
    </div>
  );
}

/** The mark of a required field, the same in every form. */
export function RequiredMark() {
  return (
    <span class="required" aria-hidden="true">
      {' '}*
    </span>
  );
}

/** Says what the star means; at the top of every form with a required field. */
export function RequiredLegend() {
  return (
    <p class="muted form-note required-legend">
      Fields marked <span aria-hidden="true">*</span>
      <span class="sr-only">with a star</span> are required.
    </p>
  );
}

/** `03/12/2026` or `2026-12-03` → `2026-12-03`; undefined when it is not a real date. */
export function isoFromTyped(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  return iso ? parseUkDate(`${iso[3]}/${iso[2]}/${iso[1]}`) : parseUkDate(trimmed);
}

const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The problem with a date field's value before anything is sent, or undefined: what was typed is kept
 * as the value until it is a real date, so a form can say what is wrong with it.
 */
export function dateProblem(value: string): string | undefined {
  const typed = value.trim();
  if (!typed || isIsoDate(typed)) return undefined;
  const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
  if (parts) return `There is no ${typed}: check the day and the month (dd/mm/yyyy).`;
  return `Write the date as dd/mm/yyyy, for example ${ukDate(new Date().toISOString().slice(0, 10))}.`;
}

/** A date typed as dd/mm/yyyy: the form gets the ISO date once it is a real one, else what was typed. */
function UkDateInput(props: {
  id: string;
  name: string;
  required?: boolean;
  value: string;
  onValue: (value: string) => void;
  inputRef?: (el: HTMLElement | null) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const { value, onValue, inputRef, ...attributes } = props;
  const shown = (v: string) => (isIsoDate(v) ? ukDate(v) : v);
  const [text, setText] = useState(shown(value));
  // A value set from outside (a form reset, a default) replaces what is shown.
  useEffect(() => {
    if (isIsoDate(value) ? value !== isoFromTyped(text) : value !== text) setText(shown(value));
  }, [value]);
  const describedBy = [attributes['aria-describedby'], `${props.id}-words`].filter(Boolean).join(' ');
  return (
    <input
      {...attributes}
      ref={inputRef}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      class="date-input"
      aria-describedby={describedBy}
      value={text}
      onInput={(e) => {
        const typed = e.currentTarget.value;
        setText(typed);
        onValue(isoFromTyped(typed) ?? typed.trim());
      }}
    />
  );
}

/** The date read back in words ("Thu 3 Dec 2026"), or what is wrong with it, as it is typed. */
function DateInWords(props: { id: string; value: string; quiet: boolean }) {
  // While the form shows its own problem for the field, only a real date is read back.
  const problem = props.quiet ? undefined : dateProblem(props.value);
  return (
    <small id={`${props.id}-words`} class={problem ? 'problem date-words' : 'muted date-words'} aria-live="polite">
      {problem ?? (isIsoDate(props.value) ? displayDate(props.value) : '')}
    </small>
  );
}
