/** `chp report`: a governance report of an organisation from the store, as HTML, CSV or PDF. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { londonDate } from '../../core/calendar';
import { REPORT_KINDS, type ReportKind } from '../../core/reports/models';
import { PeriodError } from '../../core/reports/periods';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../reports/index';
import { PdfRenderer } from '../../reports/pdf';
import { loadReport, resolvePeriod } from '../../reports/service';
import { connectFromEnv } from '../../store/connect';
import { LearningQueries } from '../../store/learning';
import { InputError, UsageError, type Command } from '../command';
import { optionalString, requiredString } from '../options';

export const reportCommand: Command = {
  summary: 'quarterly report, "you said, we did" or annual performance report from the store (html, csv, pdf)',
  help: `Usage: chp report <quarterly|annual|you-said-we-did> --org <id> [--period <p>] [--format html|csv|pdf] [--large-print] --out <file>

  --org          the organisation
  --period       quarter: 2026/27-Q1 (quarter of the reporting year) or 2026-04 (a month in it);
                 year: 2026/27 or 2026 (the year it starts in). Default: the last complete one.
  --format       html (accessible, self-contained), csv (every figure) or pdf (print-ready); default html
  --large-print  the large-print style (html and pdf)
  --out          where to write the file

The reporting year starts in the organisation's reportingYearStartMonth (April by default). Figures
come from the report aggregates (chp rebuild-aggregates rebuilds them). Store: Azure Cosmos DB when
COSMOS_ENDPOINT and COSMOS_KEY are set, else the local embedded server on CHP_DATA_DIR (./data).
Output: {"report", "org", "period", "format", "out", "bytes"}.`,
  options: { org: { type: 'string' }, period: { type: 'string' }, format: { type: 'string' }, 'large-print': { type: 'boolean' }, out: { type: 'string' } },
  positional: 'kind',
  async run(values, io) {
    const kind = (typeof values.kind === 'string' ? values.kind : '') as ReportKind;
    if (!kind) throw new UsageError(`say which report: chp report ${REPORT_KINDS.join('|')} --org …`);
    if (!REPORT_KINDS.includes(kind)) throw new UsageError(`the report is one of ${REPORT_KINDS.join(', ')}, not "${kind}"`);
    const orgId = requiredString(values, 'org');
    const format = (optionalString(values, 'format') ?? 'html') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format is one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
    const out = path.resolve(io.cwd, requiredString(values, 'out'));
    const connection = await connectFromEnv(process.env, io.cwd);
    const pdf = format === 'pdf' ? new PdfRenderer() : undefined;
    try {
      const org = await connection.store.orgs.get(orgId);
      if (!org) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
      const today = londonDate(new Date());
      let period;
      try {
        period = resolvePeriod(kind, optionalString(values, 'period'), org.settings, today);
      } catch (error) {
        if (error instanceof PeriodError || error instanceof RangeError) throw new UsageError(error.message);
        throw error;
      }
      const sources = {
        aggregates: connection.store.aggregates,
        improvements: connection.store.improvements,
        cases: connection.store.cases,
        awareness: connection.store.awareness,
        learning: new LearningQueries(connection.store.containers.cases),
      };
      const report = await loadReport(sources, org.settings, kind, period, today);
      const rendered = await renderReport(report, format, { largePrint: values['large-print'] === true, pdf });
      try {
        writeFileSync(out, rendered.body);
      } catch (error) {
        throw new InputError(`cannot write "${out}": ${(error as Error).message}`);
      }
      return { report: kind, org: orgId, period: period.id, format, out, bytes: rendered.body.length };
    } finally {
      await pdf?.close();
      await connection.close();
    }
  },
};
