/** One entry point for every report format: html, csv or pdf (large print is a style switch on html/pdf). */
import { reportDocument } from '../core/reports/document';
import type { Report } from '../core/reports/models';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import type { PdfRenderer } from './pdf';

export const REPORT_FORMATS = ['html', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedReport {
  contentType: string;
  body: Buffer;
  /** A file name a person would keep: `annual-2026-27-org-a.pdf`. */
  filename: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export function reportFilename(report: Report, format: ReportFormat, largePrint = false): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${report.kind}-${safe(report.period.id)}-${safe(report.org.orgId)}${largePrint ? '-large-print' : ''}.${format}`;
}

export async function renderReport(
  report: Report,
  format: ReportFormat,
  options: { largePrint?: boolean; pdf?: PdfRenderer } = {},
): Promise<RenderedReport> {
  const doc = reportDocument(report);
  const filename = reportFilename(report, format, options.largePrint && format !== 'csv');
  if (format === 'csv') return { contentType: CONTENT_TYPES.csv, body: Buffer.from(renderCsv(doc), 'utf8'), filename };
  const html = renderHtml(doc, { largePrint: options.largePrint });
  if (format === 'html') return { contentType: CONTENT_TYPES.html, body: Buffer.from(html, 'utf8'), filename };
  if (!options.pdf) throw new Error('a PdfRenderer is needed to render a PDF');
  const body = await options.pdf.render(html, `${doc.orgName} — ${doc.title} — ${doc.periodLabel}`);
  return { contentType: CONTENT_TYPES.pdf, body, filename };
}
