/**
 * The first-run setup page, "Organisation settings", and the pages for people who cannot use the
 * complaints pages yet, in real headless Chromium against the real server: development sign-in for
 * the setup and the person with no role; a page speaking teams-js with an SSO token for a person with
 * no role and for a Microsoft 365 tenant with no organisation. axe-core in light, dark and high contrast.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { buildTab } from '../../scripts/build-web';
import { createEntraVerifier } from '../../server/auth/entra';
import { AUDIENCE, Harness, ISSUER_TEMPLATE, TENANT_A, TENANT_B, TENANT_UNLISTED } from '../server/harness';
import { hostPage } from './teams-host-page';

declare const window: {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};
declare const document: unknown;

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['light', 'dark', 'contrast'] as const;

async function axeScan(target: Page | Frame): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await target.addScriptTag({ path: AXE });
  return target.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

describe('Teams tab: first-run setup, organisation settings, no role, not set up', function () {
  this.timeout(180_000);
  const h = new Harness();
  let base = '';
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T>(user: string, url: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(base + url, { headers: { 'X-Dev-User': user } });
    return { status: res.status, body: (await res.json()) as T };
  };

  async function open(user: string, hash = '', theme = 'light'): Promise<void> {
    await page.goto(`${base}/tab/?theme=${theme}&devUser=${user}${hash}`);
    await page.waitForSelector('.dev-banner');
  }

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildTab();
    await h.start({ history: false });
    // A new organisation as `chp org create` leaves it: one administrator, the setup not finished.
    await h.store.orgs.put({
      settings: { orgId: 'lochside', name: 'Lochside Council', population: 0, services: [], localHolidays: [], workedHolidays: [], rootCauseCategories: ['Delay'], retentionYears: 5, reportingYearStartMonth: 4 },
      roleAssignments: [{ principalId: 'lochside-admin', roles: ['administrator'], services: [], displayName: 'Eilidh Munro', kind: 'user' }],
    });
    base = await h.app({
      verifier: createEntraVerifier({ jwksUrl: h.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B, TENANT_UNLISTED] }),
    });
    browser = await launchChromium();
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

  it('lands the administrator of a new organisation on the setup page, whatever the address, accessible in every theme', async () => {
    for (const theme of THEMES) {
      await open('lochside-admin', '#/reports', theme);
      await page.waitForSelector('h2:has-text("Set up complaints handling for Lochside Council")');
      await page.waitForSelector('#settings-roles');
      assert.equal(await page.$('nav.nav'), null, 'no other page to go to before the setup is finished');
      for (const section of ['Organisation, reporting year and retention', 'Services', 'Population served', 'Local holidays and closure days', 'Roles', 'Finish setup']) {
        assert.ok(await page.$(`h3:has-text("${section}")`), section);
      }
      assert.match((await page.textContent('section[aria-labelledby="settings-holidays"] .purpose')) ?? '', /5 for a stage 1 response, 20 for stage 2/);
      assert.deepEqual(await axeScan(page), [], `axe, ${theme}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-setup-first-run-${theme}.png`), fullPage: true });
    }
  });

  it('walks through the setup: problems beside the fields, each section saved, people found, then finished', async () => {
    await open('lochside-admin');
    await page.waitForSelector('#settings-roles');

    // Finishing before any service exists is refused in words.
    await page.click('button:has-text("Finish setup")');
    await page.waitForSelector('section[aria-labelledby="settings-finish"] .message.error');
    assert.match((await page.textContent('section[aria-labelledby="settings-finish"] .message.error')) ?? '', /at least one service/);

    // Organisation details: a careless retention period is refused beside its field.
    await page.fill('#org-retention', '0');
    await page.fill('#org-contact', 'the ICT service desk, extension 4400');
    await page.click('button:has-text("Save organisation details")');
    await page.waitForSelector('#org-retention-problem');
    assert.match((await page.textContent('#org-retention-problem')) ?? '', /at least 1 year/);
    assert.equal(await page.getAttribute('#org-retention', 'aria-invalid'), 'true');
    await page.fill('#org-retention', '6');
    await page.selectOption('#org-year-start', '4');
    await page.click('button:has-text("Save organisation details")');
    await page.waitForSelector('section[aria-labelledby="settings-profile"] .message.success');

    // Services: two added, saved.
    for (const name of ['Housing', 'Roads and Lighting']) {
      await page.fill('#service-new', name);
      await page.click('button:has-text("Add service")');
    }
    await page.click('button:has-text("Save services")');
    await page.waitForSelector('section[aria-labelledby="settings-services"] .message.success');

    // Population with the year of the estimate.
    await page.fill('#org-population', '48200');
    await page.fill('#org-population-year', '2024');
    await page.click('button:has-text("Save population")');
    await page.waitForSelector('section[aria-labelledby="settings-population"] .message.success');

    // A local holiday.
    await page.fill('#holiday-new', '2026-09-28');
    await page.click('button:has-text("Add date")');
    await page.click('button:has-text("Save local holidays")');
    await page.waitForSelector('section[aria-labelledby="settings-holidays"] .message.success');

    // Roles: a person found among the demo staff, given a role and a service.
    await page.fill('#directory-text', 'Morag');
    await page.click('button:has-text("Find")');
    await page.click('button[aria-label="Add Morag Fraser"]');
    const row = page.locator('li.assignment', { hasText: 'Morag Fraser' });
    await row.locator('label:has-text("Complaint handler") input').check();
    await row.locator('summary').click();
    await row.locator('label:has-text("Housing") input').check();
    await page.click('button:has-text("Save roles")');
    await page.waitForSelector('section[aria-labelledby="settings-roles"] .message.success');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-setup-filled-light.png'), fullPage: true });

    const org = (await h.store.orgs.get('lochside'))!;
    assert.deepEqual(org.settings.services, ['Housing', 'Roads and Lighting']);
    assert.equal(org.settings.retentionYears, 6);
    assert.equal(org.settings.contact, 'the ICT service desk, extension 4400');
    assert.equal(org.settings.population, 48_200);
    assert.equal(org.settings.populationYear, 2024);
    assert.deepEqual(org.settings.localHolidays, ['2026-09-28']);
    assert.deepEqual(org.roleAssignments.find((a) => a.principalId === 'demo-handler'), { principalId: 'demo-handler', roles: ['complaint-handler'], services: ['Housing'], displayName: 'Morag Fraser', kind: 'user' });
    assert.equal(org.setupCompletedAt, undefined, 'not finished until the administrator says so');

    await page.click('button:has-text("Finish setup")');
    await page.waitForSelector('h2:has-text("Organisation settings")');
    assert.ok((await h.store.orgs.get('lochside'))?.setupCompletedAt);
    assert.equal(await page.getAttribute('a.nav-link:has-text("Organisation settings")', 'aria-current'), 'page');
  });

  it('renames and retires services in the organisation settings, keeping the history', async () => {
    await open('demo-admin', '#/settings');
    await page.waitForSelector('#settings-services');
    const inputs = page.locator('ul[aria-label="Services offered for new complaints"] input');
    const names = await inputs.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    const roads = names.indexOf('Roads and Transport');
    await inputs.nth(roads).fill('Roads, Transport and Parking');
    assert.ok(await page.$('.tag:has-text("renamed from Roads and Transport")'));
    await page.click('button[aria-label="Retire Libraries and Leisure"]');
    await page.click('button:has-text("Save services")');
    await page.waitForSelector('section[aria-labelledby="settings-services"] .message.success');
    assert.match((await page.textContent('ul[aria-label="Retired services"]')) ?? '', /Libraries and Leisure/);
    const saved = (await h.store.orgs.get('glenmore'))!.settings;
    assert.ok(saved.services.includes('Roads, Transport and Parking'));
    assert.ok(!saved.services.includes('Libraries and Leisure'));
    assert.deepEqual(saved.retiredServices, ['Libraries and Leisure']);
    assert.equal(saved.formerServiceNames?.['Roads and Transport'], 'Roads, Transport and Parking');
    for (const theme of THEMES) {
      await open('demo-admin', '#/settings', theme);
      await page.waitForSelector('ul[aria-label="Retired services"]');
      assert.deepEqual(await axeScan(page), [], `axe, ${theme}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-settings-${theme}.png`), fullPage: true });
    }
  });

  it('keeps the settings for administrators: no link for others, and the page says so', async () => {
    await open('demo-handler', '#/settings');
    await page.waitForSelector('p:has-text("Only administrators change the organisation settings.")');
    assert.equal(await page.$('a.nav-link:has-text("Organisation settings")'), null);
  });

  it('tells a person with no role whom to ask, never an empty caseload, in every theme', async () => {
    const me = await api<{ noRole?: { administrators: string[] } }>('demo-no-role', '/api/me');
    assert.deepEqual(me.body.noRole?.administrators, ['Ross Baird']);
    for (const theme of THEMES) {
      await open('demo-no-role', '', theme);
      await page.waitForSelector('#access-title');
      assert.equal((await page.textContent('#access-title'))?.trim(), 'You have no role in Glenmore Council (demo)’s complaints handling yet');
      const text = (await page.textContent('main')) ?? '';
      assert.match(text, /Ross Baird/);
      assert.match(text, /How to reach them: the ICT service desk, ictservicedesk@glenmore\.example or extension 4400/);
      assert.equal(await page.$('table.grid'), null, 'no caseload');
      assert.equal(await page.$('nav.nav'), null);
      assert.doesNotMatch(text, /403|Not allowed/);
      assert.deepEqual(await axeScan(page), [], `axe, ${theme}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-no-role-${theme}.png`), fullPage: true });
    }
  });

  async function inTeams(token: string, theme: string): Promise<Frame> {
    await page.route(`${base}/teams-host.html`, (route) => route.fulfill({ contentType: 'text/html', body: hostPage(`${base}/tab/`, token, '', theme) }));
    await page.goto(`${base}/teams-host.html`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok(frame);
    return frame;
  }

  it('in Teams with SSO: a person of the organisation’s tenant with no role gets the same page', async () => {
    const frame = await inTeams(await h.token({ oid: 'f0f0f0f0-0000-4000-8000-000000000001', name: 'Pat Newstart' }), 'dark');
    await frame.waitForSelector('#access-title', { timeout: 20_000 });
    assert.match((await frame.textContent('main')) ?? '', /signed in as Pat Newstart.*Ross Baird/s);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tab-no-role-teams-dark.png') });
  });

  for (const theme of ['default', 'dark', 'contrast']) {
    it(`in Teams with SSO from a tenant with no organisation: says it is not set up and what to tell IT (${theme})`, async () => {
      const frame = await inTeams(await h.token({ oid: 'visitor', tid: TENANT_UNLISTED }), theme);
      await frame.waitForSelector('#access-title', { timeout: 20_000 });
      assert.equal((await frame.textContent('#access-title'))?.trim(), 'Your Microsoft 365 organisation is not set up yet');
      const text = (await frame.textContent('main')) ?? '';
      assert.match(text, /What to tell IT/);
      assert.match(text, new RegExp(TENANT_UNLISTED));
      assert.deepEqual(await axeScan(frame), [], `axe, ${theme}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `tab-not-set-up-teams-${theme}.png`) });
    });
  }
});
