/**
 * Who sees what of "Roles and responsibilities" in the Teams tab, in real headless Chromium against the
 * real server: every member of staff has the Roles link and reads the statement; only administrators
 * see the editing, the history of the roles and the changes to who holds them; a person with no role
 * has neither. Screenshots at 1280×800 and 1024×700; axe-core in light, dark and high contrast.
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
declare const document: unknown;

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['light', 'dark', 'contrast'] as const;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
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

describe('Teams tab: the Roles link, for staff and for administrators', function () {
  this.timeout(240_000);
  const h = new Harness();
  let base = '';
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildTab();
    await h.start();
    // As in production: each server caches organisation records for 10 seconds, and says so.
    base = await h.app({ orgCacheMs: 10_000 });
    browser = await launchChromium();
    // One change to who holds the roles, made in the settings, for the administrator's history.
    const assignments = (await call<{ roleAssignments: { principalId: string; roles: string[] }[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' })).body.roleAssignments;
    const saved = await call(base, 'PUT', '/api/org/role-assignments', {
      as: 'demo-admin',
      body: { roleAssignments: assignments.map((a) => (a.principalId === 'demo-training-officer' ? { ...a, roles: ['training-officer', 'management-committee'] } : a)) },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });

  after(async () => {
    await browser?.close();
    await h.stop();
  });

  async function open(user: string, theme: string, viewport: { width: number; height: number }, hash = ''): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('.dev-banner');
    return page;
  }

  /** Follows the Roles link of the navigation and waits for the statement. */
  async function followRolesLink(page: Page): Promise<void> {
    const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Roles', exact: true });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { name: 'Who does what in our complaints procedure' }).waitFor();
    assert.equal(await link.getAttribute('aria-current'), 'page');
  }

  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}x${viewport.height}`;

    it(`shows a member of staff the statement, without editing, at ${size} in every theme`, async () => {
      for (const theme of THEMES) {
        const page = await open('demo-handler', theme, viewport);
        await followRolesLink(page);
        await page.getByRole('heading', { name: 'Complaints investigator' }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Edit the roles' }).count(), 0, 'staff do not edit roles');
        assert.equal(await page.getByRole('heading', { name: 'Changes to who holds the roles' }).count(), 0, 'staff do not see who was given which role');
        assert.equal(await page.getByRole('button', { name: 'Save roles' }).count(), 0);
        assert.equal(await page.getByRole('link', { name: 'Organisation settings' }).count(), 0);
        await page.screenshot({ path: path.join(ARTIFACTS, `tab-roles-link-staff-${size}-${theme}.png`), fullPage: false });
        assert.deepEqual(await axeScan(page), [], `${size} ${theme}`);
        await page.close();
      }
    });

    it(`shows an administrator the editing, the roles' history and who was given which role, and the statement, at ${size} in every theme`, async () => {
      for (const theme of THEMES) {
        const page = await open('demo-admin', theme, viewport);
        await followRolesLink(page);
        await page.getByRole('heading', { name: 'Edit the roles' }).waitFor();
        await page.getByRole('heading', { name: 'Changes to the roles' }).waitFor();
        await page.getByText('Changes reach every server within 10 seconds and are recorded with who made them.', { exact: false }).waitFor();
        const given = page.getByRole('list', { name: 'Changes to who holds the roles' }).getByRole('listitem');
        await given.first().waitFor();
        assert.match(await given.first().innerText(), /Ross Baird in the organisation settings: gave Kirsty Ross Management committee\./);
        await page.screenshot({ path: path.join(ARTIFACTS, `tab-roles-link-admin-${size}-${theme}.png`), fullPage: false });
        await page.getByRole('heading', { name: 'Changes to who holds the roles' }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `tab-roles-link-admin-history-${size}-${theme}.png`), fullPage: false });
        assert.deepEqual(await axeScan(page), [], `${size} ${theme}`);
        await page.close();
      }
    });
  }

  it('gives the Roles link to every member of staff, whatever their role, and none to a person with no role', async () => {
    for (const user of ['demo-committee', 'demo-training-officer', 'demo-cswo', 'demo-complaints-manager', 'demo-director']) {
      const page = await open(user, 'light', VIEWPORTS[0]);
      await followRolesLink(page);
      assert.equal(await page.getByRole('heading', { name: 'Edit the roles' }).count(), 0, user);
      await page.close();
    }
    // Even going straight to the page's address.
    const page = await open('demo-no-role', 'light', VIEWPORTS[0], '#/roles');
    await page.getByRole('heading', { name: /You have no role in/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Roles', exact: true }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Who does what in our complaints procedure' }).count(), 0);
    await page.close();
    assert.deepEqual(pageErrors, [], 'the page threw');
  });
});
