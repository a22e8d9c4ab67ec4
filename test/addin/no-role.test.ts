/**
 * The Outlook pane for people who cannot log complaints yet, in headless Chromium with the scripted
 * Office.js host: signed in with no role (development sign-in, and Office SSO in the organisation's
 * tenant) it names the organisation's administrators and how to reach them; from a Microsoft 365
 * tenant with no organisation it says the organisation is not set up.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { createApp } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { buildAddin } from '../../scripts/build-addin';
import { AUDIENCE, Harness, ISSUER_TEMPLATE, listen, NOW, TENANT_A, TENANT_B, TENANT_UNLISTED } from '../server/harness';

declare const window: { localStorage: { setItem(key: string, value: string): void } };

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const HOST_SCRIPT = fs.readFileSync(path.join(__dirname, 'scripted-office-host.js'), 'utf8');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const MESSAGE = {
  itemId: 'AAMkADk/no-role=',
  internetMessageId: '<no-role@mail.example.org>',
  conversationId: 'AAQkADconv-no-role',
  subject: 'Pothole on Mill Road',
  receivedAt: '2026-03-10T09:00:00Z',
  bodyText: 'The pothole outside number 12 is getting deeper.',
  from: { displayName: 'Ann Lennox', emailAddress: 'ann@example.org' },
  attachments: [],
};

describe('Outlook add-in pane: no role, not set up (headless Chromium, scripted Office.js)', function () {
  this.timeout(120_000);
  const harness = new Harness();
  let browser: Browser;
  let devBase: string;
  let ssoBase: string;
  let projectRoot: string;
  const servers: { close(): Promise<void> }[] = [];

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-addin-no-role-'));
    await buildAddin({ outDir: path.join(projectRoot, 'addin', 'dist'), minify: false, env: {} });
    await harness.start({ history: false });
    const verifier = createEntraVerifier({ jwksUrl: harness.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B, TENANT_UNLISTED] });
    for (const devSignIn of [true, false]) {
      const running = await listen(createApp({ store: harness.store, verifier, devSignIn, clock: () => NOW, logger: harness.logger, orgCacheMs: 0, projectRoot }));
      servers.push(running);
      if (devSignIn) devBase = running.baseUrl;
      else ssoBase = running.baseUrl;
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    await harness.stop();
    fs.rmSync(projectRoot, { recursive: true, force: true });
  });

  async function openPane(base: string, options: { devUser?: string; ssoToken?: string }): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS) return route.fulfill({ contentType: 'text/javascript', body: '/* scripted host installed before the page */' });
      return url.startsWith(base) ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    if (options.devUser) await page.addInitScript((user) => window.localStorage.setItem('chp-addin-dev-user', user), options.devUser);
    await page.addInitScript({ content: `${HOST_SCRIPT}\ninstallScriptedOfficeHost(${JSON.stringify({ message: MESSAGE, ssoToken: options.ssoToken })});` });
    await page.goto(`${base}/addin/taskpane.html`);
    return { page, context };
  }

  async function axe(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run(
        (globalThis as unknown as { document: unknown }).document,
        { resultTypes: ['violations'] },
      );
      return result.violations.map((v) => `${v.id} (${v.impact})`);
    });
  }

  it('development sign-in: names the administrators and how to reach them instead of the form, accessible with and without forced colours', async () => {
    const { page, context } = await openPane(devBase, { devUser: 'demo-no-role' });
    await page.getByRole('heading', { name: 'You have no role here yet' }).waitFor();
    assert.match(await page.locator('#no-role-message').innerText(), /no role in Glenmore Council \(demo\)'s complaints handling yet: ask an administrator — Ross Baird — to give you one\. Contact: the ICT service desk/);
    assert.deepEqual(await page.locator('#no-role-administrators li').allInnerTexts(), ['Ross Baird']);
    assert.equal(await page.locator('#nature').count(), 0, 'no form to log with');
    assert.equal(await page.getByRole('alert').count(), 0, 'not shown as an error');
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(ARTIFACTS, 'addin-no-role.png'), fullPage: true });
    await page.emulateMedia({ forcedColors: 'active' });
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(ARTIFACTS, 'addin-no-role-forced-colours.png'), fullPage: true });
    await context.close();
  });

  it('Office SSO in the organisation’s tenant: the same answer for someone nobody gave a role', async () => {
    const { page, context } = await openPane(ssoBase, { ssoToken: await harness.token({ oid: 'd0d0d0d0-0000-4000-8000-000000000004', name: 'Pat Newstart' }) });
    await page.getByRole('heading', { name: 'You have no role here yet' }).waitFor();
    assert.match(await page.locator('#no-role-message').innerText(), /ask an administrator — Ross Baird/);
    assert.match(await page.locator('.hint').last().innerText(), /Signed in as Pat Newstart/);
    await context.close();
  });

  it('Office SSO from a tenant with no organisation: not set up yet, and what to tell IT', async () => {
    const { page, context } = await openPane(ssoBase, { ssoToken: await harness.token({ oid: 'visitor', tid: TENANT_UNLISTED }) });
    await page.getByRole('heading', { name: 'Not set up yet' }).waitFor();
    assert.match(await page.locator('#not-set-up-message').innerText(), /not set up in the complaints service yet\. Tell your IT team/);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(ARTIFACTS, 'addin-not-set-up.png'), fullPage: true });
    await context.close();
  });
});
