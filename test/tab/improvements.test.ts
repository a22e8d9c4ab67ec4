/**
 * Improvement actions worked in the Teams tab, in real headless Chromium against the real server
 * (embedded store, demo data, development sign-in): the complaints manager proposes an action (a
 * weekend target refused in words), authorises it, starts it, records progress, completes it with
 * evidence and filters the list; overdue actions come first with an "Overdue" badge in words; the
 * management committee sees the list read-only with the reason and no buttons. Screenshots at
 * 1280×800 and 1024×700 into test/artifacts/; axe-core in the light, dark and high-contrast themes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { londonDate, WorkingCalendar } from '../../core/calendar';
import type { ImprovementAction } from '../../core/learning';
import { launchChromium } from '../../reports/chromium';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';


const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const ORG = 'glenmore';
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

const calendar = new WorkingCalendar();
const today = londonDate(new Date());
const daysFrom = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A Saturday a few weeks ahead, and the working day after it. */
const saturday = ((): string => {
  let d = daysFrom(today, 14);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 6) d = daysFrom(d, 1);
  return d;
})();
const workingTarget = calendar.nextWorkingDayOnOrAfter(saturday);

const seeded = (id: string, changes: Partial<ImprovementAction>): ImprovementAction => ({
  id,
  orgId: ORG,
  caseReferences: [],
  service: 'Roads and Transport',
  description: 'Pothole repairs inspected within two working days',
  status: 'in-progress',
  createdBy: 'demo-director',
  createdAt: `${daysFrom(today, -60)}T09:00:00Z`,
  authorisedBy: 'demo-director',
  authorisedByName: 'Director',
  authorisedAt: `${daysFrom(today, -58)}T09:00:00Z`,
  owner: { kind: 'team', id: 'roads-inspection', displayName: 'Roads inspection team' },
  targetDate: daysFrom(today, -10),
  followUps: [],
  monitoring: { needed: false },
  learningShared: [],
  events: [{ id: `${id}-create`, at: `${daysFrom(today, -60)}T09:00:00Z`, by: 'demo-director', type: 'create', summary: 'Improvement action proposed' }],
  ...changes,
});

describe('Improvement actions worked in the tab (Chromium)', function () {
  this.timeout(240_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const axeScan = () => seriousAxeViolations(page);

  async function open(user: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/improvements`);
    await page.waitForSelector('#improvements-summary');
  }

  const rowIds = () => page.$$eval('#improvements-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
  const message = async (pattern: RegExp) => {
    await page.waitForFunction((source) => new RegExp(source).test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('#improvements-message')?.textContent ?? ''), pattern.source);
  };
  async function shoot(name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-improvements-${name}-${size.width}.png`), fullPage: true });
    }
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    await server.store.improvements.create(seeded('imp-tab-late', {}));
    await server.store.improvements.create(
      seeded('imp-tab-proposed', { status: 'proposed', authorisedBy: undefined, authorisedByName: undefined, authorisedAt: undefined, service: 'Housing Repairs', description: 'Repair appointments confirmed by text the day before', targetDate: workingTarget, owner: { kind: 'officer', id: 'demo-head-of-service', displayName: 'Head of service' } }),
    );
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { ...SIZES[0] } });
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

  it('shows overdue actions first with an "Overdue" badge in words, and counts at the top', async () => {
    await open('demo-complaints-manager');
    const ids = await rowIds();
    assert.equal(ids[0], 'imp-tab-late', ids.join());
    const first = page.locator('#improvements-table tbody tr').first();
    assert.equal(await first.getAttribute('class'), 'row-red');
    assert.equal((await first.locator('.rag-red').textContent())?.trim(), 'Overdue');
    assert.equal(await page.locator('#improvements-table .rag-red').count(), 1, 'only the overdue action carries the badge');
    assert.match((await page.textContent('#improvements-summary')) ?? '', /2 open · 1 overdue · 1 waiting for authorisation/);
    assert.equal(await page.$('#improvements-read-only'), null, 'the complaints manager may act: no read-only sentence');
  });

  it('lets the complaints manager propose (a weekend refused in words), authorise, start, record progress and complete with evidence', async () => {
    await open('demo-complaints-manager');
    await page.click('#improvement-propose');
    await page.waitForSelector('#improvement-new');
    await page.click('#improvement-new [type=submit]');
    await page.waitForSelector('#improvement-new-description-problem');
    assert.match((await page.textContent('#improvement-new-description-problem')) ?? '', /Describe the improvement/);

    await page.fill('#improvement-new-description', 'Bin crews photograph missed collections before leaving the street');
    await page.selectOption('#improvement-new-service', 'Waste and Recycling');
    await page.selectOption('#improvement-new-rootCauseCategory', 'Quality of service');
    await page.selectOption('#improvement-new-owner', 'demo-investigator');
    await page.fill('#improvement-new-targetDate', saturday);
    await page.click('#improvement-new [type=submit]');
    await page.waitForSelector('#improvement-new .message.error');
    assert.match((await page.textContent('#improvement-new .message.error')) ?? '', new RegExp(`${saturday} is a Saturday; choose a working day, for example ${workingTarget}`));
    await shoot('propose-refused');

    await page.fill('#improvement-new-targetDate', workingTarget);
    await page.click('#improvement-new [type=submit]');
    await message(/Proposed: Bin crews photograph missed collections/);
    await page.waitForSelector('#improvement-detail #improvement-authorise');
    assert.match((await page.textContent('#improvement-detail')) ?? '', /Callum Reid/);

    await page.click('#improvement-authorise');
    await message(/Authorised: Bin crews/);
    await page.click('#improvement-start');
    await message(/Work started/);
    await page.click('#improvement-open-progress');
    await page.fill('#improvement-progress-note', 'Two crews trained on the tablets');
    await page.click('#improvement-progress [type=submit]');
    await message(/Progress recorded/);
    assert.match((await page.textContent('#improvement-detail')) ?? '', /Two crews trained on the tablets/);

    assert.equal(await page.$('#improvement-progress'), null, 'the progress form closes once saved');
    await page.click('#improvement-open-complete');
    await page.fill('#improvement-complete-note', 'Every crew photographs missed collections');
    await page.click('#improvement-complete [type=submit]');
    await page.waitForSelector('#improvement-complete-evidence-problem');
    assert.match((await page.textContent('#improvement-complete-evidence-problem')) ?? '', /Give the evidence/);
    await shoot('complete-form');
    await page.fill('#improvement-complete-evidence', 'Crew procedure v3, section 4 (Waste SharePoint)');
    await page.click('#improvement-complete [type=submit]');
    await message(/Completed: Bin crews/);
    const detail = (await page.textContent('#improvement-detail')) ?? '';
    assert.match(detail, /Evidence\s*Crew procedure v3, section 4/);
    assert.equal(await page.$('#improvement-complete'), null, 'a completed action offers no more steps');

    const stored = (await server.store.improvements.list(ORG)).find((a) => a.description.startsWith('Bin crews'))!;
    assert.equal(stored.status, 'completed');
    assert.equal(stored.owner.id, 'demo-investigator');
    assert.equal(stored.completionEvidence, 'Crew procedure v3, section 4 (Waste SharePoint)');
    assert.deepEqual(
      stored.events.map((e) => [e.type, e.by]),
      ['create', 'authorise', 'start', 'add-follow-up', 'complete'].map((t) => [t, 'demo-complaints-manager']),
    );
    const history = await page.$$eval('#improvement-detail ol.timeline li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.match(history[0], /Completed on/, 'the history shows the newest change first');
    assert.match(history.at(-1) ?? '', /Improvement action proposed/);
    await shoot('completed');
  });

  it('filters by status, service, owner and overdue, and says when nothing matches', async () => {
    await open('demo-complaints-manager');
    await page.selectOption('select[name=status]', 'completed');
    assert.deepEqual((await rowIds()).length, 1);
    assert.match((await page.textContent('#improvements-table tbody')) ?? '', /Bin crews/);
    await page.selectOption('select[name=status]', 'open');
    assert.deepEqual((await rowIds()).sort(), ['imp-tab-late', 'imp-tab-proposed']);
    await page.selectOption('select[name=service]', 'Housing Repairs');
    assert.deepEqual(await rowIds(), ['imp-tab-proposed']);
    await page.click('text=Clear filters');
    await page.selectOption('select[name=owner]', 'roads-inspection');
    assert.deepEqual(await rowIds(), ['imp-tab-late']);
    await page.selectOption('select[name=owner]', '');
    await page.check('input[name=overdue]');
    assert.deepEqual(await rowIds(), ['imp-tab-late']);
    assert.match((await page.textContent('#improvements-summary')) ?? '', /showing 1 of 3 actions/);
    await page.selectOption('select[name=service]', 'Education');
    assert.match((await page.textContent('section[aria-labelledby=improvements-title]')) ?? '', /No improvement actions match these filters/);
    await page.selectOption('select[name=service]', 'Roads and Transport');
    await shoot('filtered');
  });

  it('shows the management committee the list read-only, with the reason, and no buttons that do nothing', async () => {
    await open('demo-committee');
    assert.match((await page.textContent('#improvements-read-only')) ?? '', /do not include proposing, authorising or updating improvement actions/);
    assert.equal(await page.$('#improvement-propose'), null);
    await page.click('#improvements-table tr[data-id=imp-tab-proposed] button');
    await page.waitForSelector('#improvement-detail');
    assert.match((await page.textContent('#improvement-next')) ?? '', /Waiting for authorisation by a manager/);
    assert.equal(await page.locator('#improvement-detail form').count(), 0, 'no forms for a reader');
    assert.equal(await page.locator('#improvement-detail button').count(), 1, 'only Close');
    assert.equal(await page.locator('#improvement-detail :is(button, fluent-button)[disabled]').count(), 0);
    await shoot('read-only');
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-complaints-manager', theme);
      await page.click('#improvement-propose');
      await page.click('#improvements-table tr[data-id=imp-tab-late] button');
      await page.click('#improvement-open-complete');
      await page.waitForSelector('#improvement-complete');
      assert.deepEqual(await axeScan(), [], `the list, the proposal form and an action's forms (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-improvements-work-${theme}.png`), fullPage: true });
      await open('demo-committee', theme);
      assert.deepEqual(await axeScan(), [], `read-only list (${theme})`);
    }
  });
});
