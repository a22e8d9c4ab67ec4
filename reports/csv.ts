/**
 * Every figure of a report document as CSV, one figure per row: organisation, report, period,
 * section, table (or chart), row, measure, value, unit. Text cells (names, dates, statuses) are not
 * figures and are left out; a figure with no denominator is an empty value, never 0.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportDocument, Section } from '../core/reports/document';

export const CSV_COLUMNS = ['organisation', 'report', 'period', 'section', 'table', 'row', 'measure', 'value', 'unit'] as const;

export function figureRows(doc: ReportDocument): string[][] {
  const rows: string[][] = [];
  const base = [doc.orgName, doc.kind, doc.periodId];
  const walk = (section: Section, path: string): void => {
    const where = [path, section.heading].filter(Boolean).join(' › ');
    for (const block of section.blocks) {
      if (block.kind === 'table') {
        for (const row of block.rows) {
          row.cells.forEach((cell, i) => {
            const column = block.columns[i];
            if (column.unit === 'text' || column.unit === 'date') return;
            rows.push([...base, where, block.caption, row.header, column.label, cell === null ? '' : String(cell), column.unit]);
          });
        }
      } else if (block.kind === 'chart') {
        for (const bar of block.bars) rows.push([...base, where, `Chart: ${block.title}`, bar.label, block.title, bar.value === null ? '' : String(bar.value), block.unit]);
      }
    }
    for (const sub of section.subsections ?? []) walk(sub, where);
  };
  for (const section of doc.sections) walk(section, '');
  return rows;
}

export function renderCsv(doc: ReportDocument): string {
  // A byte-order mark so spreadsheet programs read the UTF-8 (›, –, names) correctly.
  return `\ufeff${stringify([[...CSV_COLUMNS], ...figureRows(doc)], { record_delimiter: '\r\n' })}`;
}
