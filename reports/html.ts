/**
 * Accessible HTML for a report document: one h1, section headings in order, tables with captions and
 * row/column headers, charts as inline SVG with a text alternative and their numbers listed beside
 * them. Self-contained (inline CSS, no scripts, no external requests) so it can be published as is,
 * saved, or printed to PDF. `largePrint` switches the style to a large-print variant.
 */
import type { Block, Cell, ChartBlock, ReportDocument, Section, TableBlock, Unit } from '../core/reports/document';
import { formatDate } from '../core/labels';

export interface HtmlOptions {
  largePrint?: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A figure as people read it; null is "no figure" (no denominator), never 0 or NaN. */
export function formatFigure(value: Cell, unit: Unit): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const text = NUMBER.format(value);
  return unit === 'percent' ? `${text}%` : text;
}

function cellHtml(value: Cell, unit: Unit): string {
  if (value === null) return '<td class="none"><span aria-hidden="true">–</span><span class="visually-hidden">no figure</span></td>';
  const numeric = typeof value === 'number';
  return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(formatFigure(value, unit))}</td>`;
}

function tableHtml(t: TableBlock): string {
  const head = `<tr><th scope="col">${escapeHtml(t.rowHeader)}</th>${t.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr><th scope="row">${escapeHtml(r.header)}</th>${r.cells.map((cell, i) => cellHtml(cell, t.columns[i].unit)).join('')}</tr>`).join('\n');
  const empty = t.rows.length === 0 ? `<tr><td colspan="${t.columns.length + 1}">Nothing to show for this period.</td></tr>` : '';
  const id = escapeHtml(t.id);
  // A wide table scrolls sideways: the region is focusable so keyboard users can scroll it too.
  return `<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0"><table id="${id}">\n<caption id="${id}-caption">${escapeHtml(t.caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}${empty}\n</tbody>\n</table></div>`;
}

const CHART = { width: 640, barArea: 440, rowHeight: 28, labelWidth: 150, top: 8 };

/** A horizontal bar chart: bars labelled with their values, so colour is never the only cue. */
function chartHtml(c: ChartBlock): string {
  const max = Math.max(1, ...c.bars.map((b) => b.value ?? 0));
  const scaleMax = c.unit === 'percent' ? Math.max(100, max) : max;
  const height = CHART.top * 2 + c.bars.length * CHART.rowHeight;
  const bars = c.bars
    .map((b, i) => {
      const y = CHART.top + i * CHART.rowHeight;
      const width = b.value === null ? 0 : Math.round((CHART.barArea * b.value) / scaleMax);
      const label = escapeHtml(b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label);
      const value = b.value === null ? 'no figure' : formatFigure(b.value, c.unit);
      return (
        `<text x="${CHART.labelWidth - 8}" y="${y + 18}" text-anchor="end">${label}</text>` +
        `<rect x="${CHART.labelWidth}" y="${y + 4}" width="${width}" height="${CHART.rowHeight - 10}"></rect>` +
        `<text x="${CHART.labelWidth + width + 6}" y="${y + 18}">${escapeHtml(value)}</text>`
      );
    })
    .join('');
  const id = escapeHtml(c.id);
  const svg =
    `<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${CHART.width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" class="chart">` +
    `<title id="${id}-title">${escapeHtml(c.title)}</title><desc id="${id}-desc">${escapeHtml(c.description)}</desc>${bars}</svg>`;
  const numbers = c.bars.map((b) => `<li>${escapeHtml(b.label)}: <strong>${b.value === null ? 'no figure' : escapeHtml(formatFigure(b.value, c.unit))}</strong></li>`).join('');
  return `<figure class="chart-figure" id="${id}"><figcaption>${escapeHtml(c.title)}</figcaption><div class="chart-row">${svg}<ul class="chart-numbers" aria-label="${escapeHtml(c.title)}: the figures">${numbers}</ul></div></figure>`;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'notice':
      return `<p class="notice ${block.tone}"><strong>${block.tone === 'warning' ? 'Warning' : 'Note'}:</strong> ${escapeHtml(block.text)}</p>`;
    case 'table':
      return tableHtml(block);
    case 'chart':
      return chartHtml(block);
  }
}

function sectionHtml(section: Section, level: 2 | 3 | 4): string {
  const heading = section.heading ? `<h${level} id="${escapeHtml(section.id)}-heading">${escapeHtml(section.heading)}</h${level}>` : '';
  const children = (section.subsections ?? []).map((s) => sectionHtml(s, level === 4 ? 4 : ((level + 1) as 3 | 4))).join('\n');
  const labelled = section.heading ? ` aria-labelledby="${escapeHtml(section.id)}-heading"` : '';
  return `<section id="${escapeHtml(section.id)}"${labelled}>\n${heading}\n${section.blocks.map(blockHtml).join('\n')}\n${children}\n</section>`;
}

const STYLE = `
:root { --text: #1b1b1b; --muted: #4a4a4a; --accent: #005a8c; --bar: #005a8c; --warn-bg: #fff4e5; --warn: #8a4b00; --base: 16px; }
html.large-print { --base: 24px; }
html { font-size: var(--base); }
body { font-family: Arial, Helvetica, sans-serif; color: var(--text); background: #fff; line-height: 1.5; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; } h2 { font-size: 1.5rem; margin-top: 2rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.2rem; margin-top: 1.5rem; } h4 { font-size: 1.05rem; }
.org { font-size: 1.25rem; font-weight: bold; color: var(--accent); margin: 0; }
.meta { color: var(--muted); margin: .25rem 0 1rem; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #767676; padding: .3rem .5rem; vertical-align: top; }
thead th { background: #e8eef3; text-align: left; }
tbody th { text-align: left; font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.none { text-align: center; }
.notice { padding: .5rem .75rem; border-left: 6px solid var(--warn); background: var(--warn-bg); }
figure.chart-figure { margin: 1rem 0; } figcaption { font-weight: bold; }
.chart-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
svg.chart { max-width: 40rem; flex: 1 1 28rem; } svg.chart rect { fill: var(--bar); } svg.chart text { font-size: 13px; fill: var(--text); }
html.large-print svg.chart text { font-size: 18px; }
.chart-numbers { flex: 0 1 16rem; margin: 0; }
nav.contents ol { columns: 2; }
footer { margin-top: 2rem; color: var(--muted); font-size: .9rem; }
@media print {
  body { max-width: none; padding: 0; } .skip, nav.contents { display: none; }
  h2, h3, caption { break-after: avoid; } tr, figure { break-inside: avoid; }
  a { color: var(--text); text-decoration: none; }
  /* Paper cannot scroll: a wide table fits the page (smaller type, except in large print), its cells
     breaking long words (never figures) as a last resort rather than columns being cut off. */
  .table-wrap { overflow: visible; } th, td { overflow-wrap: anywhere; padding: .25rem .35rem; } td.num { white-space: nowrap; }
  html:not(.large-print) table { font-size: .8rem; }
}
`;

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const contents = doc.sections
    .filter((s) => s.heading)
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`)
    .join('');
  const title = `${doc.title} — ${doc.orgName} — ${doc.periodLabel}`;
  return `<!doctype html>
<html lang="en-GB"${options.largePrint ? ' class="large-print"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<p class="org">${escapeHtml(doc.orgName)}</p>
<h1>${escapeHtml(doc.title)}</h1>
<p class="meta">${escapeHtml(doc.periodLabel)}. Produced on ${escapeHtml(formatDate(doc.generatedOn))}.${options.largePrint ? ' Large print version.' : ''}</p>
</header>
<nav class="contents" aria-label="Contents"><h2 id="contents-heading">Contents</h2><ol>${contents}</ol></nav>
<main id="main">
${doc.sections.map((s) => sectionHtml(s, 2)).join('\n')}
</main>
<footer><p>${escapeHtml(doc.orgName)} — ${escapeHtml(doc.title)} — ${escapeHtml(doc.periodLabel)}. This report is available in large print and other formats on request.</p></footer>
</body>
</html>
`;
}
