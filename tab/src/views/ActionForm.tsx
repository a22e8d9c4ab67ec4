/** One action's form: fields in words, each field's problem beside it, sent through the case API. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Case } from '../api';
import { actionBody, missingFields, type ActionForm, type Lookups } from '../actions';
import { londonToday } from '../format';
import { FieldControl } from './FieldControl';

export function ActionFormView(props: {
  type: string;
  form: ActionForm;
  current: Case;
  lookups: Lookups;
  onSend: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const { type, form, current, lookups } = props;
  const today = londonToday();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(form.fields.map((f) => [f.name, f.initial?.(current, today) ?? ''])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const firstField = useRef<HTMLElement | null>(null);
  const formId = `action-${type}`;

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const missing = missingFields(form, values);
    setProblems(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length > 0) {
      document.getElementById(`${formId}-${Object.keys(missing)[0]}`)?.focus();
      return;
    }
    setSending(true);
    try {
      await props.onSend(actionBody(type, form, values));
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const byField: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const f of error.fields) {
          const name = f.field.split(/[.[]/)[0];
          if (form.fields.some((ff) => ff.name === name)) byField[name] = sentence(f.message);
          else unplaced.push(`${f.field}: ${f.message}`);
        }
        setProblems(byField);
        setGeneral(unplaced.length > 0 ? unplaced.join('; ') : 'Correct the fields marked below.');
      } else {
        setGeneral(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      class="action-form"
      id={formId}
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && !sending && props.onCancel()}
      aria-labelledby={`${formId}-title`}
      noValidate
    >
      <h4 id={`${formId}-title`}>{form.label}</h4>
      {form.intro && <p class="muted">{form.intro}</p>}
      {general && (
        <div class="message error" role="alert">
          {general}
        </div>
      )}
      {form.fields.map((field, index) => (
        <FieldControl
          key={field.name}
          id={`${formId}-${field.name}`}
          name={field.name}
          label={field.label}
          kind={field.kind === 'lines' ? 'textarea' : field.kind}
          required={field.required}
          hint={field.hint}
          problem={problems[field.name]}
          choices={field.choices?.(current, lookups)}
          min={field.min}
          max={field.max}
          value={values[field.name]}
          onValue={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
          controlRef={index === 0 ? (el) => void (firstField.current = el) : undefined}
        />
      ))}
      <div class="buttons">
        <button type="submit" class={`button ${form.tone === 'danger' ? 'danger' : 'primary'}`} disabled={sending}>
          {sending ? 'Sending…' : form.submit}
        </button>
        <button type="button" class="button" onClick={props.onCancel} disabled={sending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "must not be empty" → "Must not be empty." */
export function sentence(message: string): string {
  const s = message.trim();
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
