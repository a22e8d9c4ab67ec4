/**
 * Reports in the Teams tab, in real headless Chromium against the real server (embedded store, demo
 * data with history, development sign-in): the three reports, the service filter for a head of
 * service (figures equal to a hand count of their cases; no other service offered), the quarter and
 * year still running marked "so far" / "year to date", the indicators in the SPSO's order 1–9, and the
 * complaints manager's review → publish step with the published versions. Screenshots at 1280×800
 * and 1024×700 into test/artifacts/; axe-core clean in the light, dark and high-contrast themes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatDate } from '../../core/labels';
import { lastCompletePeriod, quarterOf } from '../../core/reports/periods';
import type { Case } from '../../core/types';
import { launchChromium } from '../../reports/chromium';
import { storedCasePages } from '../../store/aggregates';
import { londonDate } from '../../core/calendar';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';

declare const document: { querySelector(selector: string): { textContent: string | null } | null; documentElement: { scrollWidth: number; clientWidth: number } };

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const ORG = 'glenmore';
const MANAGER = 'demo-complaints-manager';
const HEAD = 'demo-head-of-service';
const HEAD_SERVICES = ['Council Tax and Benefits', 'Housing Repairs'];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
];

describe('Reports in the tab: service filter, three reports, "so far", SPSO order, publishing (Chromium)', function () {
  this.timeout(300_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  let cases: Case[];
  const pageErrors: string[] = [];
  const today = londonDate(new Date());
  const lastQuarter = lastCompletePeriod('quarter', today, 4);
  const thisQuarter = quarterOf(today.slice(0, 7), 4);

  const axeScan = () => seriousAxeViolations(page);

  async function open(user: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/reports`);
    await page.waitForSelector('.report h3');
    await page.waitForSelector('#report-service, #report-service-fixed');
  }

  /** Waits for the report of the current choices to be drawn (its heading names the period). */
  async function choose(selector: string, value: string, expectHeading: RegExp): Promise<void> {
    await page.selectOption(selector, value);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('.report h3')?.textContent ?? ''), expectHeading.source);
  }

  /** Complaints received in a period, counted by hand from the cases as indicator 4 defines it. */
  const receivedByHand = (services: string[], from: string, to: string) =>
    cases.filter(
      (c) => c.kind === 'complaint' && services.includes(c.service) && c.receivedOn >= from && c.receivedOn <= to && c.status !== 'not-a-complaint' && !(c.status === 'withdrawn' && !c.stage1?.closedOn),
    ).length;
  const quarterDates = (p: { fromMonth: string; toMonth: string }) => [`${p.fromMonth}-01`, `${p.toMonth}-31`] as const;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: true });
    browser = await launchChromium();
    cases = [];
    for await (const batch of storedCasePages(server.store.cases, ORG)) cases.push(...batch);
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: SIZES[0], acceptDownloads: true });
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

  it('offers the three reports, marks the running quarter "so far" and the running year "year to date", with the date', async () => {
    await open(MANAGER);
    const kinds = await page.$$eval('#report-kind option', (os) => os.map((o) => o.textContent ?? ''));
    assert.deepEqual(kinds, ['Quarterly report to senior management', '“You said, we did” (quarterly, public)', 'Annual complaints performance report']);
    const periods = await page.$$eval('#report-period option', (os) => os.map((o) => o.textContent ?? ''));
    const soFar = `so far (to ${formatDate(today)})`;
    assert.equal(periods[0], `${thisQuarter.label}, ${soFar}`);
    assert.equal(periods.filter((p) => p.includes('so far')).length, 1, 'only the running quarter is "so far"');
    assert.equal(await page.textContent('.report h3'), lastQuarter.label, 'the last complete quarter by default, not "so far"');

    await choose('#report-period', thisQuarter.id, /so far/);
    assert.match((await page.textContent('#report-whose')) ?? '', /The quarter is still running: figures are to date/);
    await choose('#report-kind', 'annual', /year to date/);
    assert.match((await page.textContent('.report h3')) ?? '', new RegExp(`year to date \\(to ${formatDate(today)}\\)`));
    await choose('#report-kind', 'you-said-we-did', /quarter/);
    await page.waitForSelector('#you-said-outcomes');
  });

  it('lists the indicators in the SPSO order 1–9', async () => {
    await open(MANAGER);
    const order = await page.$$eval('.report .narrative-kpi1, .report .narrative-kpi2, .report .narrative-kpi3, #report-indicators tbody tr', (nodes) =>
      nodes.map((n) => Number(/^(\d)\./.exec((n.querySelector('strong, th')?.textContent ?? '').trim())?.[1])),
    );
    assert.deepEqual([...new Set(order)], [1, 2, 3, 4, 5, 6, 7, 8, 9], order.join());
    assert.deepEqual(order, [...order].sort(), 'never out of order');
  });

  it('shows a head of service only their services, all together by default, one when chosen, equal to a hand count', async () => {
    await open(HEAD);
    const options = await page.$$eval('#report-service option', (os) => os.map((o) => o.textContent ?? ''));
    assert.deepEqual(options, [`All my services (${HEAD_SERVICES.join(', ')})`, ...HEAD_SERVICES], 'no whole organisation, no other service');
    assert.match((await page.textContent('#report-whose')) ?? '', /Figures for the services Council Tax and Benefits, Housing Repairs only, not the whole organisation/);
    const [from, to] = quarterDates(lastQuarter);
    const received = async () => Number(await page.textContent('.kpi .kpi-value'));
    assert.equal(await received(), receivedByHand(HEAD_SERVICES, from, to));
    assert.match((await page.textContent('.report .narrative-kpi2 strong')) ?? '', /\(whole organisation\):/, 'surveys are not by service, and it says so');
    await page.selectOption('#report-service', 'Housing Repairs');
    await page.waitForFunction(() => /the service Housing Repairs only/.test(document.querySelector('#report-whose')?.textContent ?? ''));
    const housing = receivedByHand(['Housing Repairs'], from, to);
    assert.ok(housing > 0, 'the demo history has Housing Repairs complaints last quarter');
    assert.equal(await received(), housing);

    // The export carries the same filter.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.exports button:has-text("CSV")')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /Service: Housing Repairs/);
    assert.doesNotMatch(csv, /Roads and Transport/);

    // "You said, we did" is there to read, but the complaints manager publishes it.
    await page.selectOption('#report-service', '');
    await choose('#report-kind', 'you-said-we-did', /quarter/);
    await page.waitForSelector('#publish-state');
    assert.match((await page.textContent('#publish-state')) ?? '', /The complaints manager publishes it/);
    assert.equal(await page.$('#publish-start'), null);
  });

  it('lets the complaints manager review and publish "you said, we did", once, recorded with who and when', async () => {
    await open(MANAGER);
    await choose('#report-kind', 'you-said-we-did', /quarter/);
    await page.waitForSelector('#you-said-outcomes');
    await page.waitForSelector('#published-title');
    assert.match((await page.textContent('#publish-state')) ?? '', /Not published yet .* this is exactly what the public will read/);
    await page.click('#publish-start');
    const confirm = (await page.textContent('[aria-label="Confirm publication"]')) ?? '';
    assert.match(confirm, /cannot be published again/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-reports-publish-confirm-${size.width}.png`), fullPage: true });
    }
    await page.click('#publish-confirm');
    await page.waitForSelector('#published-list tbody tr');
    await page.waitForFunction(() => /Published on/.test(document.querySelector('#publish-state')?.textContent ?? ''));
    assert.match((await page.textContent('#publish-state')) ?? '', /Published on .* by Iain Campbell/);
    assert.match((await page.textContent('#published-list tbody tr')) ?? '', new RegExp(`${lastQuarter.id.replace('/', '\\/')}.*Iain Campbell`));
    const record = await server.store.improvements.getPublication(ORG, 'you-said-we-did', lastQuarter.id);
    assert.equal(record?.publishedBy, MANAGER);
    assert.equal(await page.$('#publish-start'), null, 'no second publication offered');
    const [published] = await Promise.all([page.context().waitForEvent('page'), page.click('#published-list button:has-text("Read as published")')]);
    await published.waitForLoadState();
    assert.match((await published.textContent('h1')) ?? '', /You said, we did/, 'the published text opens to read');
    await published.close();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-reports-published-${size.width}.png`), fullPage: true });
    }
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes, at 1280 and 1024 px', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      for (const [who, user] of [
        ['manager', MANAGER],
        ['head', HEAD],
      ] as const) {
        await page.setViewportSize(SIZES[0]);
        await open(user, theme);
        assert.deepEqual(await axeScan(), [], `quarterly report, ${who} (${theme})`);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await page.screenshot({ path: path.join(ARTIFACTS, `tab-reports-${who}-quarterly-${theme}-${size.width}.png`), fullPage: true });
        }
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, `quarterly: no sideways scroll at 1024 px (${who}, ${theme})`);
        await choose('#report-kind', 'you-said-we-did', /quarter/);
        await page.waitForSelector('#published-title');
        assert.deepEqual(await axeScan(), [], `"you said, we did", ${who} (${theme})`);
        await page.screenshot({ path: path.join(ARTIFACTS, `tab-reports-${who}-you-said-${theme}-1024.png`), fullPage: true });
        // At 1024 px nothing scrolls sideways.
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, `no sideways scroll (${who}, ${theme})`);
      }
    }
  });
});
