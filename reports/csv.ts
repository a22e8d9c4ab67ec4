/**
 * Every figure of a report document as CSV, one figure per row: organisation, report, period,
 * section, table (or chart), row, measure, value, unit. Text cells (names, dates, statuses) are not
 * figures and are left out; a figure with no denominator is an empty value, never 0. Lists that are
 * content of their own (compliments quoted with consent) are the exception: one text row per item.
 *
 * The file is meant for spreadsheets, so text that a spreadsheet would run as a formula (a service
 * or contractor named "=HYPERLINK(…)") is neutralised with a leading apostrophe (OWASP "CSV
 * injection"); numbers in the value column are left as they are, so -3 stays a number.
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
      } else if (block.kind === 'list' && block.csv) {
        const { table, measure } = block.csv;
        block.items.forEach((item, i) => rows.push([...base, where, table, String(i + 1), measure, item, 'text']));
      } else if (block.kind === 'chart') {
        for (const bar of block.bars) rows.push([...base, where, `Chart: ${block.title}`, bar.label, block.title, bar.value === null ? '' : String(bar.value), block.unit]);
      }
    }
    for (const sub of section.subsections ?? []) walk(sub, where);
  };
  for (const section of doc.sections) walk(section, '');
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will show as text, never evaluate: a formula-like start gets a leading apostrophe. */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const VALUE_COLUMN = CSV_COLUMNS.indexOf('value');
const NUMBER = /^-?\d+(\.\d+)?$/;

export function renderCsv(doc: ReportDocument): string {
  const rows = figureRows(doc).map((row) => row.map((cell, i) => (i === VALUE_COLUMN && NUMBER.test(cell) ? cell : spreadsheetText(cell))));
  // A byte-order mark so spreadsheet programs read the UTF-8 (›, –, names) correctly.
  return `\ufeff${stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' })}`;
}
