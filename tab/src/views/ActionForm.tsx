/** One action's form: fields in words, each field's problem beside it, sent through the case API. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Case } from '../api';
import { actionBody, missingFields, type ActionForm, type Lookups } from '../actions';
import { londonToday } from '../format';
import { Button } from './Button';
import { dateProblem, FieldControl, RequiredLegend } from './FieldControl';

export function ActionFormView(props: {
  type: string;
  form: ActionForm;
  current: Case;
  lookups: Lookups;
  onSend: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
  /** For a rare or irreversible action: the question asked, in plain words, before anything is sent. */
  confirm?: string;
}) {
  const { type, form, current, lookups } = props;
  const today = londonToday();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(form.fields.map((f) => [f.name, f.initial?.(current, today) ?? ''])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const firstField = useRef<HTMLElement | null>(null);
  const formId = `action-${type}`;

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  useEffect(() => {
    if (confirming) document.getElementById(`${formId}-confirm`)?.focus();
  }, [confirming]);

  async function submit(event: Event) {
    event.preventDefault();
    const missing = { ...invalidDates(form, values), ...missingFields(form, values) };
    setProblems(missing);
    setGeneral(undefined);
    if (Object.keys(missing).length > 0) {
      setConfirming(false);
      document.getElementById(`${formId}-${Object.keys(missing)[0]}`)?.focus();
      return;
    }
    // A rare or irreversible action is sent only once the person has said yes to it in words.
    if (props.confirm && !confirming) {
      setConfirming(true);
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
      {form.fields.some((f) => f.required) && <RequiredLegend />}
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
      {confirming && props.confirm ? (
        <div class="confirm" role="group" aria-labelledby={`${formId}-confirm`}>
          <p id={`${formId}-confirm`} tabIndex={-1}>
            {props.confirm}
          </p>
          <div class="buttons">
            <Button type="submit" appearance="primary" disabled={sending}>
              {sending ? 'Sending…' : `Yes, ${form.submit.charAt(0).toLowerCase()}${form.submit.slice(1)}`}
            </Button>
            <Button onClick={() => setConfirming(false)} disabled={sending}>
              No, go back
            </Button>
          </div>
        </div>
      ) : (
        <div class="buttons">
          <Button type="submit" appearance="primary" disabled={sending}>
            {sending ? 'Sending…' : form.submit}
          </Button>
          <Button onClick={props.onCancel} disabled={sending}>
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}

/** Date fields whose text is not a real date yet, with what is wrong. */
function invalidDates(form: ActionForm, values: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of form.fields) {
    const problem = field.kind === 'date' ? dateProblem(values[field.name] ?? '') : undefined;
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/** "must not be empty" → "Must not be empty." */
export function sentence(message: string): string {
  const s = message.trim();
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
