/**
 * "Import history from a previous system" in the Teams tab, in real headless Chromium against the real
 * server: the administrator chooses a generated 10,000-row export in the fixture's columns, loads the
 * saved mapping, maps a column and a value the mapping lacks (the unknown value listed by the dry run
 * before anything is written), runs the dry run, imports with progress shown, and the reports equal a
 * recount; the same file again creates nothing. Screenshots at 1280×800 and 1024×700, axe in light,
 * dark and high contrast on the mapping, dry-run and result screens.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WorkingCalendar } from '../../core/calendar';
import { addCounts, type IndicatorCounts } from '../../core/indicators';
import { launchChromium } from '../../reports/chromium';
import { contributionOf, storedCasePages } from '../../store/aggregates';
import { legacyExportCsv, MAPPING_FILE } from '../fixtures/legacy-export';
import { startTabServer, type TabServer } from './server';

declare const window: {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};
declare const document: { documentElement: { dataset: Record<string, string> } };

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['light', 'dark', 'contrast'] as const;
const ROWS = 10_000;
const SIZES = [
  [1280, 800],
  [1024, 700],
] as const;

async function axeScan(target: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await target.addScriptTag({ path: AXE });
  return target.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

describe('Teams tab: importing 10,000 cases from a previous system', function () {
  this.timeout(1_800_000);
  let server: TabServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  /** Screenshots of the section at both sizes, and axe in every theme (the theme switched in place: the page keeps its state). */
  async function check(name: string, sectionId: string): Promise<void> {
    for (const theme of THEMES) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      for (const [width, height] of SIZES) {
        await page.setViewportSize({ width, height });
        await page.locator(`section[aria-labelledby="${sectionId}"]`).evaluate((section) => section.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: path.join(ARTIFACTS, `tab-import-${name}-${theme}-${width}x${height}.png`) });
      }
      assert.deepEqual(await axeScan(page), [], `${name}, ${theme}`);
    }
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  const count = (name: string) => page.locator(`[data-count="${name}"]`).first().innerText();

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-tab-import-'));
    fs.writeFileSync(path.join(dir, 'icasework-export.csv'), legacyExportCsv(ROWS));
    server = await startTabServer({ history: false });
    browser = await launchChromium();
    // The mapping saved earlier lacks the Root Cause column and the Libraries service: the page maps them.
    const mapping = JSON.parse(fs.readFileSync(MAPPING_FILE, 'utf8'));
    mapping.columns['Root Cause'] = null;
    delete mapping.values.service.Libraries;
    const saved = await fetch(`${server.baseUrl}/api/import/mappings/icasework`, { method: 'PUT', headers: { 'X-Dev-User': 'demo-admin', 'Content-Type': 'application/json' }, body: JSON.stringify({ mapping }) });
    assert.equal(saved.status, 200, await saved.text());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'the page threw'));

  it('is reached from the organisation settings by an administrator only', async () => {
    await page.goto(`${server.baseUrl}/tab/?theme=light&devUser=demo-handler#/import-history`);
    await page.getByText('Only administrators import history from a previous system.').waitFor();
    await page.goto(`${server.baseUrl}/tab/?theme=light&devUser=demo-admin#/settings`);
    await page.getByRole('link', { name: 'Import history from a previous system' }).click();
    await page.getByRole('heading', { name: 'Import history from a previous system' }).waitFor();
  });

  it('maps the columns and values, listing the unknown value before anything is written', async () => {
    await page.locator('#import-file-input').setInputFiles(path.join(dir, 'icasework-export.csv'));
    await page.getByRole('heading', { name: 'icasework-export.csv: 10,000 rows' }).waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('region', { name: 'The file’s first rows' }).locator('tbody tr').count(), 10);
    await page.getByLabel('Use a saved mapping').selectOption('icasework');
    await page.getByRole('button', { name: 'Load mapping' }).click();
    await page.getByText('Mapping “icasework” loaded.').waitFor();
    assert.equal(await page.getByLabel('Case Reference', { exact: true }).inputValue(), 'legacy_reference');
    await page.getByLabel('Root Cause', { exact: true }).selectOption('root_cause');
    await page.getByRole('status').filter({ hasText: 'Not mapped yet (1): Service Area: “Libraries”' }).waitFor();

    await page.getByRole('button', { name: 'Run the dry run' }).click();
    const unknown = page.getByRole('alert').filter({ hasText: 'Values the mapping does not translate' });
    await unknown.waitFor({ timeout: 600_000 });
    assert.match(await unknown.innerText(), /Service Area: “Libraries” ×2000/);
    assert.equal(await count('refused'), '2,000');
    assert.equal((await server.store.cases.legacyReferences('glenmore')).size, 0, 'nothing written');

    await page.getByLabel('Libraries (2,000)').selectOption('Libraries and Leisure');
    await page.getByText('The mapping changed since the dry run; run it again.').waitFor();
    assert.ok(await page.getByRole('button', { name: /^Import/ }).isDisabled(), 'no import before a dry run of this mapping');
    await page.getByLabel('Save as (letters, digits, dots, hyphens)').fill('icasework');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Mapping saved as “icasework”.').waitFor();
    await check('mapping', 'import-values');
  });

  it('dry run: 10,000 to create, none refused, the quarters before and after', async () => {
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByRole('region', { name: 'Dry run result' }).waitFor({ timeout: 600_000 });
    assert.deepEqual([await count('create'), await count('skipped'), await count('refused')], ['10,000', '0', '0']);
    const figures = page.getByRole('region', { name: 'Reports before and after' });
    assert.ok((await figures.locator('tbody tr').count()) >= 6, 'every quarter the cases touch');
    await check('dry-run', 'import-dry-run');
  });

  it('imports all 10,000 with progress, and the reports equal a recount; the same file again creates nothing', async () => {
    const store = server.store;
    await page.getByRole('button', { name: 'Import 10,000 cases' }).click();
    await page.locator('section[aria-labelledby="import-run"] progress').waitFor({ timeout: 120_000 });
    const done = page.getByRole('status').filter({ hasText: 'Imported.' });
    await done.waitFor({ timeout: 900_000 });
    assert.deepEqual([await count('created'), await page.locator('section[aria-labelledby="import-run"] [data-count="skipped"]').innerText()], ['10,000', '0']);
    assert.equal((await store.cases.legacyReferences('glenmore')).size, ROWS);
    await check('result', 'import-run');

    // The reports: what the aggregates hold equals a recount of every case, month by month.
    const org = await store.orgs.get('glenmore');
    const calendar = new WorkingCalendar({ localHolidays: org?.settings.localHolidays, workedHolidays: org?.settings.workedHolidays });
    const recount: Record<string, IndicatorCounts> = {};
    let cases = 0;
    for await (const pageOfCases of storedCasePages(store.cases, 'glenmore')) {
      for (const c of pageOfCases) {
        cases += 1;
        for (const [month, counts] of Object.entries(contributionOf(c, calendar))) recount[month] = addCounts(recount[month] ?? {}, counts);
      }
    }
    assert.ok(cases >= ROWS);
    const stored = await store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11');
    for (const month of Object.keys({ ...stored, ...recount }).filter((m) => m >= '2025-04' && m <= '2026-11')) {
      assert.deepEqual(stored[month]?.all ?? {}, recount[month]?.all ?? {}, month);
    }
    const received = Object.values(stored).reduce((n, m) => n + (m.all?.['received.stage1'] ?? 0) + (m.all?.['received.stage2Direct'] ?? 0), 0);
    assert.ok(received >= ROWS - ROWS / 23 - 1, 'the complaints are counted as received');

    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByRole('region', { name: 'Dry run result' }).locator('[data-count="skipped"]').filter({ hasText: '10,000' }).waitFor({ timeout: 600_000 });
    assert.equal(await count('create'), '0');
    await page.getByRole('button', { name: 'Import 0 cases' }).click();
    await page.locator('section[aria-labelledby="import-run"] [data-count="skipped"]').filter({ hasText: '10,000' }).waitFor({ timeout: 600_000 });
    assert.equal(await page.locator('section[aria-labelledby="import-run"] [data-count="created"]').innerText(), '0');
    assert.equal((await store.cases.legacyReferences('glenmore')).size, ROWS, 'nothing created twice');
  });
});
