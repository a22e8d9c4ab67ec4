/**
 * Print-ready PDF rendered from the report HTML by headless Chromium (playwright-core). The browser
 * is started on first use and kept for later reports; the page has no network access (the HTML is
 * self-contained), so a report can never fetch anything while printing. Which Chromium: `./chromium.ts`.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

const escape = (text: string): string => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);

export class PdfRenderer {
  private browser?: Promise<Browser>;

  private async getBrowser(): Promise<Browser> {
    this.browser ??= launchChromium();
    const browser = await this.browser;
    if (!browser.isConnected()) {
      this.browser = launchChromium();
      return this.browser;
    }
    return browser;
  }

  /**
   * A4 PDF of `html`, with the organisation and page numbers in the footer. `tagged` adds the
   * structure tree (headings, tables, lists) screen readers use, and an outline of the headings.
   */
  async render(html: string, footerText: string, options: { tagged?: boolean } = {}): Promise<Buffer> {
    const browser = await this.getBrowser();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        ...(options.tagged ? { tagged: true, outline: true } : {}),
        footerTemplate: `<div style="font-size:9px;width:100%;padding:0 16mm;display:flex;justify-content:space-between;font-family:Arial,sans-serif"><span>${escape(footerText)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    if (pending) await (await pending).close();
  }
}
