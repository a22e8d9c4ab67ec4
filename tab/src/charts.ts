/**
 * The report charts, with only the Chart.js parts they use registered (tree-shaken), in a chunk of
 * their own that loads when the reports view opens. Colours follow the theme's CSS variables.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { AnnualReport, QuarterlyReport } from '../../core/reports/models';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const css = (name: string, fallback: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function drawReportCharts(
  trendCanvas: HTMLCanvasElement,
  outcomeCanvas: HTMLCanvasElement,
  report: QuarterlyReport | AnnualReport,
  trend: QuarterlyReport['trend'],
): () => void {
  const text = css('--text', '#242424');
  const grid = css('--border', '#e0e0e0');
  const palette = [css('--chart-1', '#5b5fc7'), css('--chart-2', '#0f6cbd'), css('--chart-3', '#c4314b'), css('--chart-4', '#13a10e')];
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = css('--font', 'Segoe UI, system-ui, sans-serif');
  Chart.defaults.animation = false;

  const short = (label: string) => label.replace(/^.*\((.*)\)$/, '$1');
  const trendChart = new Chart(trendCanvas, {
    type: 'bar',
    data: {
      labels: trend.map((p) => short(p.period.label)),
      datasets: [
        { type: 'bar', label: 'Received', data: trend.map((p) => p.received), backgroundColor: palette[0], yAxisID: 'count' },
        { type: 'bar', label: 'Closed', data: trend.map((p) => p.closed), backgroundColor: palette[1], yAxisID: 'count' },
        {
          type: 'line',
          label: 'Stage 1 within timescale (%)',
          data: trend.map((p) => p.stage1WithinTimescalePercent),
          borderColor: palette[3],
          backgroundColor: palette[3],
          yAxisID: 'percent',
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        count: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Complaints' } },
        percent: { type: 'linear', position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } },
      },
    },
  });

  const all = report.indicators.all.kpi6Outcomes;
  const stages = [
    ['stage1', 'Stage 1'],
    ['stage2Direct', 'Stage 2 direct'],
    ['escalated', 'Escalated'],
  ] as const;
  const outcomes = [
    ['upheld', 'Upheld'],
    ['partiallyUpheld', 'Partially upheld'],
    ['notUpheld', 'Not upheld'],
    ['resolved', 'Resolved'],
  ] as const;
  const outcomeChart = new Chart(outcomeCanvas, {
    type: 'bar',
    data: {
      labels: stages.map(([, words]) => words),
      datasets: outcomes.map(([key, words], i) => ({ label: words, data: stages.map(([stage]) => all[stage][key].number), backgroundColor: palette[i] })),
    },
    options: {
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });

  return () => {
    trendChart.destroy();
    outcomeChart.destroy();
  };
}
