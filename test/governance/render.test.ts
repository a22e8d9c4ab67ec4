/**
 * The report formats, checked with real tools: the HTML with axe-core in headless Chromium (no
 * serious or critical violations), the PDF's text read back with PDF.js (organisation's name and totals), the CSV
 * parsed back (every figure, matching the indicators). Screenshots go to test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { reportDocument, type TableBlock } from '../../core/reports/document';
import { buildAnnualReport, buildQuarterlyReport, buildYouSaidWeDid, type Report } from '../../core/reports/models';
import { parseQuarter, parseYear } from '../../core/reports/periods';
import type { Case } from '../../core/types';
import { renderHtml } from '../../reports/html';
import { renderReport } from '../../reports/index';
import { launchChromium } from '../../reports/chromium';
import { PdfRenderer } from '../../reports/pdf';
import { pdfText } from '../support/pdfText';
import { monthlyOf, org, seededActions, seededCases, TODAY } from './report-fixtures';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

describe('governance: report formats (HTML + axe, PDF, CSV)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let pdf: PdfRenderer;
  let cases: Case[];
  let reports: Record<Report['kind'], Report>;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    cases = seededCases();
    const monthly = monthlyOf(cases);
    const improvements = seededActions(cases);
    const byRef = new Map(cases.map((c) => [c.reference, c]));
    const quarter = parseQuarter('2025/26-Q3', org.reportingYearStartMonth);
    const base = { org, monthly, improvements, today: TODAY };
    reports = {
      quarterly: buildQuarterlyReport({ ...base, period: quarter }),
      annual: buildAnnualReport({ ...base, period: parseYear('2025/26', 4) }, byRef),
      'you-said-we-did': buildYouSaidWeDid({ ...base, period: quarter }, byRef),
    };
    browser = await launchChromium();
    pdf = new PdfRenderer();
  });
  after(async () => {
    await browser?.close();
    await pdf?.close();
  });

  async function axeViolations(html: string, screenshot?: { file: string; fullPage: boolean }): Promise<AxeViolation[]> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    try {
      await page.setContent(html, { waitUntil: 'load' });
      if (screenshot) await page.screenshot({ path: path.join(ARTIFACTS, screenshot.file), fullPage: screenshot.fullPage });
      await page.addScriptTag({ content: AXE });
      const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })`)) as { violations: AxeViolation[] };
      return result.violations;
    } finally {
      await page.close();
    }
  }

  for (const kind of ['quarterly', 'annual', 'you-said-we-did'] as const) {
    for (const largePrint of [false, true]) {
      it(`${kind}${largePrint ? ' (large print)' : ''}: axe finds no serious or critical violation`, async () => {
        const html = renderHtml(reportDocument(reports[kind]), { largePrint });
        const shot = !largePrint && kind !== 'you-said-we-did' ? { file: `report-${kind}${kind === 'annual' ? '-first-page' : ''}.png`, fullPage: kind === 'quarterly' } : undefined;
        const violations = await axeViolations(html, shot);
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`), []);
      });
    }
  }

  it('the HTML has one h1, headed tables, and every chart an SVG with a text alternative and its numbers beside it', () => {
    const html = renderHtml(reportDocument(reports.quarterly));
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
    const tables = html.match(/<table/g)?.length ?? 0;
    assert.equal(html.match(/<caption id=/g)?.length, tables);
    assert.ok(tables > 10);
    const charts = [...html.matchAll(/<svg role="img" aria-labelledby="([^ ]+)-title \1-desc"/g)];
    assert.ok(charts.length >= 3);
    for (const [, id] of charts) {
      assert.match(html, new RegExp(`<desc id="${id}-desc">[^<]+\\d`));
      assert.match(html, new RegExp(`id="${id}">.*<ul class="chart-numbers"`, 's'));
    }
    assert.match(renderHtml(reportDocument(reports.quarterly), { largePrint: true }), /<html lang="en-GB" class="large-print">/);
  });

  it('the quarterly report flags services with few or no complaints, overdue actions and the top root causes', () => {
    const q = reports.quarterly;
    assert.equal(q.kind, 'quarterly');
    if (q.kind !== 'quarterly') return;
    assert.deepEqual(q.improvements.overdue.map((o) => o.id), ['imp-2']);
    assert.equal(q.improvements.completed, 3);
    assert.ok(q.rootCauses.length > 0);
    assert.deepEqual(q.quietServices, [{ service: 'Trading Standards', received: 0, flag: 'none' }]);
    const html = renderHtml(reportDocument(q));
    assert.match(html, /<th scope="row">Trading Standards<\/th><td class="num">0<\/td><td>No complaints<\/td>/);
    assert.match(html, /Pothole reports acknowledged within 2 days/);
    assert.match(html, /Services with few or no complaints/);
  });

  it('the PDF has the organisation’s name and the totals', async () => {
    const rendered = await renderReport(reports.annual, 'pdf', { pdf });
    assert.equal(rendered.contentType, 'application/pdf');
    const file = path.join(ARTIFACTS, rendered.filename);
    fs.writeFileSync(file, rendered.body);
    const text = await pdfText(rendered.body);
    const annual = reports.annual;
    if (annual.kind !== 'annual') throw new Error('annual expected');
    assert.match(text, /Glenmorven Council/);
    const total = annual.indicators.all.kpi4Received.total.toLocaleString('en-GB');
    assert.match(text, new RegExp(`Total complaints received\\s+${total}`));
    assert.match(text, new RegExp(`${annual.indicators.all.kpi5Closed.total.toLocaleString('en-GB')} complaints closed`));
    assert.match(text, /Page 1 of \d+/);
  });

  it('prints every table within the width of the A4 page: no column is cut off (normal and large print)', async () => {
    // The PDF's printable width: A4 less PdfRenderer's 16 mm margins, at 96 px to the inch.
    const printable = Math.floor(((210 - 2 * 16) / 25.4) * 96);
    for (const report of Object.values(reports)) {
      for (const largePrint of [false, true]) {
        const page = await browser.newPage({ viewport: { width: printable, height: 1000 } });
        try {
          await page.emulateMedia({ media: 'print' });
          await page.setContent(renderHtml(reportDocument(report), { largePrint }), { waitUntil: 'load' });
          const cut = (await page.evaluate(
            `[...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((t) => t.caption.textContent)`,
          )) as string[];
          assert.deepEqual(cut, [], `${report.kind}${largePrint ? ' (large print)' : ''}: tables wider than the page`);
        } finally {
          await page.close();
        }
      }
    }
  });

  it('the CSV has every figure of every table and chart, matching the indicators', () => {
    for (const report of Object.values(reports)) {
      const doc = reportDocument(report);
      const rows = parse(renderCsvText(report), { columns: true, bom: true }) as Record<string, string>[];
      const tables: TableBlock[] = [];
      const charts: number[] = [];
      const walk = (s: (typeof doc.sections)[number]): void => {
        for (const b of s.blocks) {
          if (b.kind === 'table') tables.push(b);
          if (b.kind === 'chart') charts.push(b.bars.length);
        }
        s.subsections?.forEach(walk);
      };
      doc.sections.forEach(walk);
      const figures = tables.reduce((n, t) => n + t.rows.length * t.columns.filter((c) => c.unit !== 'text' && c.unit !== 'date').length, 0) + charts.reduce((a, b) => a + b, 0);
      assert.equal(rows.length, figures, `${report.kind}: one CSV row per figure`);
      assert.ok(rows.every((r) => r.organisation === 'Glenmorven Council' && r.period === report.period.id));
    }
    const annual = reports.annual;
    if (annual.kind !== 'annual') throw new Error('annual expected');
    const rows = parse(renderCsvText(annual), { columns: true, bom: true }) as Record<string, string>[];
    const find = (section: string, row: string, measure: string) => rows.find((r) => r.section === section && r.row === row && r.measure === measure)?.value;
    assert.equal(find('Indicators 4 to 9', 'Total complaints received', 'Number'), String(annual.indicators.all.kpi4Received.total));
    assert.equal(find('Indicators 4 to 9', 'Stage 1 (frontline response)', 'Closed within timescale (%)'), String(annual.indicators.all.kpi8WithinTimescale.stage1.percent));
    assert.equal(find('Indicators by service › Service: Housing', 'Total complaints received', 'Number'), String(annual.indicators.byService.Housing.kpi4Received.total));
    assert.equal(find('Contractors and ALEOs', 'Total complaints received', 'Number'), String(annual.indicators.contractors.kpi4Received.total));
  });

  it('"you said, we did" shows the published actions in public words and refuses the one naming a customer', () => {
    const y = reports['you-said-we-did'];
    if (y.kind !== 'you-said-we-did') throw new Error('expected you-said-we-did');
    assert.deepEqual(y.actions.map((a) => a.actionId), ['imp-4', 'imp-3', 'imp-1']);
    assert.deepEqual(y.personalData.map((p) => p.actionId), ['imp-4']);
    const html = renderHtml(reportDocument(y));
    assert.match(html, /Not ready to publish: improvement action imp-4 is left out because its text contains a customer&#39;s name/);
    const named = cases.find((c) => c.reference === y.personalData[0].findings[0].caseReference)!;
    assert.doesNotMatch(html, new RegExp(named.customer.name!), 'the flagged text is not repeated in the public document');
    assert.match(html, /We now confirm every repair appointment by text the day before/);
    assert.doesNotMatch(html, /Waste operations team/, 'no staff or team names in the public text');
  });
});

function renderCsvText(report: Report): string {
  // Imported lazily to keep the CSV path identical to the API's (renderReport).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderCsv } = require('../../reports/csv') as typeof import('../../reports/csv');
  return renderCsv(reportDocument(report));
}
