/**
 * Training and surveys (F16): the staff training and awareness records behind SPSO indicator 3 and the
 * customer satisfaction surveys behind indicator 2, with the sentences the reports will print for them
 * (GET /api/awareness/statements). Training officers record training, complaints managers record
 * surveys; anyone who reads reports sees both lists. Every rule and sentence is the API's.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TRAINING_KIND_LABELS } from '../../../core/awareness';
import { monthName } from '../../../core/reports/periods';
import { ApiError, type Api, type Me, type SurveyResult, type TrainingKind, type TrainingRecord } from '../api';
import { displayDate, londonToday } from '../format';
import { ErrorMessage } from './common';
import { RecordForm, type RecordFormSpec } from './RecordForm';
import { periodChoices } from './Reports';

/** `2026-04`..`2026-06` → "April to June 2026"; one month → "May 2026". */
export function monthsCovered(fromMonth: string, toMonth: string): string {
  if (fromMonth === toMonth) return monthName(fromMonth);
  const [from, to] = [monthName(fromMonth), monthName(toMonth)];
  return fromMonth.slice(0, 4) === toMonth.slice(0, 4) ? `${from.split(' ')[0]} to ${to}` : `${from} to ${to}`;
}

/** "31 of 48 (65%)". */
export function satisfiedText(satisfied: number, responses: number): string {
  return `${satisfied} of ${responses} (${responses > 0 ? Math.round((satisfied / responses) * 100) : 0}%)`;
}

type Loaded<T> = { state: 'loading' } | { state: 'missing' } | { state: 'forbidden' } | { state: 'error'; error: Error } | { state: 'ok'; value: T };

/** Loads again whenever one of `keys` changes (a save bumps the version); the last answer stays on screen meanwhile. */
function useLoaded<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setLoaded({ state: 'ok', value }))
      .catch((error: Error) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 404) setLoaded({ state: 'missing' });
        else if (error instanceof ApiError && error.status === 403) setLoaded({ state: 'forbidden' });
        else setLoaded({ state: 'error', error });
      });
    return () => {
      live = false;
    };
  }, keys);
  return loaded;
}

function NotLoaded(props: { loaded: Loaded<unknown>; what: string }) {
  const { loaded, what } = props;
  if (loaded.state === 'loading') return <p class="muted">Loading {what}…</p>;
  if (loaded.state === 'missing') return <p class="message info">The {what} are not available on this server yet.</p>;
  if (loaded.state === 'forbidden') return <p>Your roles do not include the {what}.</p>;
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} title={`The ${what} could not be loaded`} />;
  return null;
}

/** The Delete button of a row, which asks once more in the row itself (Teams does not show browser dialogs). */
function DeleteButton(props: { what: string; onDelete: () => Promise<boolean> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus goes to the safe choice when asked, and back to Delete when kept.
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (asked.current) ask.current?.focus();
    asked.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={ask} class="button subtle" aria-label={`Delete ${props.what}`} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={`Delete ${props.what}?`}>
      <span>Delete this record?</span>
      <button
        type="button"
        class="button danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          // Once deleted the row goes when the list reloads; only a refusal brings the Delete button back.
          if (!(await props.onDelete())) {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {busy ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button type="button" ref={keep} class="button" disabled={busy} onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}

/**
 * Deleting a row of a section: says what was deleted (or why not) above the table and, as the row and
 * its buttons are gone, moves focus to the section's heading, where that message is read next.
 */
function useDeletion(headingId: string, changed: () => void) {
  const [deleted, setDeleted] = useState<string | undefined>();
  const [deleteError, setDeleteError] = useState<Error | undefined>();
  async function remove(run: () => Promise<unknown>, done: string): Promise<boolean> {
    setDeleted(undefined);
    setDeleteError(undefined);
    try {
      await run();
      setDeleted(done);
      changed();
      document.getElementById(headingId)?.focus();
      return true;
    } catch (error) {
      setDeleteError(error as Error);
      return false;
    }
  }
  function messages(failed: string) {
    return (
      <>
        {deleted && (
          <div class="message success" role="status">
            {deleted}
          </div>
        )}
        {deleteError && <ErrorMessage error={deleteError} title={failed} />}
      </>
    );
  }
  return { remove, messages, clear: () => setDeleted(undefined) };
}

function Statements(props: { api: Api; version: number }) {
  const today = londonToday();
  const [period, setPeriod] = useState('');
  const choices = [...periodChoices('quarterly', today, 4), ...periodChoices('annual', today, 4).slice(1)];
  const loaded = useLoaded(() => props.api.awarenessStatements(period || undefined), [props.api, props.version, period]);
  const nothing = <span class="muted">Nothing recorded for this period yet.</span>;
  return (
    <section class="card" aria-labelledby="statements-title">
      <div class="card-head">
        <h3 id="statements-title">How the reports will read</h3>
        <label class="field">
          <span>Period</span>
          <select id="statements-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value)}>
            <option value="">This reporting year so far</option>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <NotLoaded loaded={loaded} what="report sentences" />
      {loaded.state === 'ok' && (
        <div id="statements" aria-live="polite">
          <p class="muted">What the quarterly and annual reports print for {loaded.value.period.label}:</p>
          <dl class="facts">
            <div>
              <dt>Indicator 2, complaint process experience</dt>
              <dd id="statement-kpi2">{loaded.value.kpi2 ?? nothing}</dd>
            </div>
            <div>
              <dt>Indicator 3, staff awareness and training</dt>
              <dd id="statement-kpi3">{loaded.value.kpi3 ?? nothing}</dd>
            </div>
          </dl>
        </div>
      )}
    </section>
  );
}

const trainingForm = (today: string): RecordFormSpec => ({
  id: 'training-form',
  title: 'Record training or an awareness activity',
  submit: 'Save training record',
  fields: [
    { name: 'deliveredOn', label: 'Date delivered', kind: 'date', required: true, max: today, initial: today, missing: 'Enter the date it was delivered.' },
    { name: 'kind', label: 'Kind', kind: 'select', required: true, choices: Object.entries(TRAINING_KIND_LABELS) },
    { name: 'title', label: 'Title', kind: 'text', required: true, hint: 'For example: Complaints handling procedure: frontline induction' },
    { name: 'audience', label: 'Audience', kind: 'text', required: true, hint: 'Who it was for, for example: New starts, Housing Repairs' },
    { name: 'attendees', label: 'Attendees', kind: 'number', required: true, min: 0, hint: 'How many people; 0 for a bulletin', missing: 'Enter how many people attended (0 for a bulletin).' },
  ],
});

function TrainingSection(props: { api: Api; canRecord: boolean; version: number; changed: () => void }) {
  const { api } = props;
  const loaded = useLoaded(api.trainingRecords, [api, props.version]);
  const deletion = useDeletion('training-title', props.changed);

  async function save(values: Record<string, string>): Promise<string> {
    const saved = await api.addTraining({
      kind: values.kind as TrainingKind,
      title: values.title.trim(),
      deliveredOn: values.deliveredOn,
      audience: values.audience.trim(),
      attendees: Number(values.attendees),
    });
    deletion.clear();
    props.changed();
    return `Saved: ${saved.title}, ${displayDate(saved.deliveredOn)}.`;
  }

  const remove = (record: TrainingRecord) => deletion.remove(() => api.deleteTraining(record.id), `Deleted: ${record.title}, ${displayDate(record.deliveredOn)}.`);

  return (
    <section class="card" aria-labelledby="training-title">
      <div class="card-head">
        <h3 id="training-title" tabIndex={-1}>Staff training and awareness</h3>
      </div>
      <p class="muted">Induction and refresher training on the complaints handling procedure, and briefings or bulletins that keep staff aware of it (indicator 3).</p>
      {deletion.messages('The record was not deleted')}
      <NotLoaded loaded={loaded} what="training records" />
      {loaded.state === 'ok' &&
        (loaded.value.length === 0 ? (
          <p class="empty">No training or awareness activity has been recorded yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="grid" id="training-table">
              <caption class="sr-only">Training and awareness records, latest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Title</th>
                  <th scope="col">Audience</th>
                  <th scope="col" class="num">
                    Attendees
                  </th>
                  {props.canRecord && (
                    <th scope="col">
                      <span class="sr-only">Delete</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {loaded.value.map((t) => (
                  <tr key={t.id}>
                    <td class="nowrap">{displayDate(t.deliveredOn)}</td>
                    <td>{TRAINING_KIND_LABELS[t.kind] ?? t.kind}</td>
                    <td>{t.title}</td>
                    <td>{t.audience}</td>
                    <td class="num">{t.attendees}</td>
                    {props.canRecord && (
                      <td class="nowrap">
                        <DeleteButton what={`${t.title}, ${displayDate(t.deliveredOn)}`} onDelete={() => remove(t)} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {props.canRecord && <RecordForm spec={trainingForm(londonToday())} onSave={save} />}
    </section>
  );
}

const surveyForm = (thisMonth: string): RecordFormSpec => ({
  id: 'survey-form',
  title: 'Record a survey result',
  submit: 'Save survey result',
  fields: [
    { name: 'fromMonth', label: 'From month', kind: 'month', required: true, max: thisMonth, hint: 'The first month of complaints the survey asked about', missing: 'Enter the first month the survey asked about.' },
    { name: 'toMonth', label: 'To month', kind: 'month', required: true, max: thisMonth, hint: 'The last month (the same month for one month)', missing: 'Enter the last month the survey asked about.' },
    { name: 'responses', label: 'Responses', kind: 'number', required: true, min: 1, missing: 'Enter how many people answered.' },
    { name: 'satisfied', label: 'Satisfied', kind: 'number', required: true, min: 0, hint: 'How many of the responses were satisfied with how their complaint was handled', missing: 'Enter how many were satisfied.' },
    { name: 'method', label: 'Method', kind: 'text', required: true, hint: 'For example: Text message survey after closure', missing: 'Enter how the survey was done.' },
    { name: 'summary', label: 'Summary', kind: 'textarea', hint: 'What people said' },
  ],
});

function SurveySection(props: { api: Api; canRecord: boolean; version: number; changed: () => void }) {
  const { api } = props;
  const loaded = useLoaded(api.surveys, [api, props.version]);
  const deletion = useDeletion('surveys-title', props.changed);

  async function save(values: Record<string, string>): Promise<string> {
    const summary = values.summary.trim();
    const saved = await api.addSurvey({
      fromMonth: values.fromMonth,
      toMonth: values.toMonth,
      responses: Number(values.responses),
      satisfied: Number(values.satisfied),
      method: values.method.trim(),
      ...(summary ? { summary } : {}),
    });
    deletion.clear();
    props.changed();
    return `Saved: the survey of ${monthsCovered(saved.fromMonth, saved.toMonth)}, ${satisfiedText(saved.satisfied, saved.responses)} satisfied.`;
  }

  const remove = (survey: SurveyResult) => deletion.remove(() => api.deleteSurvey(survey.id), `Deleted: the survey of ${monthsCovered(survey.fromMonth, survey.toMonth)}.`);

  return (
    <section class="card" aria-labelledby="surveys-title">
      <div class="card-head">
        <h3 id="surveys-title" tabIndex={-1}>Customer satisfaction surveys</h3>
      </div>
      <p class="muted">What customers said about how their complaints were handled (indicator 2).</p>
      {deletion.messages('The survey result was not deleted')}
      <NotLoaded loaded={loaded} what="survey results" />
      {loaded.state === 'ok' &&
        (loaded.value.length === 0 ? (
          <p class="empty">No survey results have been recorded yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="grid" id="survey-table">
              <caption class="sr-only">Customer satisfaction survey results, latest first</caption>
              <thead>
                <tr>
                  <th scope="col">Months covered</th>
                  <th scope="col" class="num">
                    Responses
                  </th>
                  <th scope="col">Satisfied</th>
                  <th scope="col">Method</th>
                  <th scope="col">Summary</th>
                  {props.canRecord && (
                    <th scope="col">
                      <span class="sr-only">Delete</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {loaded.value.map((s) => (
                  <tr key={s.id}>
                    <td class="nowrap">{monthsCovered(s.fromMonth, s.toMonth)}</td>
                    <td class="num">{s.responses}</td>
                    <td class="nowrap">{satisfiedText(s.satisfied, s.responses)}</td>
                    <td>{s.method}</td>
                    <td>{s.summary ?? <span class="muted">—</span>}</td>
                    {props.canRecord && (
                      <td class="nowrap">
                        <DeleteButton what={`the survey of ${monthsCovered(s.fromMonth, s.toMonth)}`} onDelete={() => remove(s)} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {props.canRecord && <RecordForm spec={surveyForm(londonToday().slice(0, 7))} onSave={save} />}
    </section>
  );
}

export function Awareness(props: { api: Api; me: Me }) {
  const can = (p: string) => props.me.permissions.includes(p);
  /** Moves on every save or delete, so the lists and the report sentences load again. */
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <section aria-labelledby="awareness-title">
      <div class="page-head">
        <h2 id="awareness-title">Training and surveys</h2>
      </div>
      <p class="muted">
        The records behind two of the SPSO indicators in the quarterly and annual reports: staff awareness and training (indicator 3) and customer satisfaction with the complaints
        process (indicator 2).
      </p>
      <Statements api={props.api} version={version} />
      <TrainingSection api={props.api} canRecord={can('training.record')} version={version} changed={changed} />
      <SurveySection api={props.api} canRecord={can('survey.record')} version={version} changed={changed} />
    </section>
  );
}
