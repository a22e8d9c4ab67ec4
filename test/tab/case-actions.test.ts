/**
 * Case actions in the Teams tab, in real headless Chromium against the real server (issue 16, items 3,
 * 4 and 7): the next procedural step is the one primary (Fluent) button, rare or irreversible actions sit
 * under a Fluent "More" menu and ask for confirmation in words before anything is sent, a complaints
 * manager reads why Close and Escalate are not offered, required fields carry the same mark in every
 * form, and dates are typed and read back in UK form in a browser whose locale is en-US. Screenshots at
 * 1280×800 and 1024×700; axe-core in light, dark and high contrast.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { buildTab } from '../../scripts/build-web';
import { call, Harness } from '../server/harness';

declare const window: {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};
declare const document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
declare const customElements: { whenDefined(name: string): Promise<unknown> };

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['light', 'dark', 'contrast'] as const;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

type Row = { reference: string; owner?: { userId: string }; socialWork?: boolean };

async function axeScan(target: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await target.addScriptTag({ path: AXE });
  return target.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

describe('Teams tab: case actions, required fields and UK dates', function () {
  this.timeout(240_000);
  const h = new Harness();
  let base = '';
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function open(user: string, hash: string, theme = 'light'): Promise<void> {
    await page.goto(`${base}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('.dev-banner');
    // Fluent's buttons and menus are defined by a chunk loaded after the first render.
    await page.evaluate(() => Promise.all(['fluent-button', 'fluent-menu', 'fluent-menu-list', 'fluent-menu-item'].map((n) => customElements.whenDefined(n))));
  }

  async function openCase(user: string, reference: string, theme = 'light'): Promise<void> {
    await open(user, `#/case/${reference}`, theme);
    await page.waitForSelector('.timeline li');
  }

  async function stage1Case(exceptOwner = 'demo-complaints-manager'): Promise<string> {
    const res = await call<{ items: Row[] }>(base, 'GET', '/api/caseload?view=all&status=stage1&limit=100', { as: 'demo-director' });
    const used = new Set(taken);
    const found = res.body.items.find((r) => r.owner?.userId !== exceptOwner && !r.socialWork && !used.has(r.reference));
    assert.ok(found, 'an open stage 1 case');
    taken.push(found.reference);
    return found.reference;
  }
  const taken: string[] = [];

  async function receivedOn(reference: string): Promise<string> {
    return (await call<{ receivedOn: string }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' })).body.receivedOn;
  }
  const ukDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

  /** The action was sent and the case shows it (or the form's refusal, which fails the test in its words). */
  async function sent(): Promise<void> {
    await page.waitForSelector('#case-notice, .action-form .message.error');
    const refusal = page.locator('.action-form .message.error');
    if ((await refusal.count()) > 0) assert.fail(`the action was refused: ${await refusal.first().textContent()}`);
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildTab();
    await h.start();
    base = await h.app();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    // A browser set to US English in New York: dates must still be typed and shown the UK way.
    page = await browser.newPage({ viewport: SIZES[0], locale: 'en-US', timezoneId: 'America/New_York' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await h.stop();
  });

  it('gives a director one primary button for the next step and keeps the rare actions under More, at 1280 and 1024 px', async () => {
    const reference = await stage1Case();
    await openCase('demo-director', reference);
    const primary = page.locator('.action-list > fluent-button[appearance="primary"]');
    assert.equal(await primary.count(), 1, 'exactly one primary button');
    assert.equal(await primary.getAttribute('data-action'), 'close-stage1');
    assert.equal((await primary.textContent())?.trim(), 'Close stage 1');
    const visible = await page.$$eval('.action-list > fluent-button', (buttons) => buttons.map((b) => b.getAttribute('data-action')));
    assert.ok(visible.length <= 5, `a few buttons beside the primary one, not nine: ${visible.join(', ')}`);
    for (const rare of ['withdraw', 'mark-not-a-complaint', 'set-legal-hold']) assert.ok(!visible.includes(rare), `${rare} is not a button of its own`);
    // The icons are decoration beside words: hidden from screen readers.
    assert.equal(await page.locator('.action-list .icon[aria-hidden="true"]').count() > 0, true);

    await page.getByRole('button', { name: 'More' }).click();
    const items = page.getByRole('menuitem');
    await items.first().waitFor();
    assert.deepEqual(await items.allTextContents().then((t) => t.map((x) => x.trim())), ['Withdraw', 'Not a complaint', 'Place a legal hold']);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-actions-more-${size.width}.png`) });
    }
  });

  it('asks in plain words before a withdrawal is sent, from the keyboard through the More menu, and sends it only on yes', async () => {
    const reference = await stage1Case();
    await openCase('demo-director', reference);
    await page.getByRole('button', { name: 'More' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Withdraw' }).waitFor();
    // The menu takes focus; the arrow keys move through its items.
    const focusedIs = (text: string) =>
      page.waitForFunction((t) => (document as unknown as { activeElement: { textContent: string } }).activeElement?.textContent?.trim() === t, text, { timeout: 10_000 });
    await focusedIs('Withdraw');
    await page.keyboard.press('ArrowDown');
    await focusedIs('Not a complaint');
    await page.keyboard.press('ArrowUp');
    await focusedIs('Withdraw');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form#action-withdraw');
    // The date field: today as dd/mm/yyyy, read back in words, whatever the browser's locale.
    const typed = await page.inputValue('#action-withdraw-on');
    assert.match(typed, /^\d{2}\/\d{2}\/\d{4}$/, `dd/mm/yyyy (${typed})`);
    assert.match((await page.textContent('#action-withdraw-on-words')) ?? '', /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await page.fill('#action-withdraw-reason', 'The customer phoned to say the matter is settled.');
    // The test server's clock is fixed: the day the case was received is a date it accepts.
    await page.fill('#action-withdraw-on', ukDate(await receivedOn(reference)));
    await page.click('form#action-withdraw fluent-button[type="submit"]');
    const question = page.locator('#action-withdraw-confirm');
    await question.waitFor();
    assert.match((await question.textContent()) ?? '', new RegExp(`Record that the customer withdrew ${reference}\\? The complaint is closed for good`));
    assert.equal(await page.evaluate(() => (document as unknown as { activeElement: { id: string } }).activeElement?.id), 'action-withdraw-confirm', 'focus moves to the question');
    const before = await call<{ status: string }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' });
    assert.equal(before.body.status, 'stage1', 'nothing is sent before the answer');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-actions-confirm-${size.width}.png`), fullPage: true });
    }
    // "No, go back" sends nothing; asking again and answering yes sends it.
    await page.getByRole('button', { name: 'No, go back' }).click();
    await question.waitFor({ state: 'detached' });
    assert.equal((await call<{ status: string }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' })).body.status, 'stage1');
    await page.click('form#action-withdraw fluent-button[type="submit"]');
    await page.getByRole('button', { name: 'Yes, record withdrawal' }).click();
    await sent();
    assert.equal((await call<{ status: string }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' })).body.status, 'withdrawn');
  });

  it('tells a complaints manager why Close stage 1 and Escalate are not offered, naming their role', async () => {
    const reference = await stage1Case();
    await openCase('demo-complaints-manager', reference);
    const why = page.locator('.not-offered');
    await why.waitFor();
    assert.match((await why.locator('[data-not-offered="close-stage1"]').textContent()) ?? '', /Close stage 1: Your role, Complaints manager, does not let you close stage 1; an administrator can change this under Roles\./);
    assert.match((await why.locator('[data-not-offered="escalate"]').textContent()) ?? '', /Escalate to stage 2: Your role, Complaints manager, does not let you escalate complaints to stage 2/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-actions-not-offered-${size.width}.png`), fullPage: true });
    }
  });

  it('marks required fields the same way in the case action form, the details editor and a record form, with the legend', async () => {
    const reference = await stage1Case();
    await openCase('demo-director', reference);
    await page.click('.action-list > [data-action="close-stage1"]');
    await page.waitForSelector('form#action-close-stage1');
    const form = page.locator('form#action-close-stage1');
    assert.match((await form.locator('.required-legend').textContent()) ?? '', /Fields marked \*\s*with a star are required\./);
    const marked = await form.locator('label:has(.required)').allTextContents();
    assert.deepEqual(marked.map((l) => l.replace(/\s*\*$/, '').trim()), ['Outcome', 'Action taken', 'Decision given on']);
    assert.equal(await form.locator('[required]').count(), 3, 'the controls are required for screen readers too');
    await page.click('form#action-close-stage1 fluent-button:not([type="submit"])');

    await page.click('button:has-text("Edit details")');
    const details = page.locator('form.details-form');
    await details.locator('.required-legend').waitFor();
    assert.deepEqual((await details.locator('label:has(.required)').allTextContents()).map((l) => l.replace(/\s*\*$/, '').trim()), ['Nature of the complaint', 'Service']);

    await open('demo-training-officer', '#/awareness');
    const training = page.locator('form#training-form');
    await training.locator('.required-legend').waitFor();
    assert.ok((await training.locator('label:has(.required)').count()) >= 4);
  });

  it('takes dates as dd/mm/yyyy in an en-US browser: read back in words, an impossible date refused in words, no date picker anywhere', async () => {
    const reference = await stage1Case();
    await openCase('demo-director', reference);
    await page.click('.action-list > [data-action="close-stage1"]');
    await page.waitForSelector('#action-close-stage1-on');
    await page.fill('#action-close-stage1-on', '31/02/2026');
    assert.equal(await page.textContent('#action-close-stage1-on-words'), 'There is no 31/02/2026: check the day and the month (dd/mm/yyyy).');
    await page.fill('#action-close-stage1-on', '11/30/2026');
    assert.match((await page.textContent('#action-close-stage1-on-words')) ?? '', /There is no 11\/30\/2026/);
    await page.selectOption('#action-close-stage1-outcome', 'upheld');
    await page.fill('#action-close-stage1-actionTaken', 'Apologised and fixed the boiler.');
    await page.click('form#action-close-stage1 fluent-button[type="submit"]');
    await page.waitForSelector('#action-close-stage1-on-problem');
    assert.match((await page.textContent('#action-close-stage1-on-problem')) ?? '', /There is no 11\/30\/2026/);
    assert.equal((await call<{ status: string }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' })).body.status, 'stage1', 'nothing sent');
    // The test server's clock is fixed: the day the case was received is a date it accepts.
    const received = await receivedOn(reference);
    const [y, m, d] = received.split('-');
    await page.fill('#action-close-stage1-on', `${d}/${m}/${y}`);
    const words = (await page.textContent('#action-close-stage1-on-words')) ?? '';
    assert.match(words, new RegExp(`^[A-Z][a-z]{2} ${Number(d)} [A-Z][a-z]{2} ${y}$`), `read back in words: ${words}`);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-actions-date-${size.width}.png`), fullPage: true });
    }
    assert.equal(await page.locator('input[type="date"]').count(), 0, 'no date picker on the case page');
    await page.click('form#action-close-stage1 fluent-button[type="submit"]');
    await sent();
    const stored = await call<{ status: string; stage1: { closedOn: string } }>(base, 'GET', `/api/cases/${reference}`, { as: 'demo-director' });
    assert.equal(stored.body.status, 'stage1-closed');
    assert.equal(stored.body.stage1.closedOn, received, 'the day typed, as typed');

    await open('demo-admin', '#/settings');
    await page.waitForSelector('#holiday-new');
    assert.equal(await page.locator('input[type="date"]').count(), 0, 'no date picker on the settings page');
    await page.fill('#holiday-new', '30/02/2027');
    await page.getByRole('button', { name: 'Add date' }).click();
    assert.match((await page.textContent('#holiday-new-problem')) ?? '', /There is no 30\/02\/2027/);
    await page.fill('#holiday-new', '27/09/2027');
    assert.equal(await page.textContent('#holiday-new-words'), 'Mon 27 Sep 2027');
    await page.getByRole('button', { name: 'Add date' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Mon 27 Sep 2027' }).waitFor();

    await open('demo-training-officer', '#/awareness');
    await page.waitForSelector('#training-form-deliveredOn');
    assert.equal(await page.locator('input[type="date"]').count(), 0, 'no date picker on the training page');
  });

  it('has no serious or critical accessibility violations on a case with its More menu open and a confirmation, in every theme', async () => {
    const reference = await stage1Case();
    for (const theme of THEMES) {
      await openCase('demo-director', reference, theme);
      await page.getByRole('button', { name: 'More' }).click();
      await page.getByRole('menuitem').first().waitFor();
      assert.deepEqual(await axeScan(page), [], `case with the More menu open (${theme})`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-case-actions-${theme}.png`) });
      await page.getByRole('menuitem', { name: 'Place a legal hold' }).click();
      await page.fill('#action-set-legal-hold-reason', 'Court action expected.');
      await page.click('form#action-set-legal-hold fluent-button[type="submit"]');
      await page.locator('#action-set-legal-hold-confirm').waitFor();
      assert.deepEqual(await axeScan(page), [], `case with a confirmation (${theme})`);
      await openCase('demo-complaints-manager', reference, theme);
      await page.locator('.not-offered').waitFor();
      assert.deepEqual(await axeScan(page), [], `case with reasons for what is not offered (${theme})`);
    }
  });
});
