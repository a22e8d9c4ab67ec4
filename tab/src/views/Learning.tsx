/**
 * Learning that shows, in the tab: the SPSO journey of a report's period (figures from the report),
 * the liaison officer's list of cases open with the SPSO, and "did the improvement work?" for each
 * completed improvement action. Every figure is the server's; the counting rules are the report's.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ImprovementEffect } from '../../../core/reports/effect';
import type { AnnualReport, QuarterlyReport } from '../../../core/reports/models';
import { EFFECT_MIN_COMPLAINTS } from '../../../core/reports/effect';
import { SPSO_COUNTING_RULES, type OpenSpsoCase, type SpsoFigures } from '../../../core/reports/spso';
import type { Api } from '../api';
import { displayDate, OUTCOME_WORDS } from '../format';
import { ErrorMessage } from './common';

type Loaded<T> = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ok'; value: T };

function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setLoaded({ state: 'ok', value }),
      (error: Error) => live && setLoaded({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

function SpsoRow(props: { name: string; f: SpsoFigures }) {
  const { f } = props;
  const u = f.upheldAfterNotUpheld;
  return (
    <tr>
      <th scope="row">{props.name}</th>
      <td>{f.decided}</td>
      <td>{u.stage1}</td>
      <td>{u.stage2Direct}</td>
      <td>{u.escalated}</td>
      <td>{f.recommendationsDue}</td>
      <td>{f.recommendationsOverdue}</td>
      <td>{f.recommendationsImplemented}</td>
    </tr>
  );
}

/** The SPSO journey of the report's period, by service and stage, with the counting rules beside it. */
export function SpsoJourneyTable(props: { report: QuarterlyReport | AnnualReport }) {
  const journey = props.report.spso;
  if (!journey) return null;
  return (
    <section aria-labelledby="spso-journey-title" class="learning">
      <h4 id="spso-journey-title">Complaints to the SPSO</h4>
      <table class="grid" id="spso-journey">
        <caption>Decided by the SPSO in {props.report.period.label}, and its recommendations</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Decided</th>
            <th scope="col">Upheld after we did not uphold at stage 1</th>
            <th scope="col">… at stage 2 (direct)</th>
            <th scope="col">… at stage 2 (escalated)</th>
            <th scope="col">Recommendations due</th>
            <th scope="col">Overdue</th>
            <th scope="col">Implemented</th>
          </tr>
        </thead>
        <tbody>
          <SpsoRow name="All services" f={journey.all} />
          {journey.byService.map((s) => (
            <SpsoRow key={s.service} name={s.service} f={s.figures} />
          ))}
        </tbody>
      </table>
      <details>
        <summary>How these figures are counted</summary>
        <ul>
          {SPSO_COUNTING_RULES.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

type OpenItem = OpenSpsoCase & { owner?: string; ownerName?: string };

/** The liaison officer's list: cases undecided by the SPSO or with recommendations outstanding. */
export function OpenSpsoCases(props: { api: Api }) {
  const loaded = useLoad(() => props.api.request<{ items: OpenItem[] }>('GET', '/learning/spso-cases'));
  return (
    <section aria-labelledby="spso-cases-title" class="learning">
      <h2 id="spso-cases-title">Open SPSO cases</h2>
      <p class="muted">Cases the SPSO has not yet decided, or whose recommendations are not all implemented. Oldest referral first.</p>
      {loaded.state === 'loading' && <p role="status">Loading the SPSO cases…</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} title="The SPSO cases could not be loaded" />}
      {loaded.state === 'ok' &&
        (loaded.value.items.length === 0 ? (
          <p class="empty">No cases are open with the SPSO.</p>
        ) : (
          <table class="grid" id="spso-cases">
            <caption>Cases open with the SPSO</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Service</th>
                <th scope="col">Owner</th>
                <th scope="col">Referred on</th>
                <th scope="col">SPSO decision</th>
                <th scope="col">Recommendations outstanding</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.items.map((c) => (
                <tr key={c.reference}>
                  <th scope="row">
                    <a href={`#/case/${encodeURIComponent(c.reference)}`}>{c.reference}</a>
                  </th>
                  <td>{c.service}</td>
                  <td>{c.ownerName ?? c.owner ?? '—'}</td>
                  <td>{displayDate(c.referredOn)}</td>
                  <td>{c.decision ? `${OUTCOME_WORDS[c.decision] ?? c.decision}, ${displayDate(c.decidedOn)}` : 'Awaiting decision'}</td>
                  <td>
                    {c.outstanding.length === 0
                      ? '—'
                      : c.outstanding.map((r) => (
                          <div key={r.text}>
                            {r.text}: {r.dueOn ? `due ${displayDate(r.dueOn)}` : 'no due date'}
                            {r.overdue && <strong> (overdue)</strong>}
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

/** "Did the improvement work?" for every completed improvement action. */
export function ImprovementEffects(props: { api: Api }) {
  const loaded = useLoad(() => props.api.request<{ items: ImprovementEffect[] }>('GET', '/learning/improvement-effects'));
  return (
    <section aria-labelledby="effects-title" class="learning">
      <h2 id="effects-title">Did the improvements work?</h2>
      <p class="muted">
        For each completed action: complaints with the same root cause in the same service, in the same number of whole months before and after the month it was
        completed (up to 12). Fewer than {EFFECT_MIN_COMPLAINTS} complaints in the two periods together are too few to mean anything.
      </p>
      {loaded.state === 'loading' && <p role="status">Loading…</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} title="The effects could not be loaded" />}
      {loaded.state === 'ok' &&
        (loaded.value.items.length === 0 ? (
          <p class="empty">No improvement action has been completed yet.</p>
        ) : (
          <table class="grid" id="improvement-effects">
            <caption>Complaints before and after each completed improvement</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Service</th>
                <th scope="col">Root cause</th>
                <th scope="col">Completed</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">What it shows</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.items.map((e) => (
                <tr key={e.actionId}>
                  <th scope="row">{e.description}</th>
                  <td>{e.service}</td>
                  <td>{e.rootCauseCategory ?? '—'}</td>
                  <td>{displayDate(e.completedOn)}</td>
                  <td>{e.before?.complaints ?? '—'}</td>
                  <td>{e.after?.complaints ?? '—'}</td>
                  <td>{e.statement}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
