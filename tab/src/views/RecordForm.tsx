/**
 * A form that adds one record (a training session, a survey result): labelled fields with the required
 * ones marked, each field's problem beside it (the API's problem `errors[]`), the typed values kept when
 * the API refuses, and a confirmation once saved. The rules themselves are the API's.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { sentence } from './ActionForm';

export interface RecordField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'date' | 'month' | 'select';
  required?: boolean;
  hint?: string;
  /** For selects: value → words. */
  choices?: [string, string][];
  min?: number;
  /** The latest date or month a picker offers (a hint to the picker; the API decides). */
  max?: string;
  initial?: string;
  /** What to say when a required field is left empty (default: "Enter the <label>."). */
  missing?: string;
}

export interface RecordFormSpec {
  /** Prefix of the element ids: `${id}-${field}` and `${id}-${field}-problem`. */
  id: string;
  title: string;
  submit: string;
  fields: RecordField[];
}

export function RecordForm(props: { spec: RecordFormSpec; onSave: (values: Record<string, string>) => Promise<string> }) {
  const { spec } = props;
  const initial = () => Object.fromEntries(spec.fields.map((f) => [f.name, f.initial ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setSaved(undefined);
    setGeneral(undefined);
    const missing: Record<string, string> = {};
    for (const f of spec.fields) {
      if (f.required && !(values[f.name] ?? '').trim()) missing[f.name] = f.missing ?? (f.kind === 'select' ? `Choose the ${f.label.toLowerCase()}.` : `Enter the ${f.label.toLowerCase()}.`);
    }
    setProblems(missing);
    if (Object.keys(missing).length > 0) {
      document.getElementById(`${spec.id}-${Object.keys(missing)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const confirmation = await props.onSave(values);
      setValues(initial());
      setSaved(confirmation);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const byField: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const f of error.fields) {
          const name = f.field.split(/[.[]/)[0];
          if (spec.fields.some((field) => field.name === name)) byField[name] = sentence(f.message);
          else unplaced.push(sentence(f.message));
        }
        setProblems(byField);
        setGeneral(unplaced.length > 0 ? unplaced.join(' ') : 'Nothing was saved: correct the fields marked below.');
        const first = Object.keys(byField)[0];
        if (first) document.getElementById(`${spec.id}-${first}`)?.focus();
      } else {
        setGeneral(`Nothing was saved. ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="action-form" id={spec.id} onSubmit={submit} aria-labelledby={`${spec.id}-heading`} noValidate>
      <h4 id={`${spec.id}-heading`}>{spec.title}</h4>
      <p class="muted form-note">
        Fields marked <span aria-hidden="true">*</span>
        <span class="sr-only">with a star</span> are required.
      </p>
      {general && (
        <div class="message error" role="alert">
          {general}
        </div>
      )}
      {saved && (
        <div class="message success" role="status">
          {saved}
        </div>
      )}
      <div class="form-grid">
        {spec.fields.map((field) => {
          const id = `${spec.id}-${field.name}`;
          const problem = problems[field.name];
          const describedBy = [field.hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
          const common = {
            id,
            name: field.name,
            required: field.required,
            'aria-invalid': problem ? true : undefined,
            'aria-describedby': describedBy,
            value: values[field.name],
          };
          const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
          return (
            <div class={`field${problem ? ' invalid' : ''}${field.kind === 'textarea' ? ' wide' : ''}`} key={field.name}>
              <label for={id}>
                {field.label}
                {field.required ? (
                  <span class="required" aria-hidden="true">
                    {' '}*
                  </span>
                ) : (
                  <span class="muted"> (optional)</span>
                )}
              </label>
              {field.kind === 'textarea' ? (
                <textarea {...common} rows={3} onInput={(e) => set(e.currentTarget.value)} />
              ) : field.kind === 'select' ? (
                <select {...common} onChange={(e) => set(e.currentTarget.value)}>
                  <option value="">Choose…</option>
                  {(field.choices ?? []).map(([value, words]) => (
                    <option key={value} value={value}>
                      {words}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...common}
                  type={field.kind}
                  min={field.min}
                  max={field.max}
                  step={field.kind === 'number' ? 1 : undefined}
                  inputMode={field.kind === 'number' ? 'numeric' : undefined}
                  onInput={(e) => set(e.currentTarget.value)}
                />
              )}
              {field.hint && (
                <small id={`${id}-hint`} class="muted">
                  {field.hint}
                </small>
              )}
              {problem && (
                <small id={`${id}-problem`} class="problem">
                  {problem}
                </small>
              )}
            </div>
          );
        })}
      </div>
      <div class="buttons">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? 'Saving…' : spec.submit}
        </button>
      </div>
    </form>
  );
}
