/**
 * "You said, we did" in the tab: the quarter's public figures and changes as they will be published
 * (review), the complaints manager's publish step with a confirmation (publish), and the versions
 * already published with who published them and when. Publishing is the server's: it refuses personal
 * data, a second publication of the same quarter, and anyone without report.publish.
 */
import { useEffect, useState } from 'preact/hooks';
import { displayDateTime as formatDateTime } from '../format';
import type { YouSaidWeDidReport } from '../../../core/reports/models';
import type { Api } from '../api';
import { ErrorMessage } from './common';

export interface Publication {
  periodId: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName?: string;
}

const OUTCOME_ROWS = [
  ['upheld', 'Upheld (we agreed with the complaint)'],
  ['partiallyUpheld', 'Partially upheld'],
  ['notUpheld', 'Not upheld'],
  ['resolved', 'Resolved by agreement'],
] as const;

/** The public report as it will read: figures, then what changed. */
export function YouSaidWeDidBody(props: { report: YouSaidWeDidReport }) {
  const r = props.report;
  const flagged = new Set(r.personalData.map((p) => p.actionId));
  const shown = r.actions.filter((a) => !flagged.has(a.actionId));
  return (
    <div class="report you-said">
      {r.personalData.map((p) => (
        <p key={p.actionId} class="message error" role="alert">
          Not ready to publish: improvement action {p.actionId}. {p.message}
        </p>
      ))}
      <p>
        We received {r.received} complaints and gave a full response to {r.closed}.
        {r.services ? '' : ` Complaints about our contractors and arm’s-length organisations: ${r.contractors.received} received, ${r.contractors.closed} responded to.`}
      </p>
      <table class="grid" id="you-said-outcomes">
        <caption>What we found when we responded</caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Complaints</th>
          </tr>
        </thead>
        <tbody>
          {OUTCOME_ROWS.map(([key, words]) => (
            <tr key={key}>
              <th scope="row">{words}</th>
              <td>{r.outcomes[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 id="you-said-changes-title">What you told us and what we changed</h4>
      {shown.length === 0 ? (
        <p class="muted">No changes marked for publication this quarter.</p>
      ) : (
        <table class="grid" id="you-said-changes" aria-labelledby="you-said-changes-title">
          <thead>
            <tr>
              <th scope="col">You said</th>
              <th scope="col">We did</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.actionId}>
                <th scope="row">{a.youSaid}</th>
                <td>{a.weDid}</td>
                <td>{a.service}</td>
                <td>{a.state === 'done' ? 'Done' : 'In progress'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const publisher = (p: Publication): string => p.publishedByName ?? p.publishedBy;

/**
 * Review → publish for the complaints manager, and the published versions for everyone who reads
 * reports. `canPublish` comes from the server (report.publish); the server checks it again.
 */
export function PublishPanel(props: { api: Api; periodId: string; periodLabel: string; canPublish: boolean; ready: boolean; running: boolean }) {
  const { api, periodId } = props;
  const [list, setList] = useState<Publication[] | undefined>();
  const [listError, setListError] = useState<Error | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<Publication | undefined>();

  function reload() {
    api
      .request<{ items: Publication[] }>('GET', '/reports/you-said-we-did/publications')
      .then((r) => setList(r.items))
      .catch((e: Error) => setListError(e));
  }
  useEffect(reload, [api]);
  useEffect(() => {
    setConfirming(false);
    setError(undefined);
    setDone(undefined);
  }, [periodId]);

  async function publish() {
    setBusy(true);
    setError(undefined);
    try {
      const record = await api.request<Publication>('POST', `/reports/you-said-we-did/publish?period=${encodeURIComponent(periodId)}`);
      setDone(record);
      setConfirming(false);
      reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  async function read(p: Publication) {
    const file = await api.download(`/reports/you-said-we-did/published?period=${encodeURIComponent(p.periodId)}`).catch((e: Error) => setListError(e));
    if (!file) return;
    const url = URL.createObjectURL(new Blob([file.body], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  const published = list?.find((p) => p.periodId === periodId);
  return (
    <section aria-labelledby="publish-title" class="publish">
      <h4 id="publish-title">Publication</h4>
      {published ? (
        <p class="message success" role="status" id="publish-state">
          Published on {formatDateTime(published.publishedAt)} by {publisher(published)}. A published report is the public record and is not published again.
        </p>
      ) : done ? null : (
        <p class="muted" id="publish-state">
          Not published yet for {props.periodLabel}.
          {props.canPublish ? ' Check the figures and the changes above: this is exactly what the public will read.' : ' The complaints manager publishes it.'}
        </p>
      )}
      {props.canPublish && !published && !done && (
        <div class="publish-actions">
          {!confirming ? (
            <button type="button" class="button primary" id="publish-start" disabled={!props.ready} onClick={() => setConfirming(true)}>
              Publish “You said, we did”…
            </button>
          ) : (
            <span class="confirm" role="group" aria-label="Confirm publication">
              <span>
                Publish {props.periodLabel} for the public?{props.running ? ' This quarter is still running: its figures are so far.' : ''} It is recorded with your name and
                today’s date, and cannot be published again.
              </span>
              <button type="button" class="button primary" id="publish-confirm" disabled={busy} onClick={publish}>
                {busy ? 'Publishing…' : 'Publish now'}
              </button>
              <button type="button" class="button subtle" disabled={busy} onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          )}
          {!props.ready && <p class="muted">Remove the personal data shown above before publishing.</p>}
        </div>
      )}
      {error && <ErrorMessage error={error} title="Not published" />}
      <h4 id="published-title">Published versions</h4>
      {listError && <ErrorMessage error={listError} title="The published versions could not be read" />}
      {list && list.length === 0 && <p class="muted">Nothing has been published yet.</p>}
      {list && list.length > 0 && (
        <table class="grid" id="published-list" aria-labelledby="published-title">
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col">Published on</th>
              <th scope="col">By</th>
              <th scope="col">
                <span class="sr-only">Read</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.periodId}>
                <th scope="row">{p.periodId}</th>
                <td>{formatDateTime(p.publishedAt)}</td>
                <td>{publisher(p)}</td>
                <td>
                  <button type="button" class="button subtle" onClick={() => read(p)}>
                    Read as published<span class="sr-only"> ({p.periodId})</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
