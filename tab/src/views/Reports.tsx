/**
 * Reports: the three reports of the model CHP — the quarterly report to senior management, the
 * quarterly "you said, we did" (with the complaints manager's publish step) and the annual
 * performance report — for a chosen period and, for those whose role shows only their services, one
 * of those services. The SPSO indicators in the SPSO's order 1–9 (core/reports/indicator-order), the
 * period still running marked "so far" / "year to date", charts, and the exports (HTML, CSV, PDF, large
 * print) from the governance API. Periods are the core's (core/reports/periods); every figure is the
 * server's. Chart.js is loaded only when this view opens.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { FIGURE_INDICATORS, NARRATIVE_INDICATORS } from '../../../core/reports/indicator-order';
import type { AnnualReport, QuarterlyReport, Report } from '../../../core/reports/models';
import { lastCompletePeriod, previousQuarters, quarterOf, reportingYear, reportingYearOf, type ReportPeriod } from '../../../core/reports/periods';
import { periodLabelOn, periodProgress } from '../../../core/reports/so-far';
import { ApiError, type Api } from '../api';
import { londonToday } from '../format';
import { ErrorMessage } from './common';
import { SpsoJourneyTable } from './Learning';
import { PublishPanel, YouSaidWeDidBody } from './ReportPublish';

type Kind = 'quarterly' | 'annual' | 'you-said-we-did';
type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'error'; error: Error } | { state: 'ok'; report: Report };
/** Whose figures the person may read (GET /api/reports/scope). */
interface ReportScope {
  wholeOrganisation: boolean;
  services: string[];
  canPublish: boolean;
}

const KINDS: [Kind, string][] = [
  ['quarterly', 'Quarterly report to senior management'],
  ['you-said-we-did', '“You said, we did” (quarterly, public)'],
  ['annual', 'Annual complaints performance report'],
];

const DEFAULT_YEAR_START = 4;

export function periodChoices(kind: Kind, today: string, startMonth: number): ReportPeriod[] {
  if (kind !== 'annual') {
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

export const reportPath = (kind: Kind, periodId: string, format?: string, largePrint = false, service = ''): string =>
  `/reports/${kind}?period=${encodeURIComponent(periodId)}${format ? `&format=${format}` : ''}${largePrint ? '&largePrint=true' : ''}${service ? `&service=${encodeURIComponent(service)}` : ''}`;

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
  const [scope, setScope] = useState<ReportScope | undefined>();
  /** '' is the default: the whole organisation, or all of the person's services. */
  const [service, setService] = useState('');

  useEffect(() => {
    api
      .request<ReportScope>('GET', '/reports/scope')
      .then(setScope)
      .catch(() => setScope({ wholeOrganisation: true, services: [], canPublish: false }));
  }, [api]);

  useEffect(() => {
    if (!choices.some((p) => p.id === periodId)) setPeriodId(choices[kind === 'annual' ? 0 : 1]?.id ?? '');
  }, [kind]);

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    api
      .request<Report>('GET', reportPath(kind, periodId, 'json', false, service))
      .then((report) => {
        if (!live) return;
        // A server whose reports cannot answer as data yet sends the document instead.
        setLoaded(report && typeof report === 'object' && 'kind' in report && 'period' in report ? { state: 'ok', report } : { state: 'missing' });
      })
      .catch((error: Error) => live && setLoaded(error instanceof ApiError && error.status === 404 && !error.message.includes('period') ? { state: 'missing' } : { state: 'error', error }));
    return () => {
      live = false;
    };
  }, [api, kind, periodId, service]);

  /** Exports need the same sign-in as the API, so they are fetched and handed to the browser as a file. */
  async function download(format: string, words: string, largePrint = false) {
    setDownloadError(undefined);
    setPreparing(words);
    try {
      const blob = await api.download(reportPath(kind, periodId, format, largePrint, service));
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
          <select id="report-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            {KINDS.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>Period</span>
          <select id="report-period" value={periodId} onChange={(e) => setPeriodId(e.currentTarget.value)}>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {periodLabelOn(p, today)}
              </option>
            ))}
          </select>
        </label>
        {scope && <ServiceChoice scope={scope} value={service} onChange={setService} />}
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
      {loaded.state === 'ok' && (
        <div class="report">
          <ReportHeading report={loaded.report} />
          {loaded.report.kind === 'you-said-we-did' ? <YouSaidWeDidBody report={loaded.report} /> : <ReportBody report={loaded.report} />}
        </div>
      )}
      {kind === 'you-said-we-did' && !service && (
        <PublishPanel
          api={api}
          periodId={periodId}
          periodLabel={periodLabelOn(choices.find((p) => p.id === periodId) ?? choices[0], today)}
          canPublish={!!scope?.canPublish && !!scope.wholeOrganisation}
          ready={loaded.state === 'ok' && loaded.report.kind === 'you-said-we-did' && loaded.report.personalData.length === 0}
          running={periodProgress(choices.find((p) => p.id === periodId) ?? choices[0], today) !== 'complete'}
        />
      )}
    </section>
  );
}

/**
 * The service filter: whole-organisation readers may pick any service; a person whose role shows only
 * their services picks among those (all of them together by default).
 */
function ServiceChoice(props: { scope: ReportScope; value: string; onChange: (service: string) => void }) {
  const { scope } = props;
  if (!scope.wholeOrganisation && scope.services.length <= 1) {
    return (
      <p class="field report-scope" id="report-service-fixed">
        <span>Service</span> <strong>{scope.services[0] ?? 'none recorded for you'}</strong>
      </p>
    );
  }
  return (
    <label class="field">
      <span>Service</span>
      <select id="report-service" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{scope.wholeOrganisation ? 'Whole organisation' : `All my services (${scope.services.join(', ')})`}</option>
        {scope.services.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The period as it stands (so far / year to date) and whose figures these are. */
function ReportHeading(props: { report: Report }) {
  const { report } = props;
  const running = periodProgress(report.period, report.generatedOn) === 'so-far';
  return (
    <div class="report-heading">
      <h3>
        {periodLabelOn(report.period, report.generatedOn)}
      </h3>
      <p class={report.services ? 'message info' : 'muted'} id="report-whose">
        {report.services
          ? `Figures for ${report.services.length === 1 ? 'the service' : 'the services'} ${report.services.join(', ')} only, not the whole organisation. Complaints about contractors are counted for the whole organisation, not by service, so they are not included.`
          : `Figures for the whole of ${report.org.name}.`}
        {running ? ` The ${report.period.kind === 'year' ? 'year' : 'quarter'} is still running: figures are to date.` : ''}
      </p>
    </div>
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

/** Row of the indicators table for one figure indicator, cells per stage (indicator 4: received at that stage). */
function indicatorRows(all: QuarterlyReport['indicators']['all']): Record<(typeof FIGURE_INDICATORS)[number]['key'], [string, string[]][]> {
  const countPct = (f: Record<(typeof STAGES)[number][0], { number: number; percent: number | null }>) => STAGES.map(([k]) => `${f[k].number} (${pct(f[k].percent)})`);
  return {
    kpi4Received: [['Received', [String(all.kpi4Received.stage1), String(all.kpi4Received.stage2Direct), 'not counted again']]],
    kpi5Closed: [['Closed (% of all closed)', countPct(all.kpi5Closed)]],
    kpi6Outcomes: OUTCOME_WORDS.map(([key, words]) => [words, STAGES.map(([k]) => `${all.kpi6Outcomes[k][key].number} (${pct(all.kpi6Outcomes[k][key].percent)})`)]),
    kpi7AverageWorkingDays: [['Average working days', STAGES.map(([k]) => num(all.kpi7AverageWorkingDays[k]))]],
    kpi8WithinTimescale: [['Closed within timescale', countPct(all.kpi8WithinTimescale)]],
    kpi9Extended: [['Extension authorised', countPct(all.kpi9Extended)]],
  };
}

const OUTCOME_WORDS = [
  ['upheld', 'Upheld'],
  ['partiallyUpheld', 'Partially upheld'],
  ['notUpheld', 'Not upheld'],
  ['resolved', 'Resolved'],
] as const;

/** Class names kept from before, which tests and the training records page look for. */
const NARRATIVE_CLASS: Record<(typeof NARRATIVE_INDICATORS)[number]['key'], string> = {
  kpi1LearningFromComplaints: 'narrative-kpi1',
  kpi2ProcessExperience: 'narrative-kpi2',
  kpi3StaffAwarenessAndTraining: 'narrative-kpi3',
};

function ReportBody(props: { report: QuarterlyReport | AnnualReport }) {
  const { report } = props;
  const all = report.indicators.all;
  const trend = report.kind === 'quarterly' ? report.trend : report.quarters;
  const rows = indicatorRows(all);
  return (
    <div class="report-figures">
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
          <span class="kpi-value">{num(all.kpi7AverageWorkingDays.stage1)}</span>
          <span class="kpi-label">average working days at stage 1</span>
        </div>
        <div class="kpi">
          <span class="kpi-value">{pct(all.kpi8WithinTimescale.stage1.percent)}</span>
          <span class="kpi-label">stage 1 within 5 working days</span>
        </div>
      </div>
      {/* Indicators 1 to 3 are statements; 2 and 3 come from the records kept under "Training and surveys". */}
      {NARRATIVE_INDICATORS.map((i) => (
        <p key={i.key} class={NARRATIVE_CLASS[i.key]}>
          <strong>
            {i.number}. {i.name}
            {/* Surveys and training are recorded for the organisation, not by service. */}
            {report.services && i.key !== 'kpi1LearningFromComplaints' ? ' (whole organisation)' : ''}:
          </strong>{' '}
          {report.indicators[i.key] ?? 'not yet reported for this period.'}
        </p>
      ))}
      <table class="grid indicators" id="report-indicators">
        <caption>Indicators 4 to 9 by stage</caption>
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
          {FIGURE_INDICATORS.flatMap((i) =>
            rows[i.key].map(([words, cells]) => (
              <tr key={`${i.key}-${words}`} data-indicator={i.number}>
                <th scope="row">
                  {i.number}. {words}
                </th>
                {cells.map((cell, n) => (
                  <td key={n}>{cell}</td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
      <p class="muted">“—” means there is no figure: nothing was closed at that stage in this period. An escalated complaint is received once, at stage 1.</p>
      <Charts report={report} trend={trend} />
      {/* Eight columns: at 1024 px the table scrolls inside its own region, never the page. */}
      <div class="table-wrap" role="region" aria-label="Complaints to the SPSO (scrolls sideways)" tabIndex={0}>
        <SpsoJourneyTable report={report} />
      </div>
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
