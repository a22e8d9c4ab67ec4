/**
 * "Case file for the SPSO" on the tab's case page, in real headless Chromium against the real server
 * (embedded store, demo data, development sign-in): the complaints manager (the SPSO liaison officer)
 * produces the whole case file as HTML and as PDF, each downloaded file holds the case (read back as
 * text), each request is recorded and shown; people without `case.file.export` do not see the
 * control. Screenshots at 1280×800 and 1024×700 into test/artifacts/; axe-core in the light, dark
 * and high-contrast themes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { pdfText } from '../support/pdfText';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const ORG = 'glenmore';
const MANAGER = 'demo-complaints-manager';

describe('Case file for the SPSO on the tab’s case page (Chromium)', function () {
  this.timeout(240_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  let ref = '';
  let managerName = '';
  const pageErrors: string[] = [];

  async function api(user: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${server.baseUrl}${url}`, { method, headers: { 'X-Dev-User': user, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function open(user: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/case/${ref}`);
    await page.waitForSelector('#case-title');
    await page.waitForSelector('#notes-title');
  }

  const axeScan = () => seriousAxeViolations(page);

  /** Chooses the format, produces the file and returns the downloaded bytes and the name offered. */
  async function produce(format: 'html' | 'pdf'): Promise<{ name: string; bytes: Buffer }> {
    await page.check(`#case-file-format input[value="${format}"]`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#case-file-produce')]);
    const file = await download.path();
    assert.ok(file, 'the file was downloaded');
    await page.waitForSelector('#case-file-status [role="status"]', { timeout: 120_000 });
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    const logged = await api('demo-handler', 'POST', '/api/cases', {
      kind: 'complaint',
      channel: 'phone',
      socialWork: false,
      customer: { withheldDetails: false, anonymous: false, name: 'Catriona Munro', email: 'catriona.munro@example.net' },
      nature: 'The street light outside number 12 has been out for six weeks.',
      service: 'Roads and Transport',
    });
    assert.equal(logged.status, 201, JSON.stringify(logged.json));
    ref = String(logged.json.reference);
    const note = await api('demo-handler', 'POST', `/api/cases/${ref}/notes`, { kind: 'phone-call', with: 'The customer', text: 'Told Ms Munro the repair is booked for Tuesday.' });
    assert.equal(note.status, 201, JSON.stringify(note.json));
    const me = await api(MANAGER, 'GET', '/api/me');
    managerName = String(me.json.displayName);
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the complaints manager produce the case file as HTML and as PDF, each holding the case, each recorded and shown', async () => {
    await open(MANAGER);
    await page.waitForSelector('#case-file-title');
    assert.equal(await page.$('.case-file-history'), null, 'no case file has been produced yet');

    const html = await produce('html');
    assert.equal(html.name, `case-file-${ref}.html`);
    const htmlText = html.bytes.toString('utf8').replace(/\s+/g, ' ');
    for (const text of [`Case file ${ref}`, 'Recorded details', 'Catriona Munro', 'The street light outside number 12', 'Timeline', 'Notes and contact records', 'Told Ms Munro the repair is booked for Tuesday.', 'Whole case file produced (HTML)']) {
      assert.ok(htmlText.includes(text), `the HTML file has "${text}"`);
    }
    await page.waitForSelector('.case-file-history li');
    assert.match((await page.textContent('.case-file-history li')) ?? '', new RegExp(`^Case file produced by ${managerName} on .+ \\(HTML\\)$`));

    const pdf = await produce('pdf');
    assert.equal(pdf.name, `case-file-${ref}.pdf`);
    assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
    const text = (await pdfText(pdf.bytes)).replace(/\s+/g, ' ');
    for (const expected of [`Case file ${ref}`, 'Recorded details', 'Catriona Munro', 'Notes and contact records', 'Told Ms Munro the repair is booked for Tuesday.']) {
      assert.ok(text.includes(expected), `the PDF file has "${expected}"`);
    }
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.case-file-history li').length === 2);
    const history = await page.$$eval('.case-file-history li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.match(history[0], /\(PDF\)$/, 'newest first');
    assert.match(history[1], /\(HTML\)$/);
    assert.ok(((await page.textContent('ol.timeline:not(.notes)')) ?? '').includes('Whole case file produced (PDF)'), 'the timeline shows the request');

    const stored = (await server.store.cases.get(ORG, ref))!;
    assert.deepEqual(
      stored.events.filter((e) => e.type === 'case-file-exported').map((e) => [e.by, e.summary.slice(0, 31)]),
      [
        [MANAGER, 'Whole case file produced (HTML)'],
        [MANAGER, 'Whole case file produced (PDF) '],
      ],
    );

    await page.locator('#case-file-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-file-1280.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.locator('#case-file-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-file-1024.png') });
  });

  it('shows the control only to people with the permission to produce case files (directors hold it too), never to a complaint handler', async () => {
    const checked: string[] = [];
    for (const user of ['demo-handler', 'demo-head-of-service', 'demo-director']) {
      if ((await api(user, 'GET', `/api/cases/${ref}`)).status !== 200) continue;
      const holds = ((await api(user, 'GET', '/api/me')).json.permissions as string[]).includes('case.file.export');
      await open(user);
      if (holds) await page.waitForSelector('#case-file-produce');
      assert.equal((await page.$('#case-file-title')) !== null, holds, `${user} ${holds ? 'sees' : 'does not see'} "Case file for the SPSO"`);
      checked.push(`${user}:${holds}`);
    }
    assert.ok(checked.includes('demo-handler:false'), `the complaint handler who owns the case was checked: ${checked.join(', ')}`);
    assert.ok(checked.includes('demo-director:true'), `a director was checked: ${checked.join(', ')}`);
    const refused = await fetch(`${server.baseUrl}/api/case-files/${ref}?format=pdf`, { method: 'POST', headers: { 'X-Dev-User': 'demo-handler' } });
    assert.equal(refused.status, 403, 'and the API refuses the handler if they try');
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open(MANAGER, theme);
      await page.waitForSelector('#case-file-title');
      assert.deepEqual(await axeScan(), [], `case page with the case file control (${theme})`);
      await page.locator('#case-file-title').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-file-${theme}.png`) });
    }
  });
});
