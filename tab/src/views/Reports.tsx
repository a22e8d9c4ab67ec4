/**
 * Reports: the SPSO indicators for a chosen quarter or reporting year, with charts, and the exports
 * (HTML, CSV, PDF, large print) from the governance API. Periods are the core's (core/reports/periods);
 * every figure is the server's. Chart.js is loaded only when this view opens.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnnualReport, QuarterlyReport } from '../../../core/reports/models';
import { lastCompletePeriod, previousQuarters, quarterOf, reportingYear, reportingYearOf, type ReportPeriod } from '../../../core/reports/periods';
import { ApiError, type Api } from '../api';
import { londonToday } from '../format';
import { ErrorMessage } from './common';
import { SpsoJourneyTable } from './Learning';

type Kind = 'quarterly' | 'annual';
type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'error'; error: Error } | { state: 'ok'; report: QuarterlyReport | AnnualReport };

const DEFAULT_YEAR_START = 4;

export function periodChoices(kind: Kind, today: string, startMonth: number): ReportPeriod[] {
  if (kind === 'quarterly') {
    // The quarter running now (figures to date), the last complete one (the default), then earlier ones.
    const last = lastCompletePeriod('quarter', today, startMonth);
    return [quarterOf(today.slice(0, 7), startMonth), last, ...previousQuarters(last, 6, startMonth).reverse()];
  }
  const thisYear = reportingYearOf(today.slice(0, 7), startMonth);
  return [0, 1, 2, 3].map((back) => reportingYear(thisYear - back, startMonth));
}

/** Export buttons: format, words on the button, large print. */
const EXPORTS: [string, string, boolean][] = [
  ['html', 'Web page (HTML)', false],
  ['csv', 'Spreadsheet (CSV)', false],
  ['pdf', 'PDF', false],
  ['pdf', 'Large print PDF', true],
];

export const reportPath = (kind: Kind, periodId: string, format?: string, largePrint = false): string =>
  `/reports/${kind}?period=${encodeURIComponent(periodId)}${format ? `&format=${format}` : ''}${largePrint ? '&largePrint=true' : ''}`;

export function Reports(props: { api: Api; yearStartMonth?: number }) {
  const { api } = props;
  const startMonth = props.yearStartMonth ?? DEFAULT_YEAR_START;
  const today = londonToday();
  const [kind, setKind] = useState<Kind>('quarterly');
  const choices = periodChoices(kind, today, startMonth);
  const [periodId, setPeriodId] = useState<string>(() => periodChoices('quarterly', today, startMonth)[1]?.id ?? '');
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [downloadError, setDownloadError] = useState<Error | undefined>();
  /** The export being prepared: a PDF takes a few seconds, so the person is told and cannot start a second one. */
  const [preparing, setPreparing] = useState<string | undefined>();

  useEffect(() => {
    if (!choices.some((p) => p.id === periodId)) setPeriodId(choices[kind === 'quarterly' ? 1 : 0]?.id ?? '');
  }, [kind]);

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    api
      .request<QuarterlyReport | AnnualReport>('GET', reportPath(kind, periodId, 'json'))
      .then((report) => {
        if (!live) return;
        // A server whose reports cannot answer as data yet sends the document instead.
        setLoaded(report && typeof report === 'object' && 'indicators' in report ? { state: 'ok', report } : { state: 'missing' });
      })
      .catch((error: Error) => live && setLoaded(error instanceof ApiError && error.status === 404 && !error.message.includes('period') ? { state: 'missing' } : { state: 'error', error }));
    return () => {
      live = false;
    };
  }, [api, kind, periodId]);

  /** Exports need the same sign-in as the API, so they are fetched and handed to the browser as a file. */
  async function download(format: string, words: string, largePrint = false) {
    setDownloadError(undefined);
    setPreparing(words);
    try {
      const blob = await api.download(reportPath(kind, periodId, format, largePrint));
      const url = URL.createObjectURL(blob.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = blob.filename ?? `${kind}-${periodId.replace(/[^A-Za-z0-9]+/g, '-')}.${format}`;
      if (format === 'html') link.target = '_blank';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setDownloadError(error as Error);
    } finally {
      setPreparing(undefined);
    }
  }

  return (
    <section aria-labelledby="reports-title">
      <div class="page-head">
        <h2 id="reports-title">Reports</h2>
      </div>
      <form class="filters" aria-label="Choose the report" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>Report</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="quarterly">Quarterly report to senior management</option>
            <option value="annual">Annual performance report</option>
          </select>
        </label>
        <label class="field grow">
          <span>Period</span>
          <select value={periodId} onChange={(e) => setPeriodId(e.currentTarget.value)}>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div class="exports" role="group" aria-label="Exports">
        <span>Export:</span>
        {EXPORTS.map(([format, words, largePrint]) => (
          <button key={words} type="button" class="button subtle" disabled={preparing !== undefined} onClick={() => download(format, words, largePrint)}>
            {words}
          </button>
        ))}
        <span role="status" class="muted">
          {preparing ? `Preparing the export: ${preparing}…${preparing.includes('PDF') ? ' A PDF takes a few seconds.' : ''}` : ''}
        </span>
      </div>
      {downloadError && <ErrorMessage error={downloadError} title="The export could not be made" />}
      {loaded.state === 'loading' && <p class="muted">Loading the indicators…</p>}
      {loaded.state === 'missing' && <p class="message info">Reports are not available on this server yet.</p>}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      {loaded.state === 'ok' && <ReportBody report={loaded.report} />}
    </section>
  );
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value}%`);
const num = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));

const STAGES = [
  ['stage1', 'Stage 1'],
  ['stage2Direct', 'Stage 2 direct'],
  ['escalated', 'Escalated'],
] as const;

/** The rate as people read it: a rate rounded to 0 from some complaints is "under 0.1", not 0. */
function per1000Words(rate: number | null, total: number): string {
  if (rate === null) return '';
  return `${rate === 0 && total > 0 ? 'under 0.1' : rate} per 1,000 population`;
}

function ReportBody(props: { report: QuarterlyReport | AnnualReport }) {
  const { report } = props;
  const all = report.indicators.all;
  const trend = report.kind === 'quarterly' ? report.trend : report.quarters;
  return (
    <div class="report">
      <h3>{report.period.label}</h3>
      <div class="kpis">
        <div class="kpi">
          <span class="kpi-value">{all.kpi4Received.total}</span>
          <span class="kpi-label">complaints received</span>
          <span class="muted">{per1000Words(all.kpi4Received.per1000Population, all.kpi4Received.total)}</span>
        </div>
        <div class="kpi">
          <span class="kpi-value">{all.kpi5Closed.total}</span>
          <span class="kpi-label">closed</span>
        </div>
        <div class="kpi">
          <span class="kpi-value">{pct(all.kpi8WithinTimescale.stage1.percent)}</span>
          <span class="kpi-label">stage 1 within 5 working days</span>
        </div>
        <div class="kpi">
          <span class="kpi-value">{num(all.kpi7AverageWorkingDays.stage1)}</span>
          <span class="kpi-label">average working days at stage 1</span>
        </div>
      </div>
      <p class="muted">“—” means there is no figure: nothing was closed at that stage in this period.</p>
      <Charts report={report} trend={trend} />
      <table class="grid indicators">
        <caption>Indicators 5 to 9 by stage</caption>
        <thead>
          <tr>
            <th scope="col">Indicator</th>
            {STAGES.map(([, words]) => (
              <th scope="col" key={words}>
                {words}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">5. Closed (% of all closed)</th>
            {STAGES.map(([k]) => (
              <td key={k}>
                {all.kpi5Closed[k].number} ({pct(all.kpi5Closed[k].percent)})
              </td>
            ))}
          </tr>
          {(
            [
              ['upheld', 'Upheld'],
              ['partiallyUpheld', 'Partially upheld'],
              ['notUpheld', 'Not upheld'],
              ['resolved', 'Resolved'],
            ] as const
          ).map(([key, words]) => (
            <tr key={key}>
              <th scope="row">6. {words}</th>
              {STAGES.map(([k]) => (
                <td key={k}>
                  {all.kpi6Outcomes[k][key].number} ({pct(all.kpi6Outcomes[k][key].percent)})
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">7. Average working days</th>
            {STAGES.map(([k]) => (
              <td key={k}>{num(all.kpi7AverageWorkingDays[k])}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">8. Closed within timescale</th>
            {STAGES.map(([k]) => (
              <td key={k}>
                {all.kpi8WithinTimescale[k].number} ({pct(all.kpi8WithinTimescale[k].percent)})
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">9. Extension authorised</th>
            {STAGES.map(([k]) => (
              <td key={k}>
                {all.kpi9Extended[k].number} ({pct(all.kpi9Extended[k].percent)})
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {report.indicators.kpi1LearningFromComplaints && (
        <p>
          <strong>1. Learning from complaints:</strong> {report.indicators.kpi1LearningFromComplaints}
        </p>
      )}
      {/* Indicators 2 and 3 come from the records kept under "Training and surveys". */}
      <p class="narrative-kpi2">
        <strong>2. Complaint process experience:</strong> {report.indicators.kpi2ProcessExperience ?? 'not yet reported for this period.'}
      </p>
      <p class="narrative-kpi3">
        <strong>3. Staff awareness and training:</strong> {report.indicators.kpi3StaffAwarenessAndTraining ?? 'not yet reported for this period.'}
      </p>
      <SpsoJourneyTable report={report} />
      {report.kind === 'quarterly' && report.quietServices.length > 0 && (
        <p>
          <strong>Services with few or no complaints:</strong> {report.quietServices.map((q) => q.service).join(', ')}
        </p>
      )}
    </div>
  );
}

function Charts(props: { report: QuarterlyReport | AnnualReport; trend: QuarterlyReport['trend'] }) {
  const trendCanvas = useRef<HTMLCanvasElement>(null);
  const outcomeCanvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<Error | undefined>();

  useEffect(() => {
    let destroy: (() => void) | undefined;
    let live = true;
    import('../charts')
      .then(({ drawReportCharts }) => {
        if (!live || !trendCanvas.current || !outcomeCanvas.current) return;
        destroy = drawReportCharts(trendCanvas.current, outcomeCanvas.current, props.report, props.trend);
      })
      .catch((e: Error) => setFailed(e));
    return () => {
      live = false;
      destroy?.();
    };
  }, [props.report]);

  const t = props.trend;
  return (
    <div class="charts">
      {failed && <ErrorMessage error={failed} title="The charts could not be drawn" />}
      <figure>
        <div class="chart-box">
          <canvas ref={trendCanvas} role="img" aria-label={`Complaints received and closed by period: ${t.map((p) => `${p.period.label}: ${p.received} received, ${p.closed} closed`).join('; ')}.`} />
        </div>
        <figcaption>Received and closed, with stage 1 closed within timescale (%)</figcaption>
      </figure>
      <figure>
        <div class="chart-box">
          <canvas ref={outcomeCanvas} role="img" aria-label="Outcomes of closed complaints at each stage; the same figures are in the table below." />
        </div>
        <figcaption>Outcomes at each stage</figcaption>
      </figure>
    </div>
  );
}
