/**
 * Writing to the customer in the Teams tab, in real headless Chromium against the real server: the
 * complaints manager edits a template (an unknown merge field refused beside the field); an investigator
 * drafts a stage 2 decision, finishes it, sees who will be asked to sign it off, sends it for sign-off,
 * and once approved prints it as a letter. axe-core in light, dark and high contrast; screenshots.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { closeLetterPrinter } from '../../server/routes/correspondence';
import { pdfText } from '../support/pdfText';
import { startTabServer, type TabServer } from './server';

declare const window: { axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
declare const document: unknown;

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

describe('Writing to the customer in the tab (Chromium)', function () {
  this.timeout(240_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function open(user: string, hash: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('nav.nav');
  }
  async function axeScan(): Promise<unknown[]> {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page threw');
  });
  after(async () => {
    await browser?.close();
    await closeLetterPrinter();
    await server?.stop();
  });

  it('the complaints manager edits a template; an unknown merge field is refused beside the field', async () => {
    await open('demo-complaints-manager', '#/templates');
    const links = await page.$$eval('nav.nav a', (as) => as.map((a) => a.textContent ?? ''));
    assert.ok(links.includes('Letter templates'));
    await page.waitForSelector('#t-stage1-acknowledgement-body');
    await page.fill('#t-stage1-acknowledgement-body', 'Dear {{customerName}}, we reply by {{stage1DueOn}}. {{customer.email}}');
    await page.click('form.templates button[type=submit]');
    await page.waitForSelector('#templates\\.stage1-acknowledgement\\.body-error');
    assert.match((await page.textContent('#templates\\.stage1-acknowledgement\\.body-error')) ?? '', /\{\{customer\.email\}\}, which is not a merge field/);
    assert.equal(await page.getAttribute('#t-stage1-acknowledgement-body', 'aria-invalid'), 'true');
    await page.fill('#t-stage1-acknowledgement-body', 'Dear {{customerName}}, we will reply by {{stage1DueOn}}. Reference {{reference}}. {{officerName}}');
    await page.click('form.templates button[type=submit]');
    await page.waitForSelector('text=Templates saved');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-letter-templates.png'), fullPage: false });
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-complaints-manager', '#/templates', theme);
      await page.waitForSelector('#t-stage1-acknowledgement-body');
      assert.deepEqual(await axeScan(), [], `axe (${theme})`);
    }
    await open('demo-investigator', '#/templates');
    assert.ok(!(await page.$$eval('nav.nav a', (as) => as.map((a) => a.textContent ?? ''))).includes('Letter templates'));
    await page.waitForSelector('text=Your roles do not include editing letter templates');
  });

  it('an investigator drafts a stage 2 decision, sees who will sign it off, sends it for sign-off, and prints it once approved', async () => {
    const res = await fetch(`${server.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { 'X-Dev-User': 'demo-investigator', 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', channel: 'letter', socialWork: false, startAtStage: 2, service: 'Housing Repairs', nature: 'Window repair missed twice.', customer: { withheldDetails: false, anonymous: false, name: 'Morag Lennox', address: '4 Shore Road\nGlenmore' } }),
    });
    const { reference } = (await res.json()) as { reference: string };
    assert.equal(res.status, 201);
    await open('demo-investigator', `#/case/${reference}`);
    await page.waitForSelector('#letters-title');
    await page.selectOption('#letter-kind', 'stage2-decision');
    await page.click('text=Draft from template');
    await page.waitForSelector('article.letter textarea');
    const textarea = 'article.letter textarea[id$="-text"]';
    const draft = await page.inputValue(textarea);
    assert.match(draft, /Scottish Public Services Ombudsman/);
    await page.fill(textarea, draft.replace(/\[\[[^\]]*\]\]/g, 'The repair was missed because it was booked for the wrong day; we apologise.'));
    await page.click('article.letter button:text-is("Save")');
    await page.waitForSelector('text=Saved.');
    await page.waitForSelector('text=Sign-off will be asked of:');
    assert.match((await page.textContent('article.letter form.signoff-request p')) ?? '', /Aileen Murray/);
    assert.ok(await page.isDisabled('article.letter button:text-is("Print letter (PDF)")'), 'not sendable before sign-off');
    await page.fill('article.letter textarea[id$="-summary"]', 'Upheld: repair missed.');
    await page.click('text=Ask for sign-off of this text');
    await page.waitForSelector('text=Sent for sign-off to');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-letters-signoff.png'), fullPage: true });

    const approved = await fetch(`${server.baseUrl}/api/cases/${reference}/actions`, { method: 'POST', headers: { 'X-Dev-User': 'demo-head-of-service', 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'approve-signoff' }) });
    assert.equal(approved.status, 200);
    await open('demo-investigator', `#/case/${reference}`);
    await page.waitForSelector('text=Signed off: this exact text may be sent.');
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-investigator', `#/case/${reference}`, theme);
      await page.waitForSelector('article.letter');
      assert.deepEqual(await axeScan(), [], `axe (${theme})`);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('article.letter button:text-is("Print letter (PDF)")')]);
    const text = (await pdfText(fs.readFileSync(await download.path()))).replace(/\s+/g, ' ');
    assert.match(text, /booked for the wrong day; we apologise/);
    assert.match(text, /4 Shore Road/);
    await page.waitForSelector('text=recorded on the case');
    await page.waitForSelector('text=Sent as a letter');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-letters-sent.png'), fullPage: true });
  });
});
