/**
 * One case: every recorded field, the running clock, the actions the viewer may take (offered from
 * GET available-actions, refused again by the API if forced) and the timeline of audit events.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ActionPlan, Api, Case, CaseloadItem, CaseloadOptions, StageRecord } from '../api';
import { ACTION_FORMS, INLINE_ACTIONS } from '../actions';
import { CHANNEL_WORDS, customerLabel, displayDate, displayDateTime, OUTCOME_WORDS, plural, readableSummary, STATUS_WORDS } from '../format';
import { ActionFormView } from './ActionForm';
import { CaseActions } from './CaseActions';
import { Icon } from '../icons';
import { CaseDocuments } from './CaseDocuments';
import { CaseFileExport } from './CaseFileExport';
import { DetailsEditor } from './DetailsEditor';
import { ErrorMessage, Facts, RagBadge, Section } from './common';
import { CaseImprovements } from './Improvements';
import { CaseNotes, SameCustomer } from './CaseNotes';
import { lazyView } from './lazy';
import { accessIsLogged } from '../../../core/access-log';

/** Shown to the complaints manager and the CSWO on sensitive cases only: loaded then. */
const AccessLog = lazyView(() => import('./AccessLog').then((m) => m.AccessLog), 'access log');
const WriteToCustomer = lazyView(() => import('./WriteToCustomer').then((m) => m.WriteToCustomer), 'letters');

export function CaseView(props: { api: Api; reference: string; options: CaseloadOptions | undefined; canProposeImprovements: boolean; canReadAccessLog?: boolean; canWriteToCustomer?: boolean; canExportCaseFile?: boolean }) {
  const { api, reference, options } = props;
  const [current, setCurrent] = useState<Case | undefined>();
  const [row, setRow] = useState<CaseloadItem | undefined>();
  const [plan, setPlan] = useState<ActionPlan | undefined>();
  const actions = plan?.actions ?? [];
  const [error, setError] = useState<Error | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const [c, r, a] = await Promise.all([api.getCase(reference), api.caseRow(reference), api.actionPlan(reference)]);
    setCurrent(c);
    setRow(r);
    setPlan(a);
    setError(undefined);
  }, [api, reference]);

  useEffect(() => {
    setCurrent(undefined);
    setOpen(undefined);
    setEditing(false);
    setNotice('');
    load()
      .then(() => heading.current?.focus())
      .catch((e: Error) => setError(e));
  }, [load]);

  const people = new Map((options?.people ?? []).map((p) => [p.userId, p.displayName]));
  const who = (id: string | undefined) => (id ? (people.get(id) ?? id) : undefined);

  /** Closing a form puts focus back on the button that opened it. */
  function closeForm(type: string) {
    setOpen(undefined);
    // A rare action's form was opened from the "More" menu: focus returns to the menu's button.
    (document.querySelector<HTMLElement>(`.action-list > [data-action="${type}"]`) ?? document.querySelector<HTMLElement>('.action-list .more-menu [slot="trigger"]'))?.focus();
  }

  async function send(body: Record<string, unknown>) {
    const result = await api.act(reference, { ...body, actionId: newActionId() });
    setOpen(undefined);
    setEditing(false);
    // The notice appears only once the case on screen shows the change it announces.
    await load();
    setNotice(`Done: ${readableSummary(result.event.summary, who)}`);
  }

  // Focus follows the notice once it is rendered, so screen readers announce the result.
  useEffect(() => {
    if (notice) document.getElementById('case-notice')?.focus();
  }, [notice]);

  if (error && !current) {
    return (
      <section>
        <p>
          <a href="#/" class="back-link">
            <Icon name="arrowLeft" />
            Caseload
          </a>
        </p>
        <ErrorMessage error={error} title={`Cannot open ${reference}`} />
      </section>
    );
  }
  if (!current) return <p class="muted">Opening {reference}…</p>;

  const offered = actions.filter((a) => ACTION_FORMS[a] && !INLINE_ACTIONS.has(a));
  const lookups = { staff: options?.staff ?? [], rootCauseCategories: options?.rootCauseCategories ?? [] };
  const c = current;

  return (
    <article class="case" aria-labelledby="case-title">
      <p>
        <a href="#/" class="back-link">
          <Icon name="arrowLeft" />
          Caseload
        </a>
      </p>
      <div class="page-head">
        <h2 id="case-title" tabIndex={-1} ref={heading}>
          {c.reference}
        </h2>
        <span class="status">{STATUS_WORDS[c.status] ?? c.status}</span>
        {row?.clock && <RagBadge rag={row.clock.rag} />}
        {c.legalHold && <span class="tag warn">Legal hold</span>}
        {c.legacyReference && <span class="tag">Previous system: {c.legacyReference}</span>}
      </div>
      {row?.clock && (
        <p class="clock-line">
          Stage {row.clock.stage} due <strong>{displayDate(row.clock.due)}</strong> —{' '}
          {row.clock.overdue
            ? `${plural(Math.max(1, -row.clock.workingDaysLeft), 'working day')} overdue`
            : row.clock.workingDaysLeft === 0
              ? 'due today'
              : `${plural(row.clock.workingDaysLeft, 'working day')} left`}
          .
        </p>
      )}
      {notice && (
        <div class="message success" role="status" id="case-notice" tabIndex={-1}>
          {notice}
        </div>
      )}

      <div class="case-layout">
        <div class="case-main">
          <Section
            title="Details"
            id="details-title"
            actions={
              actions.includes('update-details') && !editing ? (
                <button type="button" class="button subtle" onClick={() => setEditing(true)}>
                  Edit details
                </button>
              ) : undefined
            }
          >
            {editing ? (
              <DetailsEditor
                current={c}
                services={options?.services ?? []}
                onSave={(changes) => send({ type: 'update-details', changes })}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <Facts
                rows={[
                  ['Kind', c.kind.charAt(0).toUpperCase() + c.kind.slice(1)],
                  ['Customer', customerLabel(c.customer)],
                  ['Email', c.customer.email],
                  ['Phone', c.customer.phone],
                  ['Address', c.customer.address],
                  ['Representative', c.representative && `${c.representative.name}${c.representative.relationship ? ` (${c.representative.relationship})` : ''}${c.representative.consentRecorded ? ', consent recorded' : ', consent not recorded'}`],
                  ['Nature', <span class="pre">{c.nature}</span>],
                  ['Service', c.service],
                  ['Contractor or ALEO', c.contractor && `${c.contractor.name} (${c.contractor.kind === 'aleo' ? 'ALEO' : 'contractor'})`],
                  ['Social work', c.socialWork ? 'Yes' : 'No'],
                  ['Received', `${displayDateTime(c.receivedAt)} by ${CHANNEL_WORDS[c.channel] ?? c.channel}`],
                  ['Owner', who(c.owner) ?? 'Unassigned'],
                  ['Logged by', who(c.loggedBy)],
                  ['Source message', c.source?.webLink ? <a href={c.source.webLink} target="_blank" rel="noopener noreferrer">Open the original {c.source.kind === 'chat' ? 'Teams message' : 'email'}</a> : c.source && c.source.kind !== 'tab' ? `Linked ${c.source.kind}` : undefined],
                ]}
              />
            )}
          </Section>

          {c.stage1 && <StageSection title="Stage 1 — frontline response" id="stage1-title" stage={c.stage1} who={who} />}
          {c.stage2 && (
            <StageSection title={`Stage 2 — investigation (${c.stage2.route === 'direct' ? 'direct' : 'escalated'})`} id="stage2-title" stage={c.stage2} who={who}>
              <Facts
                rows={[
                  ['Initiated', displayDate(c.stage2.initiatedOn)],
                  ...(c.stage2.route === 'escalated' ? ([['Escalation reason', c.stage2.escalationReason]] as [string, string | undefined][]) : []),
                  ['Acknowledge by', displayDate(c.stage2.acknowledgeBy)],
                  ['Acknowledged', c.stage2.acknowledgedOn && displayDate(c.stage2.acknowledgedOn)],
                  [
                    'Sign-off',
                    c.stage2.signOff &&
                      `${c.stage2.signOff.decision ? (c.stage2.signOff.decision === 'approved' ? 'Approved' : 'Returned') + ` by ${who(c.stage2.signOff.decidedBy)}` : 'Awaiting a decision'}; drafted by ${who(c.stage2.signOff.author)}, proposed ${OUTCOME_WORDS[c.stage2.signOff.proposedOutcome] ?? c.stage2.signOff.proposedOutcome}${c.stage2.signOff.comments ? ` — “${c.stage2.signOff.comments}”` : ''}`,
                  ],
                  ...(c.stage2.signOff ? ([['Draft final position', <span class="pre">{c.stage2.signOff.draftSummary}</span>]] as [string, preact.ComponentChildren][]) : []),
                ]}
              />
            </StageSection>
          )}

          <CaseDocuments api={api} reference={c.reference} canAdd={actions.includes('add-document')} who={who} onChanged={load} />

          <Section title="Learning" id="learning-title">
            <Facts
              rows={[
                ['Root cause', c.rootCause && `${c.rootCause.category}${c.rootCause.text ? ` — ${c.rootCause.text}` : ''}`],
                ['Remedial action', c.remedialAction],
              ]}
            />
            <CaseImprovements api={api} current={c} lookups={lookups} canPropose={props.canProposeImprovements} />
          </Section>

          <CaseNotes api={api} reference={c.reference} />
          <SameCustomer
            api={api}
            reference={c.reference}
            linked={c.linkedCases ?? []}
            canLink={actions.includes('link-case')}
            onLinked={async (message) => (await load(), setNotice(message))}
          />

          {(c.spso || c.withdrawnOn || c.notAComplaintReason || c.legalHold || c.disposalOn) && (
            <Section title="Other records" id="other-title">
              <Facts
                rows={[
                  ...(c.spso
                    ? ([
                        ['Referred to the SPSO', displayDate(c.spso.referredOn)],
                        ['SPSO outcome', c.spso.decision && `${OUTCOME_WORDS[c.spso.decision] ?? c.spso.decision} on ${displayDate(c.spso.decidedOn)}`],
                        [
                          'SPSO recommendations',
                          c.spso.recommendations.length > 0 ? (
                            <ol>
                              {c.spso.recommendations.map((r, i) => (
                                <li key={i}>
                                  {r.text} — {r.implementedOn ? `implemented ${displayDate(r.implementedOn)}` : 'not yet implemented'}
                                </li>
                              ))}
                            </ol>
                          ) : (
                            'None'
                          ),
                        ],
                      ] as [string, preact.ComponentChildren][])
                    : []),
                  ...(c.withdrawnOn ? ([['Withdrawn', displayDate(c.withdrawnOn)]] as [string, string][]) : []),
                  ...(c.notAComplaintReason ? ([['Not a complaint because', c.notAComplaintReason]] as [string, string][]) : []),
                  ...(c.legalHold ? ([['Legal hold', `${c.legalHold.reason} (by ${who(c.legalHold.setBy)}, ${displayDateTime(c.legalHold.setAt)})`]] as [string, string][]) : []),
                  ...(c.disposalOn ? ([['May be disposed of from', displayDate(c.disposalOn)]] as [string, string][]) : []),
                ]}
              />
            </Section>
          )}
        </div>

        <aside class="case-side">
          <Section title="Actions" id="actions-title">
            <CaseActions plan={plan} offered={offered} open={open} onOpen={setOpen} />
            {open && ACTION_FORMS[open] && (
              <ActionFormView
                key={open}
                type={open}
                form={ACTION_FORMS[open]}
                current={c}
                lookups={lookups}
                confirm={plan?.more.find((m) => m.action === open)?.confirm}
                onSend={send}
                onCancel={() => closeForm(open)}
              />
            )}
          </Section>

          {props.canExportCaseFile && <CaseFileExport api={api} current={c} who={who} onProduced={load} />}
          <Section title="Timeline" id="timeline-title">
            <ol class="timeline" aria-label="Every change to this case, newest first">
              {[...c.events].reverse().map((e) => (
                <li key={e.id} data-event={e.type}>
                  <div class="when">
                    <time dateTime={e.at}>{displayDateTime(e.at)}</time> · {who(e.by)}
                  </div>
                  <div>{readableSummary(e.summary, who)}</div>
                </li>
              ))}
            </ol>
          </Section>

          {props.canWriteToCustomer && c.kind === 'complaint' && <WriteToCustomer api={api} reference={c.reference} />}
          {props.canReadAccessLog && accessIsLogged(c) && <AccessLog api={api} reference={c.reference} />}
        </aside>
      </div>
    </article>
  );
}

function StageSection(props: { title: string; id: string; stage: StageRecord; who: (id: string) => string | undefined; children?: preact.ComponentChildren }) {
  const s = props.stage;
  return (
    <Section title={props.title} id={props.id}>
      <Facts
        rows={[
          ['Clock started', displayDate(s.clock.startedOn)],
          ['Standard due date', displayDate(s.clock.standardDue)],
          ['Due', `${displayDate(s.clock.due)}${s.clock.extensionDays ? ` (extended by ${plural(s.clock.extensionDays, 'working day')})` : ''}`],
          [
            'Extensions',
            s.extensions.length > 0 ? (
              <ul>
                {s.extensions.map((x, i) => (
                  <li key={i}>
                    {plural(x.workingDays, 'working day')} by {props.who(x.authorisedBy)}: {x.reason}
                    {x.customerToldOn ? ` (customer told ${displayDate(x.customerToldOn)})` : ' (customer not yet told)'}
                  </li>
                ))}
              </ul>
            ) : (
              'None'
            ),
          ],
          ['Action taken', s.actionTaken],
          ['Outcome', s.outcome && (OUTCOME_WORDS[s.outcome] ?? s.outcome)],
          ['Closed', s.closedOn && displayDate(s.closedOn)],
        ]}
      />
      {props.children}
    </Section>
  );
}

function newActionId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `tab-${random}`;
}
