/**
 * The caseload and the new-complaint form in real headless Chromium at 1280×800 and 1024×700, against
 * the real server: open cases by default, counts at the top and on each view, the managers' sign-off
 * queue, sorting by owner, service and days left, "1–25 of N" paging, a table with no sideways scroll
 * at 1024 px, logging a complaint (field problems beside fields, UK dates in a US-English browser, the
 * case opening after), a retried submission logging one case, and axe-core in light, dark and high
 * contrast. Screenshots in test/artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { startTabServer, type TabServer } from './server';

// The few browser globals the callbacks given to page.evaluate touch.
interface BrowserElement {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { top: number; right: number; bottom: number; height: number };
}
declare const document: { querySelector(selector: string): BrowserElement | null; querySelectorAll(selector: string): ArrayLike<BrowserElement> };
declare const window: {
  innerWidth: number;
  getComputedStyle(element: unknown): { borderTopWidth: string; lineHeight: string };
  innerHeight: number;
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 1024, height: 700 };

interface Row {
  reference: string;
  status: string;
  service: string;
  owner?: { userId: string; displayName: string };
  clock?: { rag: string; workingDaysLeft: number };
}
interface Page1 {
  items: Row[];
  total: number;
}
interface Counts {
  open: number;
  overdue: number;
  dueSoon: number;
}

/** London's date today as dd/mm/yyyy and as YYYY-MM-DD. */
function londonToday(): { uk: string; iso: string } {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  return { uk: `${p.day}/${p.month}/${p.year}`, iso: `${p.year}-${p.month}-${p.day}` };
}

describe('Teams tab caseload and new complaint in Chromium', function () {
  this.timeout(180_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T>(user: string, url: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(server.baseUrl + url, {
      method: body ? 'POST' : 'GET',
      headers: { 'X-Dev-User': user, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  async function open(user: string, viewport = WIDE, theme = 'light'): Promise<void> {
    page = await browser.newPage({ viewport, locale: 'en-US', timezoneId: 'America/New_York' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.baseUrl}/tab/?theme=${theme}&devUser=${user}`);
    await page.waitForSelector('.dev-banner');
  }

  async function rows(): Promise<string[]> {
    await page.waitForSelector('.table-wrap[data-view][aria-busy="false"]');
    return page.$$eval('table.grid tbody tr a.case-link', (links) => links.map((a) => a.textContent ?? ''));
  }

  async function showList(button: string, view: string): Promise<void> {
    await page.click(`button.seg:has-text("${button}")`);
    await page.waitForSelector(`.table-wrap[data-view="${view}"][aria-busy="false"]`);
  }

  /** Waits for the rows to be the ones the API gives (the request in flight may be the previous one's). */
  async function rowsBecome(expected: string[]): Promise<void> {
    await page.waitForFunction(
      (refs) => {
        const shown = Array.from(document.querySelectorAll('table.grid tbody tr a.case-link')).map((a) => a.textContent);
        return document.querySelector('.table-wrap[aria-busy="false"]') !== null && JSON.stringify(shown) === JSON.stringify(refs);
      },
      expected,
      { timeout: 10_000 },
    );
  }

  async function axeScan(): Promise<{ id: string; help: string; nodes: string[] }[]> {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
  }

  const refs = (page1: { items: Row[] }) => page1.items.map((r) => r.reference);

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTabServer({ history: false });
    // More open cases than a page holds, owned by different people.
    for (let i = 1; i <= 28; i++) {
      const logged = await api('demo-director', '/api/cases', {
        kind: 'complaint',
        channel: 'phone',
        customer: { withheldDetails: false, anonymous: false, name: `Paging Customer ${i}` },
        nature: `Pothole ${i} on the High Street is still there.`,
        service: i % 2 ? 'Roads and Transport' : 'Education',
        ...(i % 3 === 0 ? {} : { owner: i % 3 === 1 ? 'demo-handler' : 'demo-director' }),
      });
      assert.equal(logged.status, 201);
    }
    browser = await launchChromium();
  });

  afterEach(async () => {
    await page?.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows open cases by default, with counts at the top and on each view; closed ones behind the status filter', async () => {
    await open('demo-director');
    const shown = await rows();
    const open1 = await api<Page1>('demo-director', '/api/caseload?view=mine&status=open&limit=25');
    assert.deepEqual(shown, refs(open1.body));
    assert.equal(await page.inputValue('select[name="status"]'), 'open');
    const rag = await page.$$eval('table.grid tbody tr td:last-child', (cells) => cells.map((c) => c.textContent ?? ''));
    assert.ok(rag.length > 0 && rag.every((r) => r !== 'Closed'), rag.join());

    const counts = (await api<{ views: Record<string, Counts>; signoff: Counts }>('demo-director', '/api/caseload/counts')).body;
    await page.waitForSelector('#caseload-summary');
    const summary = [counts.views.mine.overdue ? `${counts.views.mine.overdue} overdue` : '', counts.views.mine.dueSoon ? `${counts.views.mine.dueSoon} due soon` : '', counts.signoff.open ? `${counts.signoff.open} waiting for your sign-off` : ''].filter(Boolean).join(' · ');
    assert.ok(counts.views.all.overdue > 0 && counts.signoff.open > 0, 'the demo has overdue cases and a draft for the director to sign off');
    assert.equal(await page.textContent('#caseload-summary'), summary);
    const buttons = await page.$$eval('button.seg', (bs) => bs.map((b) => (b.textContent ?? '').replace(', open cases: ', ' ')));
    assert.deepEqual(buttons, [`My cases ${counts.views.mine.open}`, `All ${counts.views.all.open}`, `Waiting for my sign-off ${counts.signoff.open}`]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-caseload-open-1280-light.png'), fullPage: true });

    await showList('All', 'all');
    await page.selectOption('select[name="status"]', 'closed');
    const closed = await api<Page1>('demo-director', '/api/caseload?view=all&status=closed&limit=25');
    assert.ok(closed.body.items.length > 0);
    await rowsBecome(refs(closed.body));
    const closedRag = await page.$$eval('table.grid tbody tr td:last-child', (cells) => cells.map((c) => c.textContent ?? ''));
    assert.ok(closedRag.every((r) => r === 'Closed'), closedRag.join());
  });

  for (const viewport of [NARROW, WIDE]) {
    it(`fits ${viewport.width} px with no sideways scroll, RAG and days left in view, the contractor on a line of its own`, async () => {
      await open('demo-director', viewport);
      await showList('All', 'all');
      // No named functions inside: the test runner's transpiler would wrap them in a helper the page lacks.
      const fit = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap')!;
        const rights = Array.from(document.querySelectorAll('table.grid thead th')).map((th) => [th.textContent?.replace(/[▲▼]/g, '').trim(), th.getBoundingClientRect().right]);
        return { scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth, rights: Object.fromEntries(rights) as Record<string, number>, width: window.innerWidth };
      });
      assert.ok(fit.scrollWidth <= fit.clientWidth, `no sideways scroll: ${fit.scrollWidth} > ${fit.clientWidth}`);
      assert.ok(fit.rights.RAG <= fit.width && fit.rights['Days left'] <= fit.width, `RAG and days left on screen: ${JSON.stringify(fit)}`);
      // The seeded door case is about a contractor: one plain line under the service, no bordered box.
      const contractor = await page.$eval('table.grid tbody .sub-line', (el) => {
        const style = window.getComputedStyle(el);
        return { text: el.textContent, border: style.borderTopWidth, height: el.getBoundingClientRect().height, line: parseFloat(style.lineHeight) || 16 };
      });
      assert.match(contractor.text ?? '', /^Contractor: Northway Building Services Ltd$/);
      assert.equal(contractor.border, '0px');
      assert.ok(contractor.height <= contractor.line * 2 + 1, `at most two lines: ${JSON.stringify(contractor)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-caseload-${viewport.width}-light.png`), fullPage: true });
    });
  }

  it('sorts by owner, service and days left on the server', async () => {
    await open('demo-director', NARROW);
    await showList('All', 'all');
    for (const [heading, sort] of [['Owner', 'owner'], ['Service', 'service'], ['Days left', 'due'], ['Reference', 'reference']]) {
      await page.click(`table.grid thead button.sort:has-text("${heading}")`);
      const expected = await api<Page1>('demo-director', `/api/caseload?view=all&status=open&sort=${sort}&limit=25`);
      await rowsBecome(refs(expected.body));
      assert.equal(await page.getAttribute(`table.grid thead th:has(button:has-text("${heading}"))`, 'aria-sort'), 'ascending');
      if (sort === 'owner') {
        // By the owner's name as the rows show it (not by user id): unassigned first, then A to Z.
        const owners = (await api<Page1>('demo-director', '/api/caseload?view=all&status=open&sort=owner&limit=100')).body.items.map((r) => r.owner?.displayName ?? '');
        assert.deepEqual(owners, [...owners].sort((a, b) => a.localeCompare(b)), 'unassigned first, then by owner’s name');
        assert.ok(new Set(owners).size >= 3, 'several owners to order');
      }
      if (sort === 'due') {
        const left = expected.body.items.map((r) => r.clock!.workingDaysLeft);
        assert.deepEqual(left, [...left].sort((a, b) => a - b), 'fewest working days left first');
      }
    }
    assert.equal(await page.inputValue('select[name="sort"]'), 'reference');
  });

  it('pages as "1–25 of N", scrolls to the table’s top on Next page, and shows no pager on an empty list', async () => {
    await open('demo-director', NARROW);
    await showList('All', 'all');
    const total = (await api<Page1>('demo-director', '/api/caseload?view=all&status=open&limit=1')).body.total;
    assert.ok(total > 25, `more than a page (${total})`);
    assert.equal(await page.textContent('.pager-range'), `1–25 of ${total}`);
    await page.evaluate(() => (document.querySelector('.pager') as unknown as { scrollIntoView(): void }).scrollIntoView());
    assert.ok((await page.evaluate(() => document.querySelector('.table-wrap')!.getBoundingClientRect().top)) < 0, 'scrolled past the table’s top');
    await page.click('button:has-text("Next page")');
    await page.waitForFunction((n) => document.querySelector('.pager-range')?.textContent === `26–${n} of ${n}`, total);
    await page.waitForFunction(() => Math.abs(document.querySelector('.table-wrap')!.getBoundingClientRect().top) < 2);
    assert.equal(await page.isDisabled('button:has-text("Next page")'), true, 'the last page');

    await page.fill('input[name="text"]', 'no-such-customer-zzz');
    await page.waitForSelector('.empty');
    assert.equal(await page.$('.pager'), null, 'no pager on an empty list');
  });

  it('lists the final positions waiting for the manager’s sign-off, but not their own draft', async () => {
    const own = await api<{ reference: string }>('demo-head-of-service', '/api/cases', {
      kind: 'complaint',
      channel: 'phone',
      customer: { withheldDetails: true, anonymous: false },
      nature: 'Their own investigation.',
      service: 'Housing Repairs',
      startAtStage: 2,
    });
    assert.equal((await api(`demo-head-of-service`, `/api/cases/${own.body.reference}/actions`, { type: 'request-signoff', draftSummary: 'Upheld.', proposedOutcome: 'upheld' })).status, 200);
    await open('demo-head-of-service');
    await showList('Waiting for my sign-off', 'signoff');
    const queue = await api<Page1>('demo-head-of-service', '/api/caseload?view=signoff&status=open&limit=25');
    const shown = await rows();
    assert.deepEqual(shown, refs(queue.body));
    assert.ok(shown.length > 0 && !shown.includes(own.body.reference));
    assert.match((await page.textContent('button.seg:has-text("Waiting for my sign-off")')) ?? '', new RegExp(`${shown.length}$`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-caseload-signoff-light.png'), fullPage: true });
    // Switched in the page to someone who cannot sign off: no queue (and no refusal of the one remembered),
    // and, as they cannot log cases, no "New complaint".
    await page.selectOption('.dev-banner select', 'demo-complaints-manager');
    await page.waitForSelector('.table-wrap[data-view="all"][aria-busy="false"]');
    await page.waitForSelector('button.seg:has-text("All") .seg-count');
    assert.equal(await page.$('.message.error'), null);
    assert.equal(await page.$('button.seg:has-text("sign-off")'), null);
    assert.equal(await page.$('button.new-complaint'), null);
  });

  it('logs a complaint from the form, with problems beside the fields and UK dates in a US browser, and opens the case', async () => {
    await open('demo-handler', NARROW);
    await rows();
    await page.click('button.new-complaint');
    await page.waitForSelector('#new-complaint');
    assert.equal(await page.inputValue('#new-receivedDate'), londonToday().uk, 'today, written dd/mm/yyyy');
    assert.match(await page.inputValue('#new-receivedTime'), /^\d{2}:\d{2}$/);
    assert.equal(await page.textContent('label[for="new-nature"] .required'), ' *', 'required fields are marked');

    await page.fill('#new-receivedDate', '31/02/2026');
    await page.fill('#new-email', 'not an address');
    await page.click('#new-complaint button[type="submit"]');
    await page.waitForSelector('#new-nature-problem');
    assert.match((await page.textContent('#new-receivedDate-problem')) ?? '', /dd\/mm\/yyyy/);
    assert.match((await page.textContent('#new-name-problem')) ?? '', /customer’s name/);
    assert.match((await page.textContent('#new-email-problem')) ?? '', /email address/);
    assert.match((await page.textContent('#new-service-problem')) ?? '', /Choose the service/);
    assert.equal(await page.getAttribute('#new-nature', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#new-nature', 'aria-describedby'), 'new-nature-problem');
    assert.equal(await page.evaluate(() => (document.querySelector(':focus') as unknown as { id: string }).id), 'new-receivedDate', 'focus on the first problem');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-new-complaint-problems-1024-light.png'), fullPage: true });

    // Received on an earlier day: Monday 2 November 2026 at 09:15 London time (GMT).
    await page.selectOption('#new-channel', 'letter');
    await page.fill('#new-receivedDate', '02/11/2026');
    await page.fill('#new-receivedTime', '09:15');
    await page.fill('#new-name', 'Form Logged Customer');
    await page.fill('#new-email', 'form.logged@example.org');
    await page.fill('#new-phone', '01234 567890');
    await page.check('#new-hasRepresentative');
    await page.fill('#new-repName', 'Jo Advocate');
    await page.fill('#new-repRelationship', 'Advocate');
    await page.check('#new-repConsent');
    await page.selectOption('#new-service', 'Housing Repairs');
    await page.fill('#new-nature', 'The repair booked for my kitchen never happened and nobody called.');
    await page.fill('#new-contractorName', 'Glenmore Leisure Trust');
    await page.selectOption('#new-contractorKind', 'aleo');
    await page.check('#new-socialWork');
    await page.check('input[name="stage"][value="2"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-new-complaint-1024-light.png'), fullPage: true });
    await page.click('#new-complaint button[type="submit"]');

    await page.waitForSelector('#case-title');
    const reference = (await page.textContent('#case-title'))?.trim() ?? '';
    assert.match(reference, /^CHP-\d{4}-\d{6}$/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash), `#/case/${reference}`);
    const logged = await api<Record<string, unknown>>('demo-handler', `/api/cases/${reference}`);
    assert.equal(logged.status, 200);
    assert.deepEqual(
      {
        channel: logged.body.channel,
        receivedAt: logged.body.receivedAt,
        customer: logged.body.customer,
        representative: logged.body.representative,
        service: logged.body.service,
        contractor: logged.body.contractor,
        socialWork: logged.body.socialWork,
        status: logged.body.status,
        owner: logged.body.owner,
        kind: (logged.body.source as { kind: string }).kind,
      },
      {
        channel: 'letter',
        receivedAt: '2026-11-02T09:15:00.000Z',
        customer: { anonymous: false, withheldDetails: false, name: 'Form Logged Customer', email: 'form.logged@example.org', phone: '01234 567890' },
        representative: { name: 'Jo Advocate', relationship: 'Advocate', consentRecorded: true },
        service: 'Housing Repairs',
        contractor: { name: 'Glenmore Leisure Trust', kind: 'aleo' },
        socialWork: true,
        status: 'stage2',
        owner: 'demo-handler',
        kind: 'tab',
      },
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-new-complaint-opened-1024-light.png'), fullPage: true });
  });

  it('logs one case when the answer to the first submission is lost and the person presses again', async () => {
    await open('demo-handler', WIDE);
    await rows();
    await page.click('button.new-complaint');
    await page.waitForSelector('#new-complaint');
    await page.fill('#new-name', 'Lost Answer Customer');
    await page.selectOption('#new-service', 'Waste and Recycling');
    await page.fill('#new-nature', 'My brown bin was not emptied.');
    let posts = 0;
    await page.route('**/api/cases', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts += 1;
      if (posts > 1) return route.continue();
      await route.fetch(); // the server logs the case…
      await route.abort('connectionreset'); // …and the answer never reaches the page
    });
    await page.click('#new-complaint button[type="submit"]');
    await page.waitForSelector('#new-complaint .message.error');
    assert.match((await page.textContent('#new-complaint .message.error')) ?? '', /will not be logged twice/);
    await page.click('#new-complaint button[type="submit"]');
    await page.waitForSelector('#case-title');
    assert.equal(posts, 2, 'submitted twice');
    const reference = (await page.textContent('#case-title'))?.trim();
    const found = await api<{ items: { reference: string }[] }>('demo-director', '/api/cases?text=lost%20answer%20customer&limit=100');
    assert.deepEqual(found.body.items.map((c) => c.reference), [reference], 'one case');
  });

  it('has no serious or critical accessibility violations with the form open, light, dark and high contrast', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      for (const viewport of [NARROW, WIDE]) {
        await open('demo-head-of-service', viewport, theme);
        await rows();
        await page.click('button.new-complaint');
        await page.waitForSelector('#new-complaint');
        await page.check('#new-hasRepresentative');
        await page.fill('#new-contractorName', 'Some Contractor Ltd');
        await page.click('#new-complaint button[type="submit"]');
        await page.waitForSelector('#new-nature-problem');
        assert.deepEqual(await axeScan(), [], `caseload with the form (${theme}, ${viewport.width})`);
        if (theme !== 'light' && viewport === NARROW) await page.screenshot({ path: path.join(ARTIFACTS, `tab-new-complaint-1024-${theme}.png`), fullPage: true });
        await page.close();
      }
    }
    page = await browser.newPage();
  });
});
