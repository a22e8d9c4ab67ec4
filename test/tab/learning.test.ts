/**
 * Learning that shows in the Teams tab, in real headless Chromium against the real server (embedded
 * store, demo data, development sign-in): the SPSO journey beside the report figures, the liaison
 * officer's open SPSO cases (complaints manager only), and "did the improvements work?" on the
 * improvements page; an axe-core scan in the light, dark and high-contrast themes, screenshots into
 * test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ImprovementAction } from '../../core/learning';
import { launchChromium } from '../../reports/chromium';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const ORG = 'glenmore';

/** A month `back` months before today's, and a day in it. */
function monthsAgo(back: number, day = 10): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day));
  return d.toISOString().slice(0, 10);
}

describe('Learning that shows in the tab (Chromium)', function () {
  this.timeout(180_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const axeScan = () => seriousAxeViolations(page);

  async function open(user: string, route: string, theme: string, ready: string[]): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/${route}`);
    for (const selector of ready) await page.waitForSelector(selector);
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    const action: ImprovementAction = {
      id: 'imp-tab-effect',
      orgId: ORG,
      caseReferences: [],
      service: 'Housing Repairs',
      rootCauseCategory: 'Delay',
      description: 'Adaptation referrals logged in one shared queue',
      status: 'completed',
      completedOn: monthsAgo(2, 15),
      createdBy: 'demo-investigator',
      createdAt: `${monthsAgo(4)}T09:00:00Z`,
      owner: { kind: 'team', id: 'repairs', displayName: 'Repairs team' },
      targetDate: monthsAgo(2, 20),
      followUps: [],
      monitoring: { needed: true },
      learningShared: [],
      events: [],
    };
    await server.store.improvements.create(action);
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

  it('shows the complaints manager the SPSO journey with its counting rules and the open SPSO cases with their dates', async () => {
    await open('demo-complaints-manager', 'reports', 'light', ['#spso-journey', '#spso-cases']);
    const header = await page.$$eval('#spso-journey thead th', (ths) => ths.map((th) => th.textContent ?? ''));
    assert.deepEqual(header.slice(0, 3), ['Service', 'Decided', 'Upheld after we did not uphold at stage 1']);
    assert.equal(await page.textContent('#spso-journey tbody tr th'), 'All services');
    await page.click('text=How these figures are counted');
    assert.match((await page.textContent('#spso-journey-title + table + details')) ?? '', /our last response \(stage 2 if the complaint reached it/);
    const rows = await page.$$eval('#spso-cases tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    assert.equal(rows.length, 1, 'the demo organisation has one case with the SPSO');
    assert.match(rows[0], /Council Tax and Benefits.*Awaiting decision/);
  });

  it('does not show the open SPSO cases to the management committee, who read reports but do not deal with the SPSO', async () => {
    await open('demo-committee', 'reports', 'light', ['#spso-journey']);
    assert.equal(await page.$('#spso-cases-title'), null, 'the management committee reads reports, not the SPSO case list');
  });

  it('shows each completed improvement with the complaints before and after, and the caution when they are too few', async () => {
    await open('demo-complaints-manager', 'improvements', 'light', ['#improvement-effects']);
    const row = (await page.textContent('#improvement-effects tbody tr')) ?? '';
    assert.match(row, /Adaptation referrals logged in one shared queue/);
    assert.match(row, /Housing Repairs/);
    assert.match(row, /Caution: fewer than 10 complaints/);
  });

  it('logs a compliment from the new case form (the kind is chosen on the form)', async () => {
    await open('demo-handler', '', 'light', ['button.new-complaint']);
    await page.click('button.new-complaint');
    await page.waitForSelector('#new-complaint');
    assert.equal(await page.inputValue('#new-kind'), 'complaint', 'a complaint unless chosen otherwise');
    await page.selectOption('#new-kind', 'compliment');
    await page.fill('#new-name', 'Grateful Resident');
    await page.selectOption('#new-service', 'Roads and Transport');
    await page.fill('#new-nature', 'The gritter came round before dawn: thank you.');
    await page.click('#new-complaint button[type="submit"]');
    await page.waitForSelector('#case-title, #new-complaint .message.error, #new-complaint [id$="-problem"]');
    const stillOpen = await page.$('#new-complaint');
    assert.ok(!stillOpen, stillOpen ? ((await stillOpen.textContent()) ?? '') : '');
    const reference = (await page.textContent('#case-title'))?.trim() ?? '';
    const logged = (await server.store.cases.get(ORG, reference))!;
    assert.equal(logged.kind, 'compliment');
    assert.equal(logged.status, 'recorded');
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-complaints-manager', 'reports', theme, ['#spso-journey', '#spso-cases']);
      assert.deepEqual(await axeScan(), [], `reports with the SPSO journey (${theme})`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-learning-reports-${theme}.png`), fullPage: true });
      await open('demo-complaints-manager', 'improvements', theme, ['#improvement-effects']);
      assert.deepEqual(await axeScan(), [], `improvement effects (${theme})`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-learning-improvements-${theme}.png`), fullPage: true });
    }
  });
});
