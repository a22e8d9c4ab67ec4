/**
 * One improvement action, opened from the list: what it is, who owns it, its history (every change,
 * newest first), and the next steps the person's roles allow — authorise, start, record progress,
 * move the target date, complete with evidence. A step the person may not take is not shown as a
 * button; a sentence says who takes it instead. The API decides again when a step is sent.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImprovementAction } from '../../../core/learning';
import type { Api } from '../api';
import { displayDate, displayDateTime } from '../format';
import { ErrorMessage, Facts } from './common';
import type { ImprovementOptions, ListedImprovement } from './ImprovementWork';
import { RecordForm, type RecordFormSpec } from './RecordForm';

export const IMPROVEMENT_STATUS_WORDS: Record<string, string> = {
  proposed: 'Proposed',
  authorised: 'Authorised',
  'in-progress': 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

const progressForm: RecordFormSpec = {
  id: 'improvement-progress',
  title: 'Record progress',
  submit: 'Save progress',
  fields: [{ name: 'note', label: 'Progress', kind: 'textarea', required: true, hint: 'What has been done since the last update, and what is next.', missing: 'Write what has been done.' }],
};

const completeForm = (today: string): RecordFormSpec => ({
  id: 'improvement-complete',
  title: 'Complete the action',
  submit: 'Mark as completed',
  fields: [
    { name: 'on', label: 'Completed on', kind: 'date', required: true, initial: today, max: today },
    { name: 'note', label: 'What was done', kind: 'textarea', required: true, missing: 'Say what was done to complete the action.' },
    {
      name: 'evidence',
      label: 'Evidence',
      kind: 'textarea',
      required: true,
      hint: 'What shows it was done: the changed procedure or letter, a report, figures — with where to find it.',
      missing: 'Give the evidence that the action was done.',
    },
  ],
});

const targetForm = (earliest: string): RecordFormSpec => ({
  id: 'improvement-target',
  title: 'Move the target date',
  submit: 'Move the target date',
  fields: [
    { name: 'targetDate', label: 'New target date', kind: 'date', required: true, hint: `A working day, from ${displayDate(earliest)}.` },
    { name: 'reason', label: 'Reason', kind: 'textarea', required: true, missing: 'Give the reason the target date moves.' },
  ],
});

export function ImprovementDetail(props: {
  api: Api;
  action: ListedImprovement;
  options: ImprovementOptions;
  /** The confirmation of the last step, shown at the top of the action once the list has reloaded. */
  confirmation?: ComponentChildren;
  onChanged: (said: string) => void;
  onClose: () => void;
}) {
  const { api, action, options } = props;
  const { abilities } = options;
  const heading = useRef<HTMLHeadingElement>(null);
  const [failure, setFailure] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<FormName | undefined>();
  const open = ['proposed', 'authorised', 'in-progress'].includes(action.status);
  const names = new Map(options.owners.map((p) => [p.userId, p.displayName]));

  useEffect(() => heading.current?.focus(), []);

  async function send(body: Record<string, unknown>): Promise<ImprovementAction> {
    const result = await api.request<{ action: ImprovementAction }>('POST', `/improvements/${encodeURIComponent(action.id)}/actions`, body);
    return result.action;
  }

  async function step(body: Record<string, unknown>, said: string) {
    setBusy(true);
    setFailure(undefined);
    try {
      await send(body);
      props.onChanged(said);
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setBusy(false);
    }
  }

  async function saveProgress(values: Record<string, string>): Promise<string> {
    await send({ type: 'add-follow-up', note: values.note });
    const said = `Progress recorded on: ${action.description}.`;
    setForm(undefined);
    props.onChanged(said);
    // The confirmation shows at the top of the action (props.confirmation), not a second time in the form.
    return '';
  }

  async function moveTarget(values: Record<string, string>): Promise<string> {
    await send({ type: 'change-target-date', targetDate: values.targetDate, reason: values.reason });
    const said = `Target date moved to ${displayDate(values.targetDate)}.`;
    setForm(undefined);
    props.onChanged(said);
    // The confirmation shows at the top of the action (props.confirmation), not a second time in the form.
    return '';
  }

  async function complete(values: Record<string, string>): Promise<string> {
    await send({ type: 'complete', on: values.on, note: values.note, evidence: values.evidence });
    const said = `Completed: ${action.description}.`;
    setForm(undefined);
    props.onChanged(said);
    // The confirmation shows at the top of the action (props.confirmation), not a second time in the form.
    return '';
  }

  const cases =
    action.caseReferences.length === 0 ? (
      <span class="muted">From a trend</span>
    ) : (
      action.caseReferences.map((r, i) => (
        <span key={r}>
          {i > 0 && ', '}
          <a href={`#/case/${r}`}>{r}</a>
        </span>
      ))
    );

  return (
    <section class="card" id="improvement-detail" aria-labelledby="improvement-detail-title">
      <div class="card-head">
        <h3 id="improvement-detail-title" tabIndex={-1} ref={heading}>
          {action.description}
        </h3>
        <button type="button" class="button subtle" onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.confirmation}
      <Facts
        rows={[
          [
            'Status',
            <>
              {action.overdue && <span class="rag rag-red">Overdue</span>} {IMPROVEMENT_STATUS_WORDS[action.status] ?? action.status}
            </>,
          ],
          ['Service', action.service],
          ['Owner', `${action.owner.displayName}${action.owner.kind === 'team' ? ' (team)' : ''}`],
          ['Target date', displayDate(action.targetDate)],
          ['Root cause', action.rootCauseCategory],
          ['Cases', cases],
          ['Authorised', action.authorisedAt ? `${action.authorisedByName ?? action.authorisedBy}, ${displayDate(action.authorisedAt.slice(0, 10))}` : undefined],
          ...(action.completedOn ? ([['Completed on', displayDate(action.completedOn)]] as [string, string][]) : []),
          ...(action.status === 'completed' ? ([['Evidence', action.completionEvidence]] as [string, string | undefined][]) : []),
        ]}
      />
      {failure && <ErrorMessage error={failure} title="Not done" />}
      {open && <NextSteps action={action} abilities={abilities} busy={busy} form={form} onForm={setForm} onStep={step} />}
      {open && form === 'progress' && <RecordForm spec={progressForm} onSave={saveProgress} />}
      {open && form === 'target' && <RecordForm spec={targetForm(options.earliestTargetDate)} onSave={moveTarget} />}
      {open && form === 'complete' && <RecordForm spec={completeForm(options.today)} onSave={complete} />}
      <h4 id="improvement-history-title">History</h4>
      <ol class="timeline" aria-labelledby="improvement-history-title">
        {[...action.events].reverse().map((e) => (
          <li key={e.id}>
            <div class="when">
              {displayDateTime(e.at)} · {names.get(e.by) ?? e.by}
            </div>
            {e.summary}
          </li>
        ))}
      </ol>
      {action.followUps.length > 0 && (
        <>
          <h4 id="improvement-progress-title">Progress notes</h4>
          <ul aria-labelledby="improvement-progress-title">
            {[...action.followUps].reverse().map((n) => (
              <li key={n.at}>
                <span class="muted">{displayDate(n.at.slice(0, 10))}:</span> {n.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type FormName = 'progress' | 'target' | 'complete';

const FORM_BUTTONS: [FormName, string][] = [
  ['progress', 'Record progress'],
  ['complete', 'Complete the action'],
  ['target', 'Move the target date'],
];

/**
 * The next step as the one primary button (authorise, start, record progress), the other steps the
 * person's roles allow beside it, each opening its form; with no step allowed, a sentence saying who acts.
 */
function NextSteps(props: {
  action: ListedImprovement;
  abilities: ImprovementOptions['abilities'];
  busy: boolean;
  form: FormName | undefined;
  onForm: (form: FormName | undefined) => void;
  onStep: (body: Record<string, unknown>, said: string) => void;
}) {
  const { action, abilities, busy } = props;
  const working = action.status !== 'proposed';
  const forms = FORM_BUTTONS.filter(([name]) => (name === 'target' ? abilities.authorise : working && abilities.update));
  const step =
    action.status === 'proposed' && abilities.authorise
      ? { id: 'improvement-authorise', words: 'Authorise', body: { type: 'authorise' }, said: `Authorised: ${action.description}.` }
      : action.status === 'authorised' && abilities.update
        ? { id: 'improvement-start', words: 'Start work', body: { type: 'start' }, said: `Work started: ${action.description}.` }
        : undefined;
  const waiting =
    action.status === 'proposed' && !abilities.authorise
      ? 'Waiting for authorisation by a manager (head of service, director, chief executive or complaints manager); your roles do not include authorising improvement actions.'
      : !abilities.update
        ? 'Its owner records progress and completes it; your roles do not include updating improvement actions.'
        : undefined;
  return (
    <>
      {waiting && (
        <p class="muted" id="improvement-next">
          {waiting}
        </p>
      )}
      {(step || forms.length > 0) && (
        <div class="buttons sub" role="group" aria-label="Next steps">
          {step && (
            <button type="button" class="button primary" id={step.id} disabled={busy} onClick={() => props.onStep(step.body, step.said)}>
              {step.words}
            </button>
          )}
          {forms.map(([name, words], index) => (
            <button
              type="button"
              key={name}
              id={`improvement-open-${name}`}
              class={`button${!step && index === 0 ? ' primary' : ''}${props.form === name ? ' selected' : ''}`}
              aria-expanded={props.form === name}
              onClick={() => props.onForm(props.form === name ? undefined : name)}
            >
              {words}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
