/**
 * The case page's Documents section in real headless Chromium against the real server (embedded store,
 * demo data, development sign-in) with documents in real Azurite: a handler uploads a scanned letter
 * through the file input and sees it listed, downloads it (the same bytes), is told beside the control
 * why a disguised file is refused, and removes the letter with a reason that lands on the timeline; a
 * colleague who did not add it is not offered Remove. axe-core in the light, dark and high-contrast
 * themes; screenshots into test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const LETTER = Buffer.from('%PDF-1.7\n% Scanned letter from Mr Duncan about the bins\n%%EOF\n');

describe('Case documents in the tab (Chromium)', function () {
  this.timeout(180_000);
  let server: TabServer;
  let documents: TestDocuments;
  let browser: Browser;
  let page: Page;
  let ref = '';
  const pageErrors: string[] = [];

  async function open(user: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/case/${ref}`);
    await page.waitForSelector('#documents-title');
  }

  const axeScan = () => seriousAxeViolations(page);

  const rows = () => page.$$eval('table.documents tbody tr[data-document]', (trs) => trs.map((tr) => tr.textContent ?? ''));
  const timeline = () => page.$$eval('ol.timeline li', (lis) => lis.map((li) => `${li.getAttribute('data-event')}: ${li.textContent ?? ''}`));

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    documents = await startTestDocuments();
    server = await startTabServer({ history: false, documents: documents.documents });
    browser = await launchChromium();
    const res = await fetch(`${server.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { 'X-Dev-User': 'demo-handler', 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', channel: 'letter', socialWork: false, customer: { withheldDetails: false, anonymous: false, name: 'Alasdair Duncan' }, nature: 'Bins not collected for three weeks.', service: 'Housing Repairs' }),
    });
    const json = (await res.json()) as { reference: string };
    assert.equal(res.status, 201, JSON.stringify(json));
    ref = json.reference;
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
    await server?.stop();
    await documents?.close();
  });

  it('uploads a scanned letter, lists it with who added it, downloads the same bytes, and shows it on the timeline', async () => {
    await open('demo-handler');
    assert.match((await page.textContent('section[aria-labelledby="documents-title"]')) ?? '', /No documents yet/);
    assert.equal(await page.getAttribute('#document-file', 'type'), 'file');
    assert.match((await page.textContent('label[for="document-file"]')) ?? '', /Add a document/);

    await page.setInputFiles('#document-file', { name: 'Letter from Mr Duncan.pdf', mimeType: 'application/pdf', buffer: LETTER });
    await page.waitForSelector('table.documents tbody tr[data-document]');
    const [row] = await rows();
    assert.match(row, /Letter from Mr Duncan\.pdf/);
    assert.match(row, /PDF/);
    assert.match(row, /bytes/);
    assert.match((await page.textContent('section[aria-labelledby="documents-title"] .message.success')) ?? '', /Added Letter from Mr Duncan\.pdf/);
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('ol.timeline li[data-event="document-added"]') !== null);
    assert.match((await timeline())[0], /^document-added: .*Document added: Letter from Mr Duncan\.pdf/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-documents.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Download Letter from Mr Duncan.pdf"]')]);
    assert.equal(download.suggestedFilename(), 'Letter from Mr Duncan.pdf');
    assert.deepEqual(fs.readFileSync(await download.path()), LETTER);
  });

  it('says beside the control why a disguised file is refused, and keeps nothing', async () => {
    await open('demo-handler');
    await page.waitForSelector('table.documents');
    await page.setInputFiles('#document-file', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await page.waitForSelector('#document-file-problem');
    assert.match((await page.textContent('#document-file-problem')) ?? '', /named as a JPEG photo, but its content is markup a browser could run/);
    assert.equal(await page.getAttribute('#document-file', 'aria-invalid'), 'true');
    assert.match((await page.getAttribute('#document-file', 'aria-describedby')) ?? '', /document-file-problem/);
    assert.equal((await rows()).length, 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-documents-refused.png'), fullPage: true });
  });

  it('offers Remove only to whoever may: not to an investigator who did not add it', async () => {
    await open('demo-investigator');
    await page.waitForSelector('table.documents tbody tr[data-document]');
    assert.equal(await page.$('button[aria-label="Remove Letter from Mr Duncan.pdf"]'), null);
    assert.ok(await page.$('button[aria-label="Download Letter from Mr Duncan.pdf"]'));
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-handler', theme);
      await page.waitForSelector('table.documents tbody tr[data-document]');
      assert.deepEqual(await axeScan(), [], `list (${theme})`);
      await page.click('button[aria-label="Remove Letter from Mr Duncan.pdf"]');
      await page.waitForSelector('form.remove-document');
      assert.deepEqual(await axeScan(), [], `remove confirmation (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-documents-${theme}.png`), fullPage: true });
    }
  });

  it('removes the letter after asking why; the reason is on the timeline and the letter is gone', async () => {
    await open('demo-handler');
    await page.waitForSelector('table.documents tbody tr[data-document]');
    await page.click('button[aria-label="Remove Letter from Mr Duncan.pdf"]');
    await page.waitForSelector('form.remove-document');
    assert.match((await page.textContent('form.remove-document')) ?? '', /Remove Letter from Mr Duncan\.pdf from the case\?/);
    await page.click('form.remove-document button:has-text("Keep it")');
    assert.equal((await rows()).length, 1, 'kept');

    await page.click('button[aria-label="Remove Letter from Mr Duncan.pdf"]');
    await page.click('form.remove-document button[type=submit]');
    await page.waitForSelector('form.remove-document .problem');
    assert.match((await page.textContent('form.remove-document .problem')) ?? '', /Say why the document is being removed/);
    await page.fill('form.remove-document textarea', 'Scanned into the wrong case');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-documents-remove.png'), fullPage: true });
    await page.click('form.remove-document button[type=submit]');
    await page.waitForSelector('table.documents', { state: 'detached' });
    // The notice follows the reloaded list: wait for it rather than reading the section at the first render.
    await page.waitForFunction(() => /Removed Letter from Mr Duncan\.pdf/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('section[aria-labelledby="documents-title"]')?.textContent ?? ''));
    assert.match((await page.textContent('section[aria-labelledby="documents-title"]')) ?? '', /Removed Letter from Mr Duncan\.pdf.*No documents yet/s);
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('ol.timeline li[data-event="document-removed"]') !== null);
    assert.match((await timeline())[0], /Document removed: Letter from Mr Duncan\.pdf\. Reason: Scanned into the wrong case/);
    assert.deepEqual(await documents.documents.list('glenmore', ref), [], 'deleted from storage');
  });

  it('shows the progress of an upload while it is sent, with the control disabled until it is done', async () => {
    await open('demo-handler');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/cases/${ref}/documents`, async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    const scan = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024, 0x20)]);
    await page.setInputFiles('#document-file', { name: 'Large scan.pdf', mimeType: 'application/pdf', buffer: scan });
    await page.waitForSelector('.upload-progress progress');
    assert.match((await page.textContent('.upload-progress')) ?? '', /Uploading Large scan\.pdf: \d+%/);
    assert.equal(await page.getAttribute('.upload-progress progress', 'aria-label'), 'Uploading Large scan.pdf');
    assert.equal(await page.isDisabled('#document-file'), true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-documents-progress.png'), fullPage: true });
    release();
    await page.waitForSelector('table.documents tbody tr[data-document]');
    assert.match((await rows())[0], /Large scan\.pdf.*1\.0 MB/);
    assert.equal(await page.$('.upload-progress'), null);
    assert.equal(await page.isDisabled('#document-file'), false);
  });
});
