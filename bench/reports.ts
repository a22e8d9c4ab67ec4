/**
 * Reports bench: the annual report over generated cases' aggregates in the embedded store —
 * 200,000 cases by default so `npm run bench` finishes in minutes; `--cases 1000000` (or `--full`)
 * for the full-size figure (the report's cost does not grow with the case count: it reads months).
 *
 *   npx tsx bench/reports.ts [--cases N | --full] [--sample 500] [--remember] [--runs 5]
 *
 * 1. Builds the aggregates: cases are generated and their contributions computed in memory in
 *    batches of 10,000, then the monthly documents are written (AggregateStore.rebuild). Writing a
 *    million case documents through the local server at ~300 writes/s would take about an hour, so
 *    the cases themselves are not stored here (so `--remember`, which corrects stored cases'
 *    contributions, finds none).
 * 2. Times the annual report after the aggregates exist: load (aggregates + improvement actions) and
 *    render to HTML and CSV, median of `--runs`; one PDF too. Target: < 2 s for load + HTML.
 * 3. Measures case-write throughput on a smaller sample (`--sample`), through the store's update
 *    path (case + aggregates) and, for comparison, case documents alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { londonDate } from '../core/calendar';
import { parseYear } from '../core/reports/periods';
import type { Case } from '../core/types';
import { renderReport } from '../reports/index';
import { PdfRenderer } from '../reports/pdf';
import { loadReport } from '../reports/service';
import { toDocument } from '../store/case-document';
import { startEmbeddedCosmos } from '../store/embedded';
import { openStore } from '../store/index';
import { generateCaseBatches, MemoCalendar, sampleOrg } from './generate-cases';

const { values } = parseArgs({
  options: { full: { type: 'boolean', default: false }, cases: { type: 'string', default: '200000' }, sample: { type: 'string', default: '500' }, runs: { type: 'string', default: '5' }, remember: { type: 'boolean', default: false } },
});
const CASES = values.full ? 1_000_000 : Number(values.cases);
const SAMPLE = Number(values.sample);
const RUNS = Number(values.runs);

const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;
const seconds = (ms: number): number => Math.round(ms) / 1000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-reports-'));
  const embedded = await startEmbeddedCosmos({ dataDir });
  const store = await openStore({ endpoint: embedded.endpoint, key: embedded.key, agent: embedded.agent, databaseId: 'bench' });
  const org = sampleOrg('org-bench', 'Glenmorven Council');
  const sampleOrgSettings = { ...sampleOrg('org-sample', 'Sample Council') };
  await store.orgs.put({ settings: org, roleAssignments: [] });
  await store.orgs.put({ settings: sampleOrgSettings, roleAssignments: [] });
  const calendar = new MemoCalendar();
  const today = '2026-04-20';
  const results: Record<string, unknown> = { cases: CASES, node: process.version, cpus: os.cpus().length };

  try {
    log(`Building aggregates for ${CASES.toLocaleString('en-GB')} generated cases (contributions computed in memory, batches of 10,000; monthly documents written to the embedded store).`);
    log('The cases themselves are not written: at ~300 writes/s through the local server a million would take about an hour (case-write throughput is measured below on a sample).');
    const buildStart = performance.now();
    async function* pages(): AsyncGenerator<Case[]> {
      let done = 0;
      for (const batch of generateCaseBatches(CASES, 10_000, { org, calendar, from: '2021-04-01', to: '2026-03-31', today, seed: 42 })) {
        done += batch.length;
        if (done % 200_000 === 0) log(`  … ${done.toLocaleString('en-GB')} cases, ${seconds(performance.now() - buildStart)} s, heap ${mb(process.memoryUsage().heapUsed)} MB`);
        yield batch;
      }
    }
    const built = await store.aggregates.rebuild(org.orgId, pages(), calendar, { rememberCases: values.remember });
    const buildMs = performance.now() - buildStart;
    results.build = { seconds: seconds(buildMs), casesPerSecond: Math.round((CASES / buildMs) * 1000), ...built, peakRssMB: mb(process.resourceUsage().maxRSS * 1024) };
    log(`Aggregates built in ${seconds(buildMs)} s (${built.months} month documents${values.remember ? `, ${built.casesCorrected} stored case contributions corrected` : ''}); peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)} MB.`);

    // 2. The annual report from the aggregates.
    const period = parseYear('2025/26', org.reportingYearStartMonth);
    const sources = { aggregates: store.aggregates, improvements: store.improvements, cases: store.cases, awareness: store.awareness };
    const loadTimes: number[] = [];
    const htmlTimes: number[] = [];
    const csvTimes: number[] = [];
    const heapBefore = process.memoryUsage().heapUsed;
    let received = 0;
    let htmlBytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const t0 = performance.now();
      const report = await loadReport(sources, org, 'annual', period, today);
      const t1 = performance.now();
      const html = await renderReport(report, 'html');
      const t2 = performance.now();
      await renderReport(report, 'csv');
      const t3 = performance.now();
      loadTimes.push(t1 - t0);
      htmlTimes.push(t2 - t0);
      csvTimes.push(t3 - t2);
      if (report.kind === 'annual') received = report.indicators.all.kpi4Received.total;
      htmlBytes = html.body.length;
    }
    const pdf = new PdfRenderer();
    const p0 = performance.now();
    const pdfReport = await renderReport(await loadReport(sources, org, 'annual', period, today), 'pdf', { pdf });
    const pdfMs = performance.now() - p0;
    await pdf.close();
    const annual = {
      period: period.id,
      complaintsReceivedInYear: received,
      loadMedianMs: Math.round(median(loadTimes)),
      loadAndHtmlMedianMs: Math.round(median(htmlTimes)),
      csvMedianMs: Math.round(median(csvTimes)),
      pdfMs: Math.round(pdfMs),
      htmlKB: Math.round(htmlBytes / 1024),
      pdfKB: Math.round(pdfReport.body.length / 1024),
      heapDeltaMB: mb(process.memoryUsage().heapUsed - heapBefore),
      target: 'load + HTML < 2000 ms',
      met: median(htmlTimes) < 2000,
    };
    results.annualReport = annual;
    log(`Annual report ${period.id} (${received.toLocaleString('en-GB')} complaints received in the year): load ${annual.loadMedianMs} ms, load + HTML ${annual.loadAndHtmlMedianMs} ms (median of ${RUNS}; target < 2000 ms: ${annual.met ? 'met' : 'NOT met'}), CSV ${annual.csvMedianMs} ms, PDF ${annual.pdfMs} ms (incl. Chromium start).`);

    // 3. Case-write throughput on a sample, through the update path and without aggregates.
    const sample = [...generateCaseBatches(SAMPLE, SAMPLE, { org: sampleOrgSettings, calendar, from: '2025-04-01', to: '2026-03-31', today, seed: 9 })][0];
    const w0 = performance.now();
    for (const c of sample) await store.cases.create(c);
    const withAggregatesMs = performance.now() - w0;
    const bare = sample.map((c) => ({ ...c, reference: c.reference.replace('CHP-', 'RAW-') }));
    const w1 = performance.now();
    for (const c of bare) await store.containers.cases.items.create(toDocument(c));
    const bareMs = performance.now() - w1;
    const u0 = performance.now();
    for (const c of sample.slice(0, Math.min(200, SAMPLE))) {
      await store.cases.update(c.orgId, c.reference, (x) => ({ ok: true, value: { case: { ...x, rootCause: { category: 'Delay' } } } }));
    }
    const updateMs = performance.now() - u0;
    results.caseWrites = {
      sample: SAMPLE,
      createWithAggregatesPerSecond: Math.round((SAMPLE / withAggregatesMs) * 1000),
      createCaseDocumentOnlyPerSecond: Math.round((SAMPLE / bareMs) * 1000),
      updateWithAggregatesPerSecond: Math.round((Math.min(200, SAMPLE) / updateMs) * 1000),
      projectedHoursFor1MCreates: Math.round((1_000_000 / (SAMPLE / withAggregatesMs) / 3_600_000) * 10) / 10,
    };
    log(
      `Case writes (sequential, one client): create with aggregates ${(results.caseWrites as { createWithAggregatesPerSecond: number }).createWithAggregatesPerSecond}/s, ` +
        `case document alone ${(results.caseWrites as { createCaseDocumentOnlyPerSecond: number }).createCaseDocumentOnlyPerSecond}/s, update with aggregates ${(results.caseWrites as { updateWithAggregatesPerSecond: number }).updateWithAggregatesPerSecond}/s.`,
    );
    results.peakRssMB = mb(process.resourceUsage().maxRSS * 1024);
    results.finishedOn = londonDate(new Date());
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await store.close();
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
