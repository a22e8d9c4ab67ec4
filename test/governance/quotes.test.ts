/**
 * Compliments quoted with consent in the annual complaints performance report (HTML, CSV, PDF) and
 * in `chp report`: quoted, with the service named and no personal data; a compliment without
 * recorded consent is never quoted, and a quote whose words name its customer is left out.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildAnnualReport, buildQuarterlyReport, type ComplimentQuote } from '../../core/reports/models';
import { parseQuarter, parseYear } from '../../core/reports/periods';
import type { Case } from '../../core/types';
import { runCli } from '../../cli/run';
import { MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { renderReport } from '../../reports/index';
import { PdfRenderer } from '../../reports/pdf';
import { buildCase } from '../fixtures/build-case';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';
import { pdfText } from '../support/pdfText';

const calendar = new MemoCalendar();
const org = { ...sampleOrg('org-quotes', 'Lochanbeag Council'), services: ['Parks', 'Waste'] };
const YEAR = parseYear('2025/26', 4);

const MORAG = { withheldDetails: false, anonymous: false, name: 'Morag Baillie', email: 'morag@example.org' };
const QUOTES: ComplimentQuote[] = [
  { service: 'Parks', receivedOn: '2025-06-02', text: 'The new play park is wonderful.', customer: MORAG },
  { service: 'Waste', receivedOn: '2025-09-15', text: 'Thank you, Morag Baillie here, the crew were great.', customer: MORAG },
  { service: 'Waste', receivedOn: '2024-12-01', text: 'Received last year, not this one.', customer: MORAG },
];

describe('governance: compliments quoted with consent in the annual report', function () {
  this.timeout(120_000);
  let pdf: PdfRenderer | undefined;
  after(() => pdf?.close());

  it('quotes a compliment of the year with its service in the HTML, the CSV and the PDF, and leaves out a quote that names its customer', async () => {
    const report = buildAnnualReport({ org, period: YEAR, monthly: {}, improvements: [], today: '2026-04-10', quotes: QUOTES }, new Map());
    assert.deepEqual(report.feedback.quotes, [{ service: 'Parks', text: 'The new play park is wonderful.' }]);
    assert.equal(report.feedback.quotesWithheld, 1);

    const html = (await renderReport(report, 'html')).body.toString();
    assert.ok(html.includes('“The new play park is wonderful.” (Parks)'), 'the HTML quotes the compliment with its service');
    assert.ok(!html.includes('Morag'), 'the public report names nobody');
    assert.ok(!html.includes('last year'), 'only quotes received in the year');
    assert.ok(!html.includes('are not shown'), 'the public report does not discuss withheld quotes');

    const rows = parse((await renderReport(report, 'csv')).body.toString(), { columns: true, bom: true }) as Record<string, string>[];
    const quoted = rows.filter((r) => r.table === 'Compliments quoted with consent');
    assert.deepEqual(
      quoted.map((r) => [r.section, r.row, r.measure, r.value, r.unit]),
      [['Compliments and comments', '1', 'Quote', '“The new play park is wonderful.” (Parks)', 'text']],
    );

    pdf = new PdfRenderer();
    const text = (await pdfText((await renderReport(report, 'pdf', { pdf })).body)).replace(/\s+/g, ' ');
    assert.ok(text.includes('The new play park is wonderful.'), 'the PDF quotes the compliment');
    assert.ok(!text.includes('Morag'), 'the PDF names nobody');
  });

  it('tells senior management in the quarterly report that a quote was left out for its personal data', async () => {
    const report = buildQuarterlyReport({ org, period: parseQuarter('2025/26-Q2', 4), monthly: {}, improvements: [], today: '2025-10-10', quotes: QUOTES });
    const html = (await renderReport(report, 'html')).body.toString();
    assert.ok(html.includes('1 quote is not shown: the words name the customer or give contact details'));
    assert.ok(!html.includes('Morag Baillie here'));
  });

  it('writes a formula-like quote into the CSV as text a spreadsheet will not run', async () => {
    const report = buildAnnualReport({ org, period: YEAR, monthly: {}, improvements: [], today: '2026-04-10', quotes: [{ service: 'Parks', receivedOn: '2025-06-02', text: '=HYPERLINK("http://x.example")' }] }, new Map());
    const csv = (await renderReport(report, 'csv')).body.toString();
    assert.ok(csv.includes(`'“=HYPERLINK`) || csv.includes(`"“=HYPERLINK`), 'the quote is written as text');
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    assert.ok(rows.find((r) => r.table === 'Compliments quoted with consent')?.value.startsWith('“'), 'it begins with the opening quotation mark, never "="');
  });
});

async function chp(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('governance CLI: chp report quotes compliments only with recorded consent', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  let dir: string;
  const saved = { data: process.env.CHP_DATA_DIR, db: process.env.COSMOS_DATABASE };

  const compliment = (reference: string, received: string, service: string, changes: Partial<Case>): Case => ({
    ...buildCase(reference, { received, service, kind: 'compliment' }, calendar),
    orgId: org.orgId,
    customer: MORAG,
    ...changes,
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-quotes-'));
    f = await startFixture(path.join(dir, 'data'));
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
    process.env.COSMOS_DATABASE = 'chp-test';
    await f.store.orgs.put({ settings: org, roleAssignments: [] });
    const cases = [
      compliment('CMP-1', '2025-06-02', 'Parks', { nature: 'Said the play park is lovely', quoteWithConsent: { text: 'The new play park is wonderful.', recordedBy: 'u1', recordedAt: '2025-06-03T10:00:00Z' } }),
      compliment('CMP-2', '2025-07-08', 'Waste', { nature: 'The bin crew were very helpful, no consent asked' }),
      compliment('CMP-3', '2025-08-08', 'Waste', { nature: 'Thanked the crew', quoteWithConsent: { text: 'Morag Baillie says thanks to the crew.', recordedBy: 'u1', recordedAt: '2025-08-09T10:00:00Z' } }),
    ];
    for (const c of cases) await f.store.containers.cases.items.create({ ...c, id: c.reference, type: 'case', dueOn: '9999-12-31', search: '' });
  });
  after(async () => {
    process.env.CHP_DATA_DIR = saved.data;
    process.env.COSMOS_DATABASE = saved.db;
    await stopFixture(f);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('chp report annual (HTML and CSV) quotes the consented compliment, not the one without consent, and not the one naming its customer', async () => {
    const out = await chp('report', 'annual', '--org', org.orgId, '--period', '2025/26', '--format', 'html', '--out', path.join(dir, 'annual.html'));
    assert.equal(out.code, 0, out.stderr);
    const html = fs.readFileSync(path.join(dir, 'annual.html'), 'utf8');
    assert.ok(html.includes('“The new play park is wonderful.” (Parks)'), 'quoted with consent');
    assert.ok(!html.includes('bin crew were very helpful'), 'no quote without recorded consent');
    assert.ok(!html.includes('Morag'), 'no personal data');

    const csvOut = await chp('report', 'annual', '--org', org.orgId, '--period', '2025/26', '--format', 'csv', '--out', path.join(dir, 'annual.csv'));
    assert.equal(csvOut.code, 0, csvOut.stderr);
    const rows = parse(fs.readFileSync(path.join(dir, 'annual.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    assert.deepEqual(rows.filter((r) => r.table === 'Compliments quoted with consent').map((r) => r.value), ['“The new play park is wonderful.” (Parks)']);
  });

  it('chp report quarterly quotes the consented compliment of its quarter only', async () => {
    const out = await chp('report', 'quarterly', '--org', org.orgId, '--period', '2025/26-Q1', '--format', 'html', '--out', path.join(dir, 'q1.html'));
    assert.equal(out.code, 0, out.stderr);
    const html = fs.readFileSync(path.join(dir, 'q1.html'), 'utf8');
    assert.ok(html.includes('“The new play park is wonderful.” (Parks)'));
    const q2 = await chp('report', 'quarterly', '--org', org.orgId, '--period', '2025/26-Q2', '--format', 'html', '--out', path.join(dir, 'q2.html'));
    assert.equal(q2.code, 0, q2.stderr);
    const later = fs.readFileSync(path.join(dir, 'q2.html'), 'utf8');
    assert.ok(!later.includes('play park'), 'a quote belongs to the quarter it was received in');
    assert.ok(later.includes('1 quote is not shown'), 'the quote naming its customer is left out, and senior management is told');
  });
});
