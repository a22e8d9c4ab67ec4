/**
 * A response to the customer as a letter for post: A4, the organisation's name, the customer's address,
 * the date in words and the reference, then the text. Large print (16 pt+) on request, as the CHP asks
 * for alternative formats. Printed by the same headless Chromium as the reports (reports/pdf.ts).
 */
import { escapeHtml } from './html';

export interface LetterPrint {
  orgName: string;
  customerName?: string;
  address?: string;
  /** The date of the letter, in words. */
  date: string;
  reference: string;
  subject: string;
  text: string;
  largePrint?: boolean;
}

const lines = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');

export function letterHtml(letter: LetterPrint): string {
  const size = letter.largePrint ? '18pt' : '11.5pt';
  const paragraphs = letter.text.split(/\n{2,}/).map((p) => `<p>${lines(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title>
<style>
  body { font-family: Arial, Helvetica, sans-serif; font-size: ${size}; line-height: 1.45; color: #000; }
  .from { text-align: right; font-weight: bold; margin-bottom: 2em; }
  .to { margin-bottom: 2em; white-space: normal; }
  .meta { margin-bottom: 1.5em; }
  h1 { font-size: 1.15em; margin: 0 0 1em; }
  p { margin: 0 0 0.9em; }
</style></head>
<body>
  <div class="from">${escapeHtml(letter.orgName)}</div>
  ${letter.address ? `<div class="to">${letter.customerName ? `${escapeHtml(letter.customerName)}<br>` : ''}${lines(letter.address)}</div>` : ''}
  <div class="meta">${escapeHtml(letter.date)}<br>Our reference: ${escapeHtml(letter.reference)}</div>
  <h1>${escapeHtml(letter.subject)}</h1>
  <main>${paragraphs}</main>
</body></html>`;
}
