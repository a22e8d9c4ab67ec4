/**
 * Subject access and the access log in the Teams tab, in real headless Chromium against the real
 * server (embedded store, demo data, development sign-in): the complaints manager finds a person's
 * cases across the organisation, leaves one out, exports the PDF (its text read back with unpdf) and
 * sees the export recorded; the CSWO sees who opened a social-work case; others are offered neither.
 * axe-core in the light, dark and high-contrast themes; screenshots into test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { shutdownSubjectAccessRenderer } from '../../server/routes/privacy';
import { startTabServer, type TabServer } from './server';
import { launchChromium } from '../../reports/chromium';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const PERSON = { withheldDetails: false, anonymous: false, name: 'Elspeth Baird', email: 'elspeth.baird@example.net', phone: '07700 900461' };

describe('Subject access and the access log in the tab (Chromium)', function () {
  this.timeout(180_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const refs = { own: '', socialWork: '', namesake: '' };

  async function logged(user: string, body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${server.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { 'X-Dev-User': user, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', channel: 'email', socialWork: false, ...body }),
    });
    const json = (await res.json()) as { reference: string };
    assert.equal(res.status, 201, JSON.stringify(json));
    return json.reference;
  }

  async function open(user: string, hash: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('nav.nav');
  }

  const axeScan = () => seriousAxeViolations(page);

  const navLinks = () => page.$$eval('nav.nav a', (links) => links.map((a) => a.textContent ?? ''));

  async function searchFor(fields: { name?: string; email?: string; phone?: string }): Promise<void> {
    for (const [name, value] of Object.entries(fields)) await page.fill(`#sar-${name}`, value);
    await page.click('#sar-form button[type=submit]');
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    refs.own = await logged('demo-handler', { customer: PERSON, nature: 'Back door repair never finished.', service: 'Housing Repairs' });
    refs.socialWork = await logged('demo-director', { customer: { ...PERSON, email: undefined, name: 'E. Baird', phone: '+44 7700 900461' }, nature: 'Home care visits missed.', service: 'Adult Social Care', socialWork: true, channel: 'phone' });
    refs.namesake = await logged('demo-director', { customer: { withheldDetails: false, anonymous: false, name: 'Elspeth Baird' }, nature: 'Library fine disputed.', service: 'Libraries and Leisure' });
    await logged('rha-officer', { customer: PERSON, nature: 'Damp in the flat.', service: 'Repairs' });
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
    await shutdownSubjectAccessRenderer();
    await server?.stop();
  });

  it('the complaints manager finds the person’s cases, leaves out a namesake, exports the PDF and sees the export recorded', async () => {
    await open('demo-complaints-manager', '#/subject-access');
    assert.ok((await navLinks()).includes('Subject access'));
    await page.waitForSelector('#sar-title');
    await page.waitForSelector('#sar-exports, section[aria-labelledby="sar-exports-title"] .empty');

    // Nothing entered: said at the top of the form, focus on the first field.
    await page.click('#sar-form button[type=submit]');
    await page.waitForSelector('#sar-general');
    assert.match((await page.textContent('#sar-general')) ?? '', /Enter the person’s name, email address or phone number/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'sar-name');

    // A malformed email: the API's problem beside the field.
    await searchFor({ email: 'elspeth.baird' });
    await page.waitForSelector('#sar-email-problem');
    assert.match((await page.textContent('#sar-email-problem')) ?? '', /Must be an email address/);
    assert.equal(await page.getAttribute('#sar-email', 'aria-invalid'), 'true');

    await searchFor({ name: 'ELSPETH baird', email: 'Elspeth.Baird@example.net', phone: '+44 7700 900461' });
    await page.waitForSelector('#sar-results');
    const rows = await page.$$eval('#sar-results tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    assert.equal(rows.length, 3, rows.join('\n'));
    for (const ref of Object.values(refs)) assert.ok(rows.some((r) => r.includes(ref)), `${ref} found`);
    assert.ok(!rows.some((r) => r.includes('Repairs') && !r.includes('Housing Repairs')), 'Riverside’s case is never found');
    assert.ok(rows.find((r) => r.includes(refs.socialWork))?.includes('Social work'));
    assert.match((await page.textContent('#sar-results-title')) ?? '', /3 cases found/);
    await page.uncheck(`#sar-include-${refs.namesake}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-subject-access-results.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="pdf"]')]);
    assert.match(download.suggestedFilename(), /^subject-access-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await download.path();
    const pdf = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    assert.ok(text.includes(refs.own) && text.includes(refs.socialWork), 'the chosen cases are in the PDF');
    assert.ok(!text.includes(refs.namesake), 'the namesake left out is not');
    assert.match(text, /\[for redaction review\]/);
    assert.match(text, /Morag Fraser/, 'the member of staff who logged it, marked for review');

    await page.waitForSelector('#sar-exported');
    assert.match((await page.textContent('#sar-exported')) ?? '', /Exported 2 cases as PDF/);
    await page.waitForFunction(() => ((globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('#sar-exports tbody tr').length ?? 0) >= 1);
    const first = await page.$eval('#sar-exports tbody tr', (tr) => tr.textContent ?? '');
    assert.match(first, /Iain Campbell/);
    assert.match(first, /elspeth\.baird@example\.net/i);
    assert.match(first, /PDF/);
    assert.match(first, /2$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-subject-access-exported.png'), fullPage: true });
  });

  it('the CSWO sees who opened a social-work case, their own opening from the tab included', async () => {
    await open('demo-director', `#/case/${refs.socialWork}`);
    await page.waitForSelector('#case-title');
    assert.equal(await page.$('#access-log-title'), null, 'a director may act on the case but not read who opened it');
    await open('demo-cswo', `#/case/${refs.socialWork}`);
    await page.waitForSelector('#access-log');
    const rows = await page.$$eval('#access-log tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td') as ArrayLike<{ textContent: string | null }>).map((td) => td.textContent?.trim() ?? '')));
    assert.deepEqual(rows[0].slice(1), ['Dr Ewan Douglas', 'the Teams tab'], 'the newest opening: this one');
    assert.ok(rows.some((r) => r[1] === 'Graham Stewart' && r[2] === 'the Teams tab'), JSON.stringify(rows));
    assert.ok(rows.some((r) => r[1] === 'Iain Campbell' && r[2] === 'a subject access export'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-access-log.png'), fullPage: true });
  });

  it('offers neither to an investigator, and shows no log on an ordinary case', async () => {
    await open('demo-investigator', '#/subject-access');
    assert.ok(!(await navLinks()).includes('Subject access'));
    await page.waitForSelector('main p');
    assert.match((await page.textContent('main')) ?? '', /Your roles do not include subject access requests/);
    await open('demo-complaints-manager', `#/case/${refs.own}`);
    await page.waitForSelector('#timeline-title');
    assert.equal(await page.$('#access-log-title'), null, 'an ordinary case keeps no access log');
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-complaints-manager', '#/subject-access', theme);
      await page.waitForSelector('#sar-exports, section[aria-labelledby="sar-exports-title"] .empty');
      await searchFor({ email: 'not-an-email' });
      await page.waitForSelector('#sar-email-problem');
      assert.deepEqual(await axeScan(), [], `field problem (${theme})`);
      await searchFor({ email: PERSON.email });
      await page.waitForSelector('#sar-results');
      assert.deepEqual(await axeScan(), [], `results and exports (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-subject-access-${theme}.png`), fullPage: true });
      await open('demo-cswo', `#/case/${refs.socialWork}`, theme);
      await page.waitForSelector('#access-log');
      assert.deepEqual(await axeScan(), [], `access log (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-access-log-${theme}.png`), fullPage: true });
    }
  });
});
