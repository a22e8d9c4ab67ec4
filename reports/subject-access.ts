/**
 * A subject access bundle (core/subject-access) as an accessible, self-contained HTML document (one h1,
 * a heading per section and per record, each record a table with row headers), printed to a tagged
 * PDF by the same headless Chromium as the reports. Values marked for redaction are highlighted and
 * say so in words — "[for redaction review]" and whose data it is — so colour is never the only cue.
 */
import { formatDateTime, readableText } from '../core/labels';
import { MATCHED_FIELD_WORDS, type BundleField, type BundleSection, type SubjectAccessBundle } from '../core/subject-access';
import { escapeHtml } from './html';
import type { PdfRenderer } from './pdf';

export const REDACTION_MARK = '[for redaction review]';

const STYLE = `
body { font-family: Arial, Helvetica, sans-serif; color: #1b1b1b; background: #fff; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; } h2 { font-size: 1.4rem; margin-top: 2rem; border-bottom: 2px solid #005a8c; } h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
.org { font-size: 1.2rem; font-weight: bold; color: #005a8c; margin: 0; }
.notice { padding: .5rem .75rem; border-left: 6px solid #8a4b00; background: #fff4e5; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .25rem 0 1rem; }
th, td { border: 1px solid #767676; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th[scope="row"] { width: 30%; font-weight: normal; background: #f3f6f9; }
td.redact { background: #fff1a8; outline: 2px dashed #8a4b00; outline-offset: -3px; }
.mark { font-weight: bold; color: #6b3a00; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print { body { max-width: none; padding: 0; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; } }
`;

/** The JSON keeps dates as ISO 8601 for machines; the document says them in words. */
function fieldRow(field: BundleField): string {
  const value = `<span class="pre">${escapeHtml(readableText(field.value))}</span>`;
  if (!field.redact) return `<tr><th scope="row">${escapeHtml(field.label)}</th><td>${value}</td></tr>`;
  const reason = field.reason ? ` (${escapeHtml(field.reason)})` : '';
  return `<tr><th scope="row">${escapeHtml(field.label)}</th><td class="redact">${value} <span class="mark">${REDACTION_MARK}</span>${reason}</td></tr>`;
}

function sectionHtml(section: BundleSection): string {
  const items =
    section.items.length === 0
      ? '<p>Nothing of this kind is held.</p>'
      : section.items
          .map((item, i) => {
            const id = `${section.id}-${i + 1}`;
            return `<h3 id="${id}">${escapeHtml(item.title)}</h3>\n<table aria-labelledby="${id}"><tbody>${item.fields.map(fieldRow).join('')}</tbody></table>`;
          })
          .join('\n');
  return `<section aria-labelledby="${escapeHtml(section.id)}"><h2 id="${escapeHtml(section.id)}">${escapeHtml(section.title)}</h2>\n<p>${escapeHtml(section.description)}</p>\n${items}</section>`;
}

const searchWords = (bundle: SubjectAccessBundle): string =>
  [bundle.search.name && `name “${bundle.search.name}”`, bundle.search.email && `email ${bundle.search.email}`, bundle.search.phone && `phone ${bundle.search.phone}`].filter(Boolean).join(', ');

export function subjectAccessTitle(bundle: SubjectAccessBundle): string {
  return `Subject access request — ${bundle.organisation.name}`;
}

export function renderSubjectAccessHtml(bundle: SubjectAccessBundle): string {
  const caseList = bundle.cases.map((c) => `<li>${escapeHtml(c.reference)}: found by ${c.matchedOn.map((m) => escapeHtml(MATCHED_FIELD_WORDS[m])).join(', ')}</li>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subjectAccessTitle(bundle))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="org">${escapeHtml(bundle.organisation.name)}</p>
<h1>Subject access request: the information we hold</h1>
<p>Search: ${escapeHtml(searchWords(bundle))}. Produced ${escapeHtml(formatDateTime(bundle.generatedAt))} by ${escapeHtml(bundle.generatedBy.displayName)}.</p>
<p class="notice"><strong>Before release:</strong> ${bundle.markedForRedaction} ${bundle.markedForRedaction === 1 ? 'value is' : 'values are'} marked ${REDACTION_MARK}: they hold other people’s personal data (staff, representatives, other people named). Review each one and redact what the person is not entitled to.</p>
</header>
<main>
<section aria-labelledby="found"><h2 id="found">Cases found (${bundle.cases.length})</h2>${bundle.cases.length === 0 ? '<p>No case about this person is held.</p>' : `<ul>${caseList}</ul>`}</section>
${bundle.sections.map(sectionHtml).join('\n')}
</main>
</body>
</html>
`;
}

export async function renderSubjectAccessPdf(bundle: SubjectAccessBundle, pdf: PdfRenderer): Promise<Buffer> {
  return pdf.render(renderSubjectAccessHtml(bundle), `${bundle.organisation.name} — subject access request — confidential`, { tagged: true });
}
