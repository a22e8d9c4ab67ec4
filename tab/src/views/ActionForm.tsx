/** One action's form: fields in words, each field's problem beside it, sent through the case API. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Case } from '../api';
import { actionBody, missingFields, type ActionForm, type Lookups } from '../actions';
import { londonToday } from '../format';

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
      {form.fields.map((field, index) => {
        const id = `${formId}-${field.name}`;
        const problem = problems[field.name];
        const describedBy = [field.hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          name: field.name,
          required: field.required,
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': describedBy,
          value: values[field.name],
          ref: index === 0 ? (el: HTMLElement | null) => void (firstField.current = el) : undefined,
        };
        const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
        return (
          <div class={`field${problem ? ' invalid' : ''}`} key={field.name}>
            <label for={id}>
              {field.label}
              {!field.required && <span class="muted"> (optional)</span>}
            </label>
            {field.kind === 'textarea' || field.kind === 'lines' ? (
              <textarea {...common} rows={3} onInput={(e) => set(e.currentTarget.value)} />
            ) : field.kind === 'select' ? (
              <select {...common} onChange={(e) => set(e.currentTarget.value)}>
                <option value="">Choose…</option>
                {(field.choices?.(current, lookups) ?? []).map(([value, words]) => (
                  <option key={value} value={value}>
                    {words}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text'}
                min={field.min}
                max={field.max}
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
