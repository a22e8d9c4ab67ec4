/**
 * Training and surveys in the Teams tab (F16, SPSO indicators 2 and 3) in real headless Chromium
 * against the real server (embedded store, demo data, development sign-in): the training officer and
 * the complaints manager record through the forms, the API's field errors appear beside their fields,
 * the report sentences follow, the director only reads, a complaint handler is not offered the page;
 * an axe-core scan in every theme and screenshots into test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { startTabServer, type TabServer } from './server';
import { seriousAxeViolations } from '../support/axe';

// The callbacks given to page.evaluate run in the browser; these are the browser globals they touch.
declare const document: { getElementById(id: string): { textContent: string | null } | null };

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

interface Training {
  id: string;
  kind: string;
  title: string;
  deliveredOn: string;
  audience: string;
  attendees: number;
}
interface Survey {
  id: string;
  fromMonth: string;
  toMonth: string;
  responses: number;
  satisfied: number;
  method: string;
  summary?: string;
}
interface Statements {
  period: { id: string; label: string };
  kpi2: string | null;
  kpi3: string | null;
}

/** Today and this month in London, as the tab and the API reckon them. */
function londonToday(): string {
  const parts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The month before, unless this is April (the reporting year's first month): then this month, so both stay in the year so far. */
function surveyStartMonth(thisMonth: string): string {
  const [year, month] = thisMonth.split('-').map(Number);
  if (month === 4) return thisMonth;
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

describe('Training and surveys in the tab (Chromium)', function () {
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
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  /** Opens the page as a demo user and waits until both lists and the report sentences have loaded. */
  async function open(user: string, theme = 'light'): Promise<void> {
    await page.goto('about:blank'); // the same address again would only move to the hash, not load afresh
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}#/awareness`);
    await page.waitForSelector('#awareness-title');
    await page.waitForSelector('#statements');
    await page.waitForSelector('#training-table, section[aria-labelledby="training-title"] > .empty');
    await page.waitForSelector('#survey-table, section[aria-labelledby="surveys-title"] > .empty');
  }

  const navLinks = () => page.$$eval('nav.nav a', (links) => links.map((a) => a.textContent ?? ''));
  const cellsOf = (table: string) => page.$$eval(`${table} tbody tr`, (rows) => rows.map((tr) => Array.from(tr.querySelectorAll('td') as ArrayLike<{ textContent: string | null }>).map((td) => td.textContent?.trim() ?? '')));

  const axeScan = () => seriousAxeViolations(page);

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
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

  it('lets the training officer record training through the form: listed, and in the indicator 3 sentence', async () => {
    const before = (await api<Statements>('demo-training-officer', '/api/awareness/statements')).body;
    // The training officer reads no cases: the tab opens on this page.
    await page.goto(`${server.baseUrl}/tab/?devUser=demo-training-officer`);
    await page.waitForSelector('#awareness-title');
    // Beside training: the organisation's roles and responsibilities, which every member of staff may read.
    assert.deepEqual(await navLinks(), ['Training and surveys', 'Roles']);
    await page.waitForSelector('#statements');
    assert.equal(await page.$('#survey-form'), null, 'surveys are the complaints manager’s to record');

    const today = londonToday();
    assert.equal(await page.inputValue('#training-form-deliveredOn'), `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`, 'the date starts at today, as dd/mm/yyyy');
    await page.selectOption('#training-form-kind', 'refresher');
    await page.fill('#training-form-title', 'Complaints handling procedure: refresher for team leaders');
    await page.fill('#training-form-audience', 'Team leaders, Housing Repairs');
    await page.fill('#training-form-attendees', '12');
    await page.click('#training-form [type="submit"]');
    await page.waitForSelector('#training-form .message.success');
    assert.match((await page.textContent('#training-form .message.success')) ?? '', /Saved: Complaints handling procedure: refresher for team leaders/);
    assert.equal(await page.inputValue('#training-form-title'), '', 'the form is ready for the next one');

    await page.waitForSelector('#training-table tbody tr:has-text("refresher for team leaders")');
    const row = (await cellsOf('#training-table')).find((cells) => cells[2].includes('refresher for team leaders'));
    assert.ok(row);
    assert.deepEqual(row.slice(1, 5), ['Refresher training', 'Complaints handling procedure: refresher for team leaders', 'Team leaders, Housing Repairs', '12']);
    assert.match(row[0], /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}$/, `the date in words: ${row[0]}`);

    const stored = (await api<{ items: Training[] }>('demo-training-officer', '/api/awareness/training')).body.items;
    const saved = stored.find((t) => t.title === 'Complaints handling procedure: refresher for team leaders');
    assert.deepEqual(saved && { kind: saved.kind, deliveredOn: saved.deliveredOn, audience: saved.audience, attendees: saved.attendees }, {
      kind: 'refresher',
      deliveredOn: today,
      audience: 'Team leaders, Housing Repairs',
      attendees: 12,
    });

    const after = (await api<Statements>('demo-training-officer', '/api/awareness/statements')).body;
    assert.ok(after.kpi3, 'the reports now have an indicator 3 sentence');
    assert.notEqual(after.kpi3, before.kpi3, 'the new record changed the sentence');
    await page.waitForFunction((expected) => document.getElementById('statement-kpi3')?.textContent === expected, after.kpi3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-awareness-training-officer.png'), fullPage: true });
  });

  it('shows the API’s field error beside the field and keeps what was typed', async () => {
    const countBefore = (await api<{ items: Training[] }>('demo-training-officer', '/api/awareness/training')).body.items.length;
    await open('demo-training-officer');
    await page.selectOption('#training-form-kind', 'induction');
    await page.fill('#training-form-title', 'Frontline induction for new starts');
    await page.fill('#training-form-audience', 'New starts, Customer Services');
    await page.fill('#training-form-attendees', '-1');
    await page.click('#training-form [type="submit"]');
    await page.waitForSelector('#training-form-attendees-problem');
    assert.ok(((await page.textContent('#training-form-attendees-problem')) ?? '').length > 5, 'the problem is said in words');
    assert.equal(await page.getAttribute('#training-form-attendees', 'aria-invalid'), 'true');
    assert.match((await page.getAttribute('#training-form-attendees', 'aria-describedby')) ?? '', /training-form-attendees-problem/);
    assert.equal(await page.$('#training-form-title-problem'), null, 'only the wrong field is marked');
    assert.equal(await page.inputValue('#training-form-title'), 'Frontline induction for new starts');
    assert.equal(await page.inputValue('#training-form-audience'), 'New starts, Customer Services');
    assert.equal(await page.inputValue('#training-form-kind'), 'induction');
    assert.equal(await page.inputValue('#training-form-attendees'), '-1');
    assert.equal(await page.$('#training-form .message.success'), null);
    assert.equal((await api<{ items: Training[] }>('demo-training-officer', '/api/awareness/training')).body.items.length, countBefore, 'nothing was saved');

    // Put right, it saves.
    await page.fill('#training-form-attendees', '9');
    await page.click('#training-form [type="submit"]');
    await page.waitForSelector('#training-form .message.success');
    assert.equal(await page.$('#training-form-attendees-problem'), null);
    await page.waitForSelector('#training-table tbody tr:has-text("Frontline induction for new starts")');
  });

  it('lets the complaints manager record a survey, shown as “x of y (z%)”, with satisfied over responses refused beside the field', async () => {
    const thisMonth = londonToday().slice(0, 7);
    const fromMonth = surveyStartMonth(thisMonth);
    await open('demo-complaints-manager');
    assert.ok((await navLinks()).includes('Training and surveys'));
    assert.equal(await page.$('#training-form'), null, 'training is the training officer’s to record');

    await page.fill('#survey-form-fromMonth', fromMonth);
    await page.fill('#survey-form-toMonth', thisMonth);
    await page.fill('#survey-form-responses', '48');
    await page.fill('#survey-form-satisfied', '49');
    await page.fill('#survey-form-method', 'Text message survey after closure');
    await page.fill('#survey-form-summary', 'Most valued being kept informed; some found the wait too long.');
    await page.click('#survey-form [type="submit"]');
    await page.waitForSelector('#survey-form-satisfied-problem');
    assert.ok(((await page.textContent('#survey-form-satisfied-problem')) ?? '').length > 5);
    assert.equal(await page.inputValue('#survey-form-responses'), '48', 'what was typed stays');
    assert.equal(await page.inputValue('#survey-form-fromMonth'), fromMonth);
    assert.equal(await page.inputValue('#survey-form-method'), 'Text message survey after closure');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-awareness-field-error.png'), fullPage: true });

    await page.fill('#survey-form-satisfied', '31');
    await page.click('#survey-form [type="submit"]');
    await page.waitForSelector('#survey-form .message.success');
    await page.waitForSelector('#survey-table tbody tr:has-text("Text message survey after closure")');
    const row = (await cellsOf('#survey-table')).find((cells) => cells[3] === 'Text message survey after closure');
    assert.ok(row);
    assert.deepEqual(row.slice(1, 5), ['48', '31 of 48 (65%)', 'Text message survey after closure', 'Most valued being kept informed; some found the wait too long.']);
    assert.match(row[0], fromMonth === thisMonth ? /^[A-Z][a-z]+ \d{4}$/ : /^[A-Z][a-z]+ (\d{4} )?to [A-Z][a-z]+ \d{4}$/, `months in words: ${row[0]}`);

    const statements = (await api<Statements>('demo-complaints-manager', '/api/awareness/statements')).body;
    assert.ok(statements.kpi2, 'the reports now have an indicator 2 sentence');
    await page.waitForFunction((expected) => document.getElementById('statement-kpi2')?.textContent === expected, statements.kpi2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-awareness-light.png'), fullPage: true });
  });

  it('deletes a record only after asking, and “Keep it” keeps it', async () => {
    const added = await api<Survey>('demo-complaints-manager', '/api/awareness/surveys', {
      method: 'POST',
      body: { fromMonth: londonToday().slice(0, 7), toMonth: londonToday().slice(0, 7), responses: 5, satisfied: 2, method: 'Postcard survey to delete' },
    });
    assert.equal(added.status, 201);
    await open('demo-complaints-manager');
    const row = '#survey-table tbody tr:has-text("Postcard survey to delete")';
    await page.click(`${row} button:has-text("Delete")`);
    await page.click(`${row} button:has-text("Keep it")`);
    assert.equal(await page.$(`${row} button:has-text("Yes, delete")`), null);
    assert.ok((await api<{ items: Survey[] }>('demo-complaints-manager', '/api/awareness/surveys')).body.items.some((s) => s.id === added.body.id), 'kept');

    await page.click(`${row} button:has-text("Delete")`);
    await page.click(`${row} button:has-text("Yes, delete")`);
    await page.waitForSelector(row, { state: 'detached' });
    assert.match((await page.textContent('section[aria-labelledby="surveys-title"] > .message.success')) ?? '', /Deleted/);
    assert.equal(await page.evaluate(() => (document as unknown as { activeElement: { id: string } | null }).activeElement?.id), 'surveys-title', 'focus is not lost with the row');
    assert.ok(!(await api<{ items: Survey[] }>('demo-complaints-manager', '/api/awareness/surveys')).body.items.some((s) => s.id === added.body.id), 'gone from the API');

    // Deleted by someone else meanwhile: the API's 404 is said, and the row offers Delete again.
    const other = await api<Survey>('demo-complaints-manager', '/api/awareness/surveys', {
      method: 'POST',
      body: { fromMonth: londonToday().slice(0, 7), toMonth: londonToday().slice(0, 7), responses: 3, satisfied: 3, method: 'Survey deleted elsewhere' },
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    await open('demo-complaints-manager');
    assert.equal((await api('demo-complaints-manager', `/api/awareness/surveys/${other.body.id}`, { method: 'DELETE' })).status, 204);
    const stale = '#survey-table tbody tr:has-text("Survey deleted elsewhere")';
    await page.click(`${stale} button:has-text("Delete")`);
    await page.click(`${stale} button:has-text("Yes, delete")`);
    await page.waitForSelector('section[aria-labelledby="surveys-title"] > .message.error');
    assert.match((await page.textContent('section[aria-labelledby="surveys-title"] > .message.error')) ?? '', /was not deleted.*no survey result/i);
    await page.waitForSelector(`${stale} button:has-text("Delete")`);
  });

  it('shows the director both lists and the report sentences, with no forms and no Delete', async () => {
    const training = await api<Training>('demo-training-officer', '/api/awareness/training', {
      method: 'POST',
      body: { kind: 'awareness', title: 'Bulletin: what counts as a complaint', deliveredOn: londonToday(), audience: 'All staff', attendees: 0 },
    });
    assert.equal(training.status, 201);
    const survey = await api<Survey>('demo-complaints-manager', '/api/awareness/surveys', {
      method: 'POST',
      body: { fromMonth: londonToday().slice(0, 7), toMonth: londonToday().slice(0, 7), responses: 20, satisfied: 15, method: 'Online form for the director' },
    });
    assert.equal(survey.status, 201);

    await open('demo-director');
    assert.ok((await navLinks()).includes('Training and surveys'));
    assert.ok((await cellsOf('#training-table')).some((cells) => cells[1] === 'Awareness (briefing, bulletin)' && cells[2] === 'Bulletin: what counts as a complaint' && cells[4] === '0'));
    assert.ok((await cellsOf('#survey-table')).some((cells) => cells[2] === '15 of 20 (75%)' && cells[3] === 'Online form for the director'));
    assert.equal(await page.$('#training-form'), null);
    assert.equal(await page.$('#survey-form'), null);
    assert.equal(await page.$('button:has-text("Delete")'), null);
    const statements = (await api<Statements>('demo-director', '/api/awareness/statements')).body;
    assert.equal((await page.textContent('#statement-kpi2'))?.trim(), statements.kpi2 ?? 'Nothing recorded for this period yet.');
    assert.equal((await page.textContent('#statement-kpi3'))?.trim(), statements.kpi3 ?? 'Nothing recorded for this period yet.');
  });

  it('says “Nothing recorded for this period yet.” for a period without records', async () => {
    await open('demo-director');
    // The earliest period offered: the reporting year before last, before any record here.
    const last = await page.$$eval('#statements-period option', (options) => options[options.length - 1]?.getAttribute('value') ?? '');
    const statements = (await api<Statements>('demo-director', `/api/awareness/statements?period=${encodeURIComponent(last)}`)).body;
    assert.equal(statements.kpi2, null, `no survey in ${last}`);
    await page.selectOption('#statements-period', last);
    await page.waitForSelector(`#statements:has-text("${statements.period.label}")`);
    assert.equal((await page.textContent('#statement-kpi2'))?.trim(), 'Nothing recorded for this period yet.');
  });

  it('is not offered to a complaint handler, and the page says so if opened by its address', async () => {
    await page.goto(`${server.baseUrl}/tab/?devUser=demo-handler`);
    await page.waitForSelector('nav.nav');
    assert.ok(!(await navLinks()).includes('Training and surveys'), (await navLinks()).join());
    await page.goto(`${server.baseUrl}/tab/?devUser=demo-handler#/awareness`);
    await page.waitForSelector('main#main p');
    assert.match((await page.textContent('main#main')) ?? '', /Your roles do not include training records or surveys/);
    assert.equal((await api('demo-handler', '/api/awareness/training')).status, 403);
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    const training = await api('demo-training-officer', '/api/awareness/training', {
      method: 'POST',
      body: { kind: 'induction', title: 'Induction for the accessibility scan', deliveredOn: londonToday(), audience: 'New starts', attendees: 3 },
    });
    assert.equal(training.status, 201);
    for (const theme of ['light', 'dark', 'contrast']) {
      await open('demo-complaints-manager', theme);
      await page.click('#survey-form [type="submit"]'); // empty: every required field marked
      await page.waitForSelector('#survey-form-method-problem');
      assert.equal(await page.textContent('#survey-form-responses-problem'), 'Enter how many people answered.', 'left empty: said before anything is sent');
      assert.deepEqual(await axeScan(), [], `complaints manager with field problems (${theme})`);
      if (theme !== 'light') await page.screenshot({ path: path.join(ARTIFACTS, `tab-awareness-${theme}.png`), fullPage: true });
      await open('demo-training-officer', theme);
      await page.click('#training-table tbody tr:first-child button:has-text("Delete")');
      assert.deepEqual(await axeScan(), [], `training officer asked to confirm a delete (${theme})`);
    }
  });
});
