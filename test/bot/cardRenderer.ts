/**
 * Renders Adaptive Cards with the real `adaptivecards` JS renderer in headless Chromium: the renderer
 * is bundled for the page with esbuild; parse and validation events are returned for assertions.
 */
import { build } from 'esbuild';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';

const PAGE_SCRIPT = `
import * as AC from 'adaptivecards';
const SOFT = new Set([AC.ValidationEvent.Hint, AC.ValidationEvent.Deprecated]);
const describe = (e) => ({ event: AC.ValidationEvent[e.event], soft: SOFT.has(e.event), message: e.message });
window.renderCard = (json) => {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const parseEvents = [];
  for (let i = 0; i < context.eventCount; i++) parseEvents.push(describe(context.getEventAt(i)));
  const validationEvents = card.validateProperties().validationEvents.map(describe);
  const element = card.render();
  const host = document.getElementById('host');
  host.replaceChildren();
  if (element) host.appendChild(element);
  const buttons = element ? Array.from(element.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') || b.innerText) : [];
  return { parseEvents, validationEvents, rendered: Boolean(element), text: element ? element.innerText : '', buttons };
};
`;

export interface RenderResult {
  parseEvents: { event: string; soft: boolean; message: string }[];
  validationEvents: { event: string; soft: boolean; message: string }[];
  rendered: boolean;
  text: string;
  buttons: string[];
}

export class CardRenderer {
  private constructor(private readonly browser: Browser, readonly page: Page) {}

  static async start(): Promise<CardRenderer> {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: path.resolve(__dirname, '../..'), loader: 'js' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    });
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 520, height: 900 } });
    await page.setContent('<!doctype html><html><body style="font-family:sans-serif;margin:0"><div id="host" style="width:500px;padding:10px"></div></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    return new CardRenderer(browser, page);
  }

  render(card: object): Promise<RenderResult> {
    return this.page.evaluate((json) => (globalThis as unknown as { renderCard(j: object): RenderResult }).renderCard(json), card);
  }

  async screenshot(file: string): Promise<void> {
    await this.page.locator('#host').screenshot({ path: file });
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
