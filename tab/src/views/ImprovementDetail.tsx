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
    props.onChanged(said);
    // The confirmation shows at the top of the action (props.confirmation), not a second time in the form.
    return '';
  }

  async function moveTarget(values: Record<string, string>): Promise<string> {
    await send({ type: 'change-target-date', targetDate: values.targetDate, reason: values.reason });
    const said = `Target date moved to ${displayDate(values.targetDate)}.`;
    props.onChanged(said);
    // The confirmation shows at the top of the action (props.confirmation), not a second time in the form.
    return '';
  }

  async function complete(values: Record<string, string>): Promise<string> {
    await send({ type: 'complete', on: values.on, note: values.note, evidence: values.evidence });
    const said = `Completed: ${action.description}.`;
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
      {props.confirmation}
      {failure && <ErrorMessage error={failure} title="Not done" />}
      {open && <NextSteps action={action} abilities={abilities} busy={busy} onStep={step} />}
      {open && abilities.update && action.status !== 'proposed' && <RecordForm spec={progressForm} onSave={saveProgress} />}
      {open && abilities.authorise && <RecordForm spec={targetForm(options.earliestTargetDate)} onSave={moveTarget} />}
      {open && abilities.update && action.status !== 'proposed' && <RecordForm spec={completeForm(options.today)} onSave={complete} />}
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

/** Authorise or start, as the person's roles allow; otherwise a sentence saying who does. */
function NextSteps(props: { action: ListedImprovement; abilities: ImprovementOptions['abilities']; busy: boolean; onStep: (body: Record<string, unknown>, said: string) => void }) {
  const { action, abilities, busy } = props;
  if (action.status === 'proposed') {
    return abilities.authorise ? (
      <div class="buttons">
        <button type="button" class="button primary" id="improvement-authorise" disabled={busy} onClick={() => props.onStep({ type: 'authorise' }, `Authorised: ${action.description}.`)}>
          Authorise
        </button>
      </div>
    ) : (
      <p class="muted" id="improvement-next">
        Waiting for authorisation by a manager (head of service, director, chief executive or complaints manager); your roles do not include authorising improvement actions.
      </p>
    );
  }
  if (action.status === 'authorised') {
    return abilities.update ? (
      <div class="buttons">
        <button type="button" class="button primary" id="improvement-start" disabled={busy} onClick={() => props.onStep({ type: 'start' }, `Work started: ${action.description}.`)}>
          Start work
        </button>
      </div>
    ) : (
      <p class="muted" id="improvement-next">
        Authorised; its owner records progress and completes it.
      </p>
    );
  }
  return null;
}
