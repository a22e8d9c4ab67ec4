/**
 * Case notes and the same customer's cases on the tab's case page, in real headless Chromium against
 * the real server: add a phone call record, correct it (the first stays, struck through and marked),
 * see the same customer's earlier case and link it (then both cases show the link). axe-core in the
 * light, dark and high-contrast themes; screenshots into test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const PERSON = { withheldDetails: false, anonymous: false, name: 'Duncan Laing', email: 'duncan.laing@example.net', phone: '07700 900777' };

describe('Case notes and the same customer on the tab’s case page (Chromium)', function () {
  this.timeout(180_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const refs = { earlier: '', current: '' };

  async function logged(user: string, body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${server.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { 'X-Dev-User': user, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', channel: 'phone', socialWork: false, ...body }),
    });
    const json = (await res.json()) as { reference: string };
    assert.equal(res.status, 201, JSON.stringify(json));
    return json.reference;
  }

  async function open(user: string, hash: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('#notes-title');
  }

  const axeScan = () => seriousAxeViolations(page);

  const noteTexts = () => page.$$eval('ol.notes > li', (lis) => lis.map((li) => ({ text: li.querySelector('.pre')?.textContent ?? '', corrected: li.classList.contains('corrected'), all: li.textContent ?? '' })));

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    refs.earlier = await logged('demo-handler', { customer: PERSON, nature: 'Pothole outside the house.', service: 'Roads and Transport' });
    refs.current = await logged('demo-handler', { customer: { ...PERSON, email: 'DUNCAN.LAING@example.net', phone: undefined }, nature: 'Pothole still there; car damaged.', service: 'Roads and Transport' });
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
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

  it('adds a phone call record, corrects it, and shows both in order with who and when', async () => {
    await open('demo-handler', `#/case/${refs.current}`);
    assert.match((await page.textContent('section[aria-labelledby="notes-title"]')) ?? '', /No notes yet/);
    await page.click('section[aria-labelledby="notes-title"] >> text=Add a note');
    await page.selectOption('#note-kind', 'phone-call');
    // A call with no one named: said in words, nothing sent.
    await page.fill('#note-text', 'Mr Laing rang about the claim form.');
    await page.click('.note-form button[type=submit]');
    await page.waitForSelector('.note-form .message.error');
    assert.match((await page.textContent('.note-form .message.error')) ?? '', /Say with whom the phone call was/);
    await page.fill('#note-with', 'Mr Laing');
    await page.click('.note-form button[type=submit]');
    await page.waitForSelector('ol.notes > li');
    let notes = await noteTexts();
    assert.equal(notes.length, 1);
    assert.match(notes[0].all, /Morag Fraser · Phone call with Mr Laing/);

    await page.click('ol.notes > li >> text=Correct');
    assert.match((await page.textContent('.note-form')) ?? '', /Notes are never changed/);
    await page.fill('#note-text', 'Mr Laing rang about the insurance claim, not the claim form.');
    await page.click('.note-form button[type=submit]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('ol.notes > li').length === 2);
    notes = await noteTexts();
    assert.deepEqual(notes.map((n) => [n.text, n.corrected]), [
      ['Mr Laing rang about the claim form.', true],
      ['Mr Laing rang about the insurance claim, not the claim form.', false],
    ]);
    assert.match(notes[0].all, /Corrected by a later note/);
    assert.match(notes[1].all, /Corrects the note of/);
    assert.equal(await page.$$eval('ol.notes > li.corrected button', (b) => b.length), 0, 'a corrected note offers no second correction');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-notes.png'), fullPage: true });
  });

  it('lists the same customer’s earlier case and links it; both cases show the link', async () => {
    await open('demo-handler', `#/case/${refs.current}`);
    await page.waitForSelector('ul.same-customer li');
    const rows = await page.$$eval('ul.same-customer li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], new RegExp(`${refs.earlier} — Roads and Transport`));
    assert.match(rows[0], /\(same name, email\)/);
    await page.selectOption(`#link-${refs.earlier}`, 'repeat');
    await page.click(`text=Link ${refs.earlier}`);
    await page.waitForSelector('#case-notice');
    assert.match((await page.textContent('#case-notice')) ?? '', new RegExp(`Linked to ${refs.earlier}`));
    assert.match((await page.textContent('ul.linked-cases')) ?? '', new RegExp(`${refs.earlier} — Repeat complaint`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-same-customer.png'), fullPage: true });
    await open('demo-handler', `#/case/${refs.earlier}`);
    await page.waitForSelector('ul.linked-cases');
    assert.match((await page.textContent('ul.linked-cases')) ?? '', new RegExp(`${refs.current} — Repeat complaint`));
    assert.match((await page.textContent('ol.timeline[aria-label^="Every change"]')) ?? '', new RegExp(`Linked to ${refs.current}`));
  });

  it('the complaints manager (who may not link) sees the list without link buttons', async () => {
    await open('demo-complaints-manager', `#/case/${refs.earlier}`);
    await page.waitForSelector('section[aria-labelledby="same-customer-title"] ul.linked-cases');
    assert.equal(await page.$$eval('.link-case', (els) => els.length), 0);
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-handler', `#/case/${refs.current}`, theme);
      await page.waitForSelector('ol.notes > li');
      await page.waitForSelector('section[aria-labelledby="same-customer-title"] ul.linked-cases');
      await page.click('section[aria-labelledby="notes-title"] >> text=Add a note');
      await page.selectOption('#note-kind', 'visit');
      assert.deepEqual(await axeScan(), [], `notes and the note form (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-notes-${theme}.png`), fullPage: true });
    }
  });
});
