/**
 * A form that adds one record (a training session, a survey result): labelled fields with the required
 * ones marked, each field's problem beside it (the API's problem `errors[]`), the typed values kept when
 * the API refuses, and a confirmation once saved. The rules themselves are the API's.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { sentence } from './ActionForm';
import { Button } from './Button';
import { dateProblem, FieldControl, RequiredLegend } from './FieldControl';

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
      else if (f.kind === 'date' && dateProblem(values[f.name] ?? '')) missing[f.name] = dateProblem(values[f.name] ?? '') as string;
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
      <RequiredLegend />
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
        {spec.fields.map((field) => (
          <FieldControl
            key={field.name}
            id={`${spec.id}-${field.name}`}
            name={field.name}
            label={field.label}
            kind={field.kind}
            required={field.required}
            hint={field.hint}
            problem={problems[field.name]}
            choices={field.choices}
            min={field.min}
            max={field.max}
            value={values[field.name]}
            onValue={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
            wide={field.kind === 'textarea'}
          />
        ))}
      </div>
      <div class="buttons">
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? 'Saving…' : spec.submit}
        </Button>
      </div>
    </form>
  );
}
