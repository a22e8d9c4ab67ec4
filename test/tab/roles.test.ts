/**
 * "Roles and responsibilities" in the Teams tab, in real headless Chromium against the real server:
 * the administrator edits the role definitions (a refusal lists the guard rail broken), the complaints
 * manager then gets the buttons the new definition allows on a case page, and every member of staff
 * reads the statement. axe-core in light, dark and high contrast.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { buildTab } from '../../scripts/build-web';
import { Harness } from '../server/harness';

declare const window: {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};
declare const document: unknown;

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['light', 'dark', 'contrast'] as const;

async function axeScan(target: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await target.addScriptTag({ path: AXE });
  return target.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

describe('Teams tab: roles and responsibilities', function () {
  this.timeout(180_000);
  const h = new Harness();
  let base = '';
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let stage1 = '';

  async function open(user: string, hash: string, theme = 'light'): Promise<void> {
    await page.goto(`${base}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('.dev-banner');
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildTab();
    await h.start();
    base = await h.app();
    browser = await launchChromium();
    const res = await fetch(`${base}/api/cases?status=stage1&limit=100`, { headers: { 'X-Dev-User': 'demo-director' } });
    const items = ((await res.json()) as { items: { reference: string; owner?: string; socialWork: boolean }[] }).items;
    stage1 = items.find((c) => c.owner !== 'demo-complaints-manager' && !c.socialWork)!.reference;
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

  it('shows the administrator the roles to edit, with what each permission allows, in every theme', async () => {
    for (const theme of THEMES) {
      await open('demo-admin', '#/roles', theme);
      await page.getByRole('heading', { name: 'Edit the roles' }).waitFor();
      await page.getByRole('heading', { name: 'Who does what in our complaints procedure' }).waitFor();
      await page.getByText('Complaints manager (', { exact: false }).first().click();
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-roles-edit-${theme}.png`), fullPage: true });
      assert.deepEqual(await axeScan(page), [], theme);
    }
    assert.ok(await page.getByRole('link', { name: 'Roles' }).isVisible());
  });

  it('refuses a change that breaks a guard rail and says why, then saves a widened complaints manager', async () => {
    await open('demo-complaints-manager', `#/case/${stage1}`);
    await page.getByRole('heading', { name: stage1 }).first().waitFor();
    await page.locator('.action-list, .muted').first().waitFor();
    assert.equal(await page.locator('[data-action="close-stage1"]').count(), 0, 'not offered before the change');

    await open('demo-admin', '#/roles');
    await page.getByRole('heading', { name: 'Edit the roles' }).waitFor();
    await page.locator('summary', { hasText: 'Chief Social Work Officer' }).click();
    await page.getByRole('group', { name: 'Permissions of Chief Social Work Officer' }).waitFor();
    const cswo = page.locator('fieldset', { has: page.getByRole('group', { name: 'Permissions of Chief Social Work Officer' }) });
    await cswo.getByLabel('Sees social-work cases').uncheck();
    await cswo.getByLabel(/See the cases within their case scope/).uncheck();
    await page.getByRole('button', { name: 'Save roles' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Chief Social Work Officer must keep sight of social-work cases/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-roles-refused.png'), fullPage: true });
    assert.deepEqual(await axeScan(page), []);

    await cswo.getByLabel('Sees social-work cases').check();
    await cswo.getByLabel(/See the cases within their case scope/).check();
    await page.locator('summary', { hasText: 'Complaints manager' }).click();
    const manager = page.locator('fieldset', { has: page.getByRole('group', { name: 'Permissions of Complaints manager' }) });
    await manager.getByLabel(/Give the frontline \(stage 1\) response/).check();
    // Renamed last: the fieldset is found by the role's name.
    await manager.getByLabel('Name').fill('Complaints and feedback manager');
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.getByText('Roles saved.').waitFor();
    await page.getByText(/renamed Complaints manager to Complaints and feedback manager/).waitFor();

    await open('demo-complaints-manager', `#/case/${stage1}`);
    await page.locator('[data-action="close-stage1"]').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-roles-case-after.png'), fullPage: true });
  });

  it('shows every member of staff the statement the definitions make, in every theme', async () => {
    for (const theme of THEMES) {
      await open('demo-handler', '#/roles', theme);
      await page.getByRole('heading', { name: 'Who does what in our complaints procedure' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Edit the roles' }).count(), 0, 'staff do not edit roles');
      await page.getByRole('heading', { name: 'Complaints and feedback manager' }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-roles-statement-${theme}.png`), fullPage: true });
      assert.deepEqual(await axeScan(page), [], theme);
    }
  });
});
