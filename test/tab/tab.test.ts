/**
 * The Teams tab in real headless Chromium against the real server (embedded store, seeded demo data,
 * development sign-in): caseload, filters, deep links, actions and the timeline, refusals, keyboard
 * use, an axe-core scan, and screenshots in light and dark themes into test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { parseQuarter } from '../../core/reports/periods';
import { readableSummary } from '../../core/labels';
import { createApp } from '../../server/app';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';

// The callbacks given to page.evaluate run in the browser; these are the few browser globals they touch.
interface BrowserElement {
  id: string;
  textContent: string | null;
  children: ArrayLike<BrowserElement>;
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
}
declare const document: {
  activeElement: BrowserElement | null;
  body: BrowserElement;
  documentElement: { dataset: Record<string, string | undefined> };
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
  getElementById(id: string): BrowserElement | null;
};

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

interface Row {
  reference: string;
  status: string;
  stage: number | null;
  customer: { name?: string };
  service: string;
  clock?: { rag: string; overdue: boolean };
}

describe('Teams tab in Chromium', function () {
  this.timeout(120_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T>(user: string, url: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(server.baseUrl + url, {
      method: init.method ?? 'GET',
      headers: { 'X-Dev-User': user, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  /** Opens the tab as a demo user; `hash` picks the page. */
  async function open(user: string, hash = '', theme = 'light'): Promise<void> {
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('.dev-banner');
  }

  async function rows(): Promise<string[]> {
    await page.waitForSelector('.table-wrap[data-view][aria-busy="false"]');
    return page.$$eval('table.grid tbody tr a.case-link', (links) => links.map((a) => a.textContent ?? ''));
  }

  async function columnValues(column: string): Promise<string[]> {
    await page.waitForSelector('.table-wrap[aria-busy="false"]');
    return page.evaluate(
      (name) => {
        const table = document.querySelectorAll('table.grid')[0];
        const index = Array.from(table.querySelectorAll('thead th')).findIndex((th) => th.textContent?.replace(/[▲▼]/g, '').trim() === name);
        return Array.from(table.querySelectorAll('tbody tr')).map((tr) => tr.children[index]?.textContent?.trim() ?? '');
      },
      column,
    );
  }

  async function showView(button: string, view: string): Promise<void> {
    await page.click(`button.seg:has-text("${button}")`);
    await page.waitForSelector(`.table-wrap[data-view="${view}"][aria-busy="false"]`);
  }

  /** Presses a pager button and waits until that page has loaded. */
  async function turn(button: 'Next page' | 'Previous page', expectedPage: number): Promise<void> {
    await page.click(`button:has-text("${button}")`);
    await page.waitForFunction(
      (n) => (document.querySelectorAll('.pager .pager-range')[0]?.textContent ?? '').startsWith(`${(n - 1) * 25 + 1}–`) && document.querySelectorAll('.table-wrap[aria-busy="false"]').length === 1,
      expectedPage,
    );
  }

  const axeScan = () => seriousAxeViolations(page);

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // The paging test reads every case in one API page of 100: the hand-written demo cases only.
    server = await startTabServer({ history: false });
    // More cases than one page holds, so paging is exercised: logged through the API like any other.
    for (let i = 1; i <= 30; i++) {
      const logged = await api('demo-handler', '/api/cases', {
        method: 'POST',
        body: {
          kind: 'complaint',
          channel: 'phone',
          customer: { withheldDetails: false, anonymous: false, name: `Paging Customer ${i}` },
          nature: `Streetlight ${i} on Mill Lane has been out for three weeks.`,
          service: 'Roads and Transport',
        },
      });
      assert.equal(logged.status, 201);
    }
    browser = await launchChromium();
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

  it('loads the caseload standalone, says it is the development sign-in, and shows RAG from the server', async () => {
    await open('demo-investigator');
    assert.match(await page.textContent('.dev-banner') ?? '', /Development sign-in/);
    const shown = await rows();
    const fromApi = await api<{ items: Row[] }>('demo-investigator', '/api/caseload?view=mine&status=open&limit=25');
    assert.deepEqual(shown, fromApi.body.items.map((r) => r.reference));
    assert.ok(shown.length >= 3, 'the investigator has cases');
    const rag = await columnValues('RAG');
    const expected = fromApi.body.items.map((r) => (r.clock ? { red: 'Overdue', amber: 'Due soon', green: 'On track' }[r.clock.rag] : 'Closed'));
    assert.deepEqual(rag, expected);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-caseload-light.png'), fullPage: true });
  });

  it('switches views and filters by stage, service, overdue and search text', async () => {
    await open('demo-director');
    await showView('All', 'all');
    const all = await rows();
    assert.ok(all.length > 5, `the director sees the organisation's cases (${all.length})`);

    await page.selectOption('select[name="stage"]', '1');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('table.grid tbody tr')).every((tr) => /stage 1/i.test(tr.children[3]?.textContent ?? '')));
    const stages = await columnValues('Status');
    assert.ok(stages.length > 0 && stages.every((s) => /stage 1/i.test(s)), stages.join());
    await page.selectOption('select[name="stage"]', '');

    await page.selectOption('select[name="service"]', 'Housing Repairs');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('table.grid tbody tr')).every((tr) => tr.children[2]?.textContent?.startsWith('Housing Repairs')));
    const services = await columnValues('Service');
    assert.ok(services.length > 0 && services.every((s) => s.startsWith('Housing Repairs')));
    await page.selectOption('select[name="service"]', '');

    await page.check('input[name="overdue"]');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('table.grid tbody tr')).every((tr) => tr.textContent?.includes('Overdue')));
    const overdue = await api<{ items: Row[] }>('demo-director', '/api/caseload?view=all&status=open&overdue=true&limit=25');
    assert.deepEqual(await rows(), overdue.body.items.map((r) => r.reference));
    assert.ok(overdue.body.items.every((r) => r.clock?.overdue));
    await page.uncheck('input[name="overdue"]');

    const someone = (await api<{ items: Row[] }>('demo-director', '/api/caseload?view=all&status=open&limit=25')).body.items.find((r) => r.customer.name)!;
    await page.fill('input[type="search"]', someone.customer.name!);
    await page.waitForFunction((name) => {
      const cells = Array.from(document.querySelectorAll('table.grid tbody tr td:nth-child(2)'));
      return cells.length > 0 && cells.every((td) => td.textContent === name);
    }, someone.customer.name!);
    assert.ok((await rows()).includes(someone.reference));
    await page.fill('input[type="search"]', someone.reference);
    await page.waitForFunction((ref) => {
      const links = Array.from(document.querySelectorAll('table.grid tbody a.case-link'));
      return links.length === 1 && links[0].textContent === ref;
    }, someone.reference);
  });

  it('pages through the caseload with continuation tokens', async () => {
    await open('demo-director');
    await showView('All', 'all');
    const first = await rows();
    const total = (await api<{ items: Row[] }>('demo-director', '/api/caseload?view=all&status=open&limit=100')).body.items.length;
    assert.ok(total > 25, `more than a page of cases (${total})`);
    assert.equal(first.length, 25);
    assert.equal(await page.isDisabled('button:has-text("Previous page")'), true);
    await turn('Next page', 2);
    const second = await rows();
    assert.ok(second.length > 0 && second.every((r) => !first.includes(r)));
    const seen = new Set([...first, ...second]);
    let pageNumber = 2;
    while (!(await page.isDisabled('button:has-text("Next page")'))) {
      await turn('Next page', ++pageNumber);
      for (const r of await rows()) seen.add(r);
    }
    assert.equal(seen.size, total, 'every case once across the pages');
    while (pageNumber > 1) await turn('Previous page', --pageNumber);
    assert.deepEqual(await rows(), first);
  });

  it('opens a case from a deep link with its details, clock and timeline', async () => {
    const target = (await api<{ items: Row[] }>('demo-investigator', '/api/caseload?view=mine&status=stage2')).body.items[0];
    assert.ok(target, 'a stage 2 case of the investigator');
    await open('demo-investigator', `#/case/${target.reference}`);
    await page.waitForSelector('#case-title');
    assert.equal((await page.textContent('#case-title'))?.trim(), target.reference);
    const full = await api<{ events: { summary: string }[]; nature: string }>('demo-investigator', `/api/cases/${target.reference}`);
    const timeline = await page.$$eval('.timeline li', (items) => items.map((li) => li.textContent ?? ''));
    assert.equal(timeline.length, full.body.events.length, 'every audit event is on the timeline');
    const people = (await api<{ people: { userId: string; displayName: string }[] }>('demo-investigator', '/api/caseload/options')).body.people;
    const nameOf = (id: string) => people.find((p) => p.userId === id)?.displayName;
    for (const event of full.body.events) {
      const words = readableSummary(event.summary, nameOf);
      assert.ok(timeline.some((t) => t.includes(words)), words);
    }
    for (const entry of timeline) {
      assert.doesNotMatch(entry, /\d{4}-\d{2}-\d{2}/, `a date in words, not ISO: ${entry}`);
      assert.doesNotMatch(entry, /partially-upheld|not-upheld/, `an outcome in words: ${entry}`);
    }
    assert.ok((await page.textContent('.facts'))?.includes(full.body.nature));
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-light.png'), fullPage: true });
    await open('demo-investigator', `#/case/${target.reference}`, 'dark');
    await page.waitForSelector('.timeline li');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-case-dark.png'), fullPage: true });
  });

  it('says when no case matches the filters, and clears them in one press', async () => {
    // Someone whose own caseload has cases (the demo director owns none: senior staff do not hold frontline cases).
    await open('demo-investigator');
    const before = await rows();
    assert.ok(before.length > 0);
    await page.fill('input[name="text"]', 'no-such-customer-zzz');
    await page.waitForSelector('.empty');
    assert.match((await page.textContent('.empty')) ?? '', /No cases match these filters\./);
    await page.click('.empty button');
    await page.waitForFunction(() => document.querySelectorAll('table.grid tbody tr').length > 0);
    assert.deepEqual(await rows(), before);
    assert.equal(await page.inputValue('input[name="text"]'), '');
  });

  it('says so when a deep link names a case the person cannot see', async () => {
    await open('demo-handler', '#/case/CHP-2026-999999');
    await page.waitForSelector('.message.error');
    assert.match((await page.textContent('.message.error')) ?? '', /no case CHP-2026-999999/i);
  });

  it('takes an allowed action: validation in words, then the case changes and the timeline shows it', async () => {
    const target = (await api<{ items: Row[] }>('demo-investigator', '/api/caseload?view=mine&status=stage1')).body.items[0];
    assert.ok(target, 'an open stage 1 case of the investigator');
    await open('demo-investigator', `#/case/${target.reference}`);
    await page.click('.action-list [data-action="close-stage1"]');
    await page.click('form#action-close-stage1 [type="submit"]');
    await page.waitForSelector('#action-close-stage1-outcome-problem');
    assert.equal(await page.textContent('#action-close-stage1-outcome-problem'), 'Choose the outcome.');
    assert.equal(await page.textContent('#action-close-stage1-actionTaken-problem'), 'Enter the action taken.');

    await page.selectOption('#action-close-stage1-outcome', 'partially-upheld');
    await page.fill('#action-close-stage1-actionTaken', 'Apologised and rebooked the visit for Thursday.');
    await page.click('form#action-close-stage1 [type="submit"]');
    await page.waitForSelector('#case-notice');
    assert.match((await page.textContent('.status')) ?? '', /Closed at stage 1/);
    const latest = await page.textContent('.timeline li:first-child');
    assert.match(latest ?? '', /Stage 1 closed/i);
    assert.match(latest ?? '', /Callum Reid/);
    assert.match(latest ?? '', /: Partially upheld\./, 'the outcome in words');
    assert.match(latest ?? '', /closed on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}/, 'the date in words');
    const stored = await api<{ status: string; stage1: { outcome: string; actionTaken: string } }>('demo-investigator', `/api/cases/${target.reference}`);
    assert.equal(stored.body.status, 'stage1-closed');
    assert.equal(stored.body.stage1.outcome, 'partially-upheld');
    assert.equal(stored.body.stage1.actionTaken, 'Apologised and rebooked the visit for Thursday.');
  });

  it('edits the recorded details and shows the server’s validation in words', async () => {
    const target = (await api<{ items: Row[] }>('demo-investigator', '/api/caseload?view=mine&status=stage2')).body.items[0];
    await open('demo-investigator', `#/case/${target.reference}`);
    await page.click('button:has-text("Edit details")');
    await page.fill('#detail-phone', 'call me maybe');
    await page.click('button:has-text("Save details")');
    await page.waitForSelector('#detail-phone-problem');
    assert.match((await page.textContent('#detail-phone-problem')) ?? '', /phone number/i);
    await page.fill('#detail-phone', '01234 567890');
    await page.click('button:has-text("Save details")');
    await page.waitForSelector('#case-notice');
    assert.ok((await page.textContent('.facts'))?.includes('01234 567890'));
    assert.match((await page.textContent('.timeline li:first-child')) ?? '', /phone|details|updated/i);
  });

  it('proposes an improvement action from a case, listed on the case and on the improvement actions page', async () => {
    const target = (await api<{ items: Row[] }>('demo-investigator', '/api/caseload?view=mine')).body.items[0];
    await open('demo-investigator', `#/case/${target.reference}`);
    await page.click('button:has-text("Propose one")');
    await page.click('form#action-improvement [type="submit"]');
    await page.waitForSelector('#action-improvement-description-problem');
    assert.equal(await page.textContent('#action-improvement-description-problem'), 'Enter the improvement.');
    await page.fill('#action-improvement-description', 'Check door measurements twice before ordering.');
    await page.selectOption('#action-improvement-owner', 'demo-head-of-service');
    await page.fill('#action-improvement-targetDate', '2099-06-30');
    await page.click('form#action-improvement [type="submit"]');
    await page.waitForSelector('.sub table.grid tbody tr');
    assert.match((await page.textContent('.sub table.grid')) ?? '', /Check door measurements twice.*Aileen Murray.*30 Jun 2099.*Proposed/s);

    await page.click('a.nav-link:has-text("Improvement actions")');
    await page.waitForSelector('#improvements-title');
    await page.waitForSelector('table.grid tbody tr');
    const listed = await page.textContent('table.grid tbody');
    assert.match(listed ?? '', new RegExp(`Check door measurements twice.*${target.reference}`, 's'));
  });

  it('does not offer a forbidden action, and the API refuses it when forced', async () => {
    const target = (await api<{ items: Row[] }>('demo-handler', '/api/caseload?view=mine&status=stage1')).body.items[0];
    assert.ok(target, 'an open case of the handler');
    await open('demo-handler', `#/case/${target.reference}`);
    await page.waitForSelector('.action-list [data-action]');
    const offered = await page.$$eval('.action-list [data-action]', (buttons) => buttons.map((b) => b.getAttribute('data-action')));
    assert.ok(offered.includes('close-stage1'), 'the handler may close stage 1');
    assert.ok(!offered.includes('assign') && !offered.includes('extend'), `handler is not offered assign or extend: ${offered.join()}`);
    // Forced from the page itself, with the tab's own sign-in.
    const forced = await page.evaluate(async (ref) => {
      const res = await fetch(`/api/cases/${ref}/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Dev-User': 'demo-handler' },
        body: JSON.stringify({ type: 'assign', owner: 'demo-investigator' }),
      });
      return { status: res.status, body: (await res.json()) as { detail: string } };
    }, target.reference);
    assert.equal(forced.status, 403);
    assert.match(forced.body.detail, /assign/i);
    const after = await api<{ owner: string }>('demo-handler', `/api/cases/${target.reference}`);
    assert.equal(after.body.owner, 'demo-handler');
  });

  it('works from the keyboard: arrows move through the caseload, Enter opens, actions open their form', async () => {
    await open('demo-investigator');
    const shown = await rows();
    await page.focus('table.grid tbody a.case-link');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), shown[1]);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), shown[shown.length - 1]);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#case-title');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'case-title', 'focus moves to the case heading');

    const first = await page.$('.action-list > [data-action]');
    if (first) {
      await first.focus();
      const type = await first.getAttribute('data-action');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`form#action-${type}`);
      const focused = await page.evaluate(() => document.activeElement?.id ?? '');
      assert.ok(focused.startsWith(`action-${type}-`) || (await page.$$(`form#action-${type} .field`)).length === 0, `focus goes into the form (${focused})`);
      await page.keyboard.press('Escape');
      await page.waitForSelector(`form#action-${type}`, { state: 'detached' });
      const label = await first.textContent();
      await page.waitForFunction((text) => document.activeElement?.textContent === text, label, { timeout: 2000 }).catch(() => undefined);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), label, 'Escape closes the form and focus returns to its button');
    }
    // Tab order starts with the skip link.
    await page.goto(`${server.baseUrl}/tab/?devUser=demo-investigator`);
    await page.waitForSelector('table.grid tbody a.case-link');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  });

  it('has no serious or critical accessibility violations (axe-core) on the caseload, a case and reports, light and dark', async () => {
    const target = (await api<{ items: Row[] }>('demo-director', '/api/caseload?view=all&status=stage2-signoff')).body.items[0]
      ?? (await api<{ items: Row[] }>('demo-director', '/api/caseload?view=all')).body.items[0];
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-director', '', theme);
      await rows();
      assert.deepEqual(await axeScan(), [], `caseload (${theme})`);
      if (theme === 'dark') await page.screenshot({ path: path.join(ARTIFACTS, 'tab-caseload-dark.png'), fullPage: true });

      await open('demo-director', `#/case/${target.reference}`, theme);
      await page.waitForSelector('.timeline li');
      const action = await page.$('.action-list > [data-action]');
      if (action) {
        await action.click();
        await page.waitForSelector('.action-form');
      }
      assert.deepEqual(await axeScan(), [], `case view with an action form (${theme})`);

      await open('demo-director', '#/reports', theme);
      await page.waitForSelector('#reports-title');
      await page.waitForFunction(() => !document.body.textContent?.includes('Loading the indicators'));
      await page.waitForTimeout(300);
      assert.deepEqual(await axeScan(), [], `reports (${theme})`);
      if (theme !== 'contrast') await page.screenshot({ path: path.join(ARTIFACTS, `tab-reports-${theme}.png`), fullPage: true });
    }
  });

  it('shows indicators 2 and 3 of the report as the training and survey records give them', async () => {
    await open('demo-director', '#/reports');
    await page.waitForSelector('.report .narrative-kpi3');
    const period = await page.$eval('.report h3', (h) => h.textContent ?? '');
    const quarter = /\((\d{4}\/\d{2}) quarter (\d)\)/.exec(period);
    assert.ok(quarter, `the report names its quarter: ${period}`);
    // A training session in that quarter, recorded through the API as the training officer does.
    const { fromMonth } = parseQuarter(`${quarter[1]}-Q${quarter[2]}`, 4);
    const recorded = await api('demo-training-officer', '/api/awareness/training', {
      method: 'POST',
      body: { kind: 'refresher', title: 'CHP refresher', deliveredOn: `${fromMonth}-15`, audience: 'Team leaders', attendees: 7 },
    });
    assert.equal(recorded.status, 201);
    await page.reload();
    await page.waitForSelector('.report .narrative-kpi3');
    const statements = (await api<{ kpi2: string | null; kpi3: string | null }>('demo-director', `/api/awareness/statements?period=${quarter[1]}-Q${quarter[2]}`)).body;
    const words = (selector: string) => page.$eval(selector, (p) => (p.textContent ?? '').replace(/^[^:]+:\s*/, ''));
    assert.equal(await words('.report .narrative-kpi2'), statements.kpi2 ?? 'not yet reported for this period.');
    assert.match(statements.kpi3 ?? '', /1 refresher session \(7 members of staff\)/);
    assert.equal(await words('.report .narrative-kpi3'), statements.kpi3);
  });

  it('downloads a report export with the same sign-in as the page', async () => {
    await open('demo-director', '#/reports');
    await page.waitForSelector('.report h3');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.exports button:has-text("CSV")')]);
    assert.match(download.suggestedFilename(), /^quarterly-.*\.csv$/);
    const file = await download.path();
    assert.ok(file);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /,/);
    assert.ok(text.length > 100, 'the CSV has content');
  });

  it('never hangs when framed by a page that is not Teams: it gives up on the host and runs standalone', async () => {
    await page.goto(`${server.baseUrl}/healthz`);
    await page.setContent(`<iframe title="tab" src="${server.baseUrl}/tab/?devUser=demo-handler" style="width:1200px;height:800px"></iframe>`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok(frame);
    await frame.waitForSelector('.dev-banner', { timeout: 15_000 });
    await frame.waitForSelector('table.grid tbody tr');
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.host), 'browser');
  });

  it('tells a person outside Teams to open it in Teams when development sign-in is off', async () => {
    const app = createApp({ store: server.store, devSignIn: false, logger: { info: () => undefined, error: () => undefined } });
    const other = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => other.once('listening', () => resolve()));
    try {
      const { port } = other.address() as import('node:net').AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/tab/`);
      await page.waitForSelector('main.splash p');
      assert.match((await page.textContent('main.splash p')) ?? '', /Open this tab in Microsoft Teams/);
      assert.equal(await page.$('.dev-banner'), null);
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('serves the channel tab configuration page, which explains itself outside Teams', async () => {
    await page.goto(`${server.baseUrl}/tab/config.html`);
    await page.waitForFunction(() => !document.getElementById('status')?.textContent?.includes('Connecting'));
    assert.match((await page.textContent('#status')) ?? '', /shown by Microsoft Teams/);
    assert.equal(await page.$$eval('input[name="view"]', (inputs) => inputs.length), 3);
  });
});
