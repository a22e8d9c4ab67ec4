/**
 * One labelled form field: its control, its hint, and its problem beside it, tied together with
 * aria-describedby and aria-invalid so a screen reader reads them with the field. Shared by the case
 * action forms and the record forms (training, surveys).
 */
export interface FieldControlProps {
  /** Element id; the hint and problem get `${id}-hint` and `${id}-problem`. */
  id: string;
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'date' | 'month' | 'select';
  required?: boolean;
  /** Mark required fields with a star (forms that say "Fields marked * are required"). */
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
        {props.required ? (
          props.starRequired && (
            <span class="required" aria-hidden="true">
              {' '}*
            </span>
          )
        ) : (
          <span class="muted"> (optional)</span>
        )}
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
      {problem && (
        <small id={`${id}-problem`} class="problem">
          {problem}
        </small>
      )}
    </div>
  );
}
