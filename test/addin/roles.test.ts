/**
 * The Outlook pane follows what the person's roles allow, as their organisation defines them, in
 * headless Chromium with the scripted Office.js host and the real server:
 * - a role that cannot log is named as the organisation calls it, with whom to ask, and no "Try again";
 * - the development sign-in banner stays on every view (problems, switching user) and never shows in production;
 * - an email is logged as a compliment (with consent to quote) or a comment, without the complaint clocks;
 * - after an administrator changes the role definitions, a pane on another server offers exactly what the
 *   new definitions allow once the stated delay has passed.
 * Screenshots at the pane's usual width (320 px), 1280×800 and 1024×700; axe clean (light, and forced colours).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import type { RoleDefinition } from '../../core/roles';
import { createApp } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { buildAddin } from '../../scripts/build-addin';
import { AUDIENCE, call, Harness, ISSUER_TEMPLATE, listen, NOW, TENANT_A } from '../server/harness';

declare const window: { localStorage: { setItem(key: string, value: string): void } };

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const HOST_SCRIPT = fs.readFileSync(path.join(__dirname, 'scripted-office-host.js'), 'utf8');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The organisation cache of the second server: how soon a change made elsewhere reaches it. */
const CACHED_SERVER_ORG_CACHE_MS = 1500;
const SIZES = [
  { name: 'pane', width: 320, height: 800 },
  { name: '1280', width: 1280, height: 800 },
  { name: '1024', width: 1024, height: 700 },
] as const;

let seq = 0;
function email(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    itemId: `AAMkADk/roles+${seq}=`,
    internetMessageId: `<roles-${seq}@mail.example.org>`,
    conversationId: `AAQkADconv-roles-${seq}`,
    subject: 'Thank you to the library team',
    receivedAt: '2026-03-09T09:00:00Z',
    bodyText: 'The staff at Glenmore library helped my son with his homework every week. Thank you all.\r\n\r\nIsla Grant',
    from: { displayName: 'Isla Grant', emailAddress: 'isla.grant@example.org' },
    attachments: [],
    ...overrides,
  };
}

describe('Outlook add-in pane: what the roles allow (headless Chromium, scripted Office.js)', function () {
  this.timeout(180_000);
  const harness = new Harness();
  let browser: Browser;
  let devBase: string;
  let cachedBase: string;
  let adminBase: string;
  let ssoBase: string;
  let projectRoot: string;
  const servers: { close(): Promise<void> }[] = [];

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-addin-roles-'));
    await buildAddin({ outDir: path.join(projectRoot, 'addin', 'dist'), minify: false, env: {} });
    await harness.start({ history: false });
    const verifier = createEntraVerifier({ jwksUrl: harness.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A] });
    const start = async (devSignIn: boolean, orgCacheMs: number) => {
      const running = await listen(createApp({ store: harness.store, verifier, devSignIn, clock: () => NOW, logger: harness.logger, orgCacheMs, projectRoot }));
      servers.push(running);
      return running.baseUrl;
    };
    devBase = await start(true, 0);
    // Two servers of the same service over the same store, caching organisations as production does:
    // the administrator saves through one, the pane is served by the other.
    adminBase = await start(true, CACHED_SERVER_ORG_CACHE_MS);
    cachedBase = await start(true, CACHED_SERVER_ORG_CACHE_MS);
    ssoBase = await start(false, 0);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    await harness.stop();
    fs.rmSync(projectRoot, { recursive: true, force: true });
  });

  async function openPane(base: string, options: { devUser?: string; ssoToken?: string; message?: ReturnType<typeof email>; width?: number; height?: number } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 320, height: options.height ?? 800 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS) return route.fulfill({ contentType: 'text/javascript', body: '/* scripted host installed before the page */' });
      return url.startsWith(base) ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    if (options.devUser) await page.addInitScript((user) => window.localStorage.setItem('chp-addin-dev-user', user), options.devUser);
    await page.addInitScript({ content: `${HOST_SCRIPT}\ninstallScriptedOfficeHost(${JSON.stringify({ message: options.message ?? email(), ssoToken: options.ssoToken })});` });
    await page.goto(`${base}/addin/taskpane.html`);
    return { page, context };
  }

  async function axe(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(
        (globalThis as unknown as { document: unknown }).document,
        { resultTypes: ['violations'] },
      );
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

  /** At the pane's width, 1280×800 and 1024×700: a screenshot each and no accessibility violations; at the pane's width with forced colours too. */
  async function shootAndCheck(page: Page, name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      assert.deepEqual(await axe(page), [], `${name} at ${size.name}`);
      const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= size.width, `${name}: no sideways scrolling at ${size.name} (${scrollWidth}px)`);
      await page.screenshot({ path: path.join(ARTIFACTS, `addin-${name}-${size.name}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 320, height: 800 });
    await page.emulateMedia({ forcedColors: 'active' });
    assert.deepEqual(await axe(page), [], `${name} with forced colours`);
    await page.screenshot({ path: path.join(ARTIFACTS, `addin-${name}-forced-colours.png`), fullPage: true });
    await page.emulateMedia({ forcedColors: 'none' });
  }

  const devBanner = (page: Page) => page.locator('header .dev-banner');

  describe('a role that cannot log', () => {
    it('names the role as the organisation calls it, says logging is not part of it and whom to ask, with no error and no "Try again"', async () => {
      const { page, context } = await openPane(devBase, { devUser: 'demo-complaints-manager' });
      await page.getByRole('heading', { level: 1, name: 'Logging is not part of your role' }).waitFor();
      assert.equal(
        await page.locator('#cannot-log-message').innerText(),
        'Your role in Glenmore Council (demo), Complaints manager, does not include logging complaints, compliments or comments. If your work needs it, ask an administrator — Ross Baird — to add it to your role. Contact: the ICT service desk, ictservicedesk@glenmore.example or extension 4400',
      );
      assert.match(await page.locator('#cannot-log-roles').innerText(), /^Complaints manager\n+Oversee the procedure: assign cases/);
      assert.deepEqual(await page.locator('#cannot-log-administrators li').allInnerTexts(), ['Ross Baird']);
      assert.match(await page.locator('.hint').last().innerText(), /close the pane and open it again .* within a second/);
      assert.equal(await page.getByRole('alert').count(), 0, 'nothing failed: not shown in red as an error');
      assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0, 'trying again would change nothing');
      assert.equal(await page.locator('form').count(), 0, 'no form to log with');
      assert.doesNotMatch(await page.locator('body').innerText(), /complaints-manager/, 'no role id');
      assert.match(await devBanner(page).innerText(), /Development sign-in/);
      await shootAndCheck(page, 'cannot-log');
      await context.close();
    });

    it('still shows an email that is already a case to a role that reads cases', async () => {
      const logged = email();
      const created = await call<{ reference: string }>(devBase, 'POST', '/api/cases', {
        as: 'demo-handler',
        body: {
          kind: 'complaint', channel: 'email', receivedAt: logged.receivedAt, customer: { withheldDetails: false, anonymous: false, name: 'Isla Grant' },
          nature: 'Library closed without notice.', service: 'Libraries and Leisure', socialWork: false,
          source: { kind: 'email', messageId: logged.itemId.replace(/\//g, '-').replace(/\+/g, '_'), internetMessageId: logged.internetMessageId },
        },
      });
      assert.equal(created.status, 201);
      const { page, context } = await openPane(devBase, { devUser: 'demo-complaints-manager', message: logged });
      await page.getByRole('heading', { level: 1, name: `Already logged as ${created.body.reference}` }).waitFor();
      await context.close();
    });

    it('a role that neither logs nor reads cases (training officer) gets the same answer, not a refusal to read', async () => {
      const { page, context } = await openPane(devBase, { devUser: 'demo-training-officer' });
      await page.getByRole('heading', { level: 1, name: 'Logging is not part of your role' }).waitFor();
      assert.match(await page.locator('#cannot-log-message').innerText(), /^Your role in Glenmore Council \(demo\), Training officer, does not include logging/);
      assert.doesNotMatch(await page.locator('body').innerText(), /read cases|training-officer/);
      await context.close();
    });

    it('someone with no role at all is told whom to ask, with the banner to switch user and no "Try again"', async () => {
      const { page, context } = await openPane(devBase, { devUser: 'demo-no-role' });
      await page.getByRole('heading', { level: 1, name: 'You have no role here yet' }).waitFor();
      assert.match(await page.locator('#no-role-message').innerText(), /ask an administrator — Ross Baird/);
      assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0);
      assert.match(await devBanner(page).innerText(), /Development sign-in/);
      await context.close();
    });
  });

  describe('the development sign-in banner', () => {
    it('stays on a refusal, on a failure with its "Try again", after trying again and after switching user', async () => {
      // A message id longer than the API accepts: refused (400), so no "Try again".
      const { page, context } = await openPane(devBase, { devUser: 'demo-handler', message: email({ itemId: `AAMk${'x'.repeat(1100)}` }) });
      await page.getByRole('heading', { level: 1, name: 'Could not check this email' }).waitFor();
      assert.match(await devBanner(page).innerText(), /Development sign-in/);
      assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0, 'a refusal would only repeat');
      await context.close();

      // The service failing (503): trying again may help, and the banner stays through it.
      const failing = await openPane(devBase, { devUser: 'demo-handler' });
      let fail = true;
      await failing.page.route('**/api/addin/lookup?**', (route) =>
        fail
          ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Busy', status: 503, detail: 'The complaints service is busy; try again in a minute.' }) })
          : route.continue(),
      );
      await failing.page.getByRole('heading', { level: 1, name: 'Could not check this email' }).waitFor();
      assert.match(await devBanner(failing.page).innerText(), /Development sign-in/);
      fail = false;
      await failing.page.getByRole('button', { name: 'Try again' }).click();
      await failing.page.getByRole('heading', { level: 1, name: 'Log a complaint' }).waitFor();
      assert.match(await devBanner(failing.page).innerText(), /Development sign-in/);
      assert.equal(await failing.page.locator('header .dev-banner').count(), 1, 'one banner, not one per view');

      // Switching demo user from the banner: the new user's view, the banner still there naming them.
      await failing.page.getByLabel('Demo user').selectOption('demo-committee');
      await failing.page.getByRole('heading', { level: 1, name: 'Logging is not part of your role' }).waitFor();
      assert.equal(await failing.page.getByLabel('Demo user').inputValue(), 'demo-committee');
      await failing.page.getByLabel('Demo user').selectOption('demo-handler');
      await failing.page.getByRole('heading', { level: 1, name: 'Log a complaint' }).waitFor();
      assert.equal(await failing.page.locator('header .dev-banner').count(), 1);
      await failing.context.close();
    });

    it('never shows in production (Office SSO): not on the form, not for a role that cannot log, not on a failure', async () => {
      for (const [oid, heading] of [['demo-handler', 'Log a complaint'], ['demo-committee', 'Logging is not part of your role']] as const) {
        const { page, context } = await openPane(ssoBase, { ssoToken: await harness.token({ oid }) });
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        assert.equal(await page.locator('.dev-banner').count(), 0);
        assert.doesNotMatch(await page.locator('body').innerText(), /Development sign-in|demo user/i);
        assert.match(await page.locator('header .signed-in').innerText(), /^Signed in as .+ \(Glenmore Council \(demo\)\)$/);
        await context.close();
      }
      const { page, context } = await openPane(ssoBase, { ssoToken: await harness.token({ oid: 'demo-handler' }) });
      await page.route('**/api/addin/lookup?**', (route) => route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"title":"Failed","status":500}' }));
      await page.getByRole('heading', { level: 1, name: 'Could not check this email' }).waitFor();
      assert.equal(await page.locator('.dev-banner').count(), 0);
      await context.close();
    });
  });

  describe('compliments and comments', () => {
    it('logs an email as a compliment with consent to quote: no stages or clocks, the consent on the case', async () => {
      const message = email();
      const { page, context } = await openPane(devBase, { devUser: 'demo-handler', message });
      await page.getByRole('heading', { level: 1, name: 'Log a complaint' }).waitFor();
      assert.equal(await page.getByRole('radio', { name: 'A complaint' }).isChecked(), true, 'a complaint unless chosen otherwise');
      assert.equal(await page.locator('#quote').isVisible(), false, 'consent to quote is for compliments');
      await page.getByLabel('A compliment').check();
      await page.getByRole('heading', { level: 1, name: 'Log a compliment' }).waitFor();
      assert.equal(await page.getByRole('group', { name: 'Stage' }).isVisible(), false, 'a compliment has no stages');
      assert.equal(await page.getByLabel('What the compliment says').inputValue(), message.bodyText.replace(/\r\n/g, '\n').trim());
      await page.getByLabel('Service').selectOption('Libraries and Leisure');
      await page.getByLabel('The customer agreed we may quote this compliment').check();
      await page.getByLabel('Words we may quote').fill('');
      await page.getByRole('button', { name: 'Log compliment' }).click();
      assert.match(await page.locator('#quote-text-error').innerText(), /Enter the words the customer agreed we may quote/);
      await page.getByLabel('Words we may quote').fill('The staff at Glenmore library helped my son with his homework every week.');
      assert.equal(await page.locator('#quote-text-error').innerText(), '', 'the message goes once the words are there');
      assert.equal(await page.locator('#form-error').textContent(), '');
      await shootAndCheck(page, 'compliment-form');
      await page.getByRole('button', { name: 'Log compliment' }).click();
      const heading = page.getByRole('heading', { level: 1, name: /^Logged as CHP-/ });
      await heading.waitFor();
      assert.match(await page.getByRole('status').innerText(), /^The compliment is logged and linked to this email\. It has no stages or clocks\.$/);
      assert.match(await page.locator('dl.facts').innerText(), /Recorded compliment \(no stages or clocks\)/);
      assert.doesNotMatch(await page.locator('dl.facts').innerText(), /due/i);
      assert.match(await page.locator('.note').innerText(), /Consent to quote recorded/);
      const reference = (await heading.textContent())!.replace('Logged as ', '');
      const stored = await harness.store.cases.get('glenmore', reference);
      assert.equal(stored?.kind, 'compliment');
      assert.equal(stored?.status, 'recorded');
      assert.equal(stored?.stage1, undefined);
      assert.equal(stored?.quoteWithConsent?.text, 'The staff at Glenmore library helped my son with his homework every week.');
      assert.equal(stored?.source?.internetMessageId, message.internetMessageId);
      await shootAndCheck(page, 'compliment-logged');
      await context.close();

      // Opened again on the same email: already logged, as a compliment.
      const again = await openPane(devBase, { devUser: 'demo-handler', message });
      await again.page.getByRole('heading', { level: 1, name: `Already logged as ${reference}` }).waitFor();
      assert.match(await again.page.locator('dl.facts').innerText(), /Recorded compliment/);
      await again.context.close();
    });

    it('logs an email as a comment, without stages and without consent to quote', async () => {
      const { page, context } = await openPane(devBase, { devUser: 'demo-handler', message: email({ subject: 'Saturday opening', bodyText: 'Could the library open later on Saturdays?' }) });
      await page.getByRole('heading', { level: 1, name: 'Log a complaint' }).waitFor();
      await page.getByLabel('A comment (a suggestion or view)').check();
      assert.equal(await page.locator('#quote').isVisible(), false);
      assert.equal(await page.getByRole('group', { name: 'Stage' }).isVisible(), false);
      await page.getByLabel('Service').selectOption('Libraries and Leisure');
      await page.getByRole('button', { name: 'Log comment' }).click();
      const heading = page.getByRole('heading', { level: 1, name: /^Logged as CHP-/ });
      await heading.waitFor();
      const stored = await harness.store.cases.get('glenmore', (await heading.textContent())!.replace('Logged as ', ''));
      assert.equal(stored?.kind, 'comment');
      assert.equal(stored?.status, 'recorded');
      assert.equal(stored?.quoteWithConsent, undefined);
      await context.close();
    });
  });

  describe('after the administrator changes the role definitions', () => {
    let original: RoleDefinition[];
    const save = async (roleDefinitions: RoleDefinition[]) => {
      const saved = await call<{ takesEffectWithinSeconds: number }>(adminBase, 'PUT', '/api/roles', { as: 'demo-admin', body: { roleDefinitions } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      return saved.body.takesEffectWithinSeconds;
    };
    const withComplaintsManager = (change: (d: RoleDefinition) => RoleDefinition) => original.map((d) => (d.id === 'complaints-manager' ? change(d) : d));
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    before(async () => {
      original = (await call<{ roleDefinitions: RoleDefinition[] }>(devBase, 'GET', '/api/roles', { as: 'demo-admin' })).body.roleDefinitions;
    });
    after(async () => {
      await save(original);
    });

    it('a pane on another server offers logging once the role is given it, and explains again once it is taken away, within the stated delay', async () => {
      // Before: the complaints manager cannot log (and the other server has the organisation cached).
      const before = await openPane(cachedBase, { devUser: 'demo-complaints-manager' });
      await before.page.getByRole('heading', { level: 1, name: 'Logging is not part of your role' }).waitFor();
      await before.context.close();

      // The central complaints team logs and handles complaints: renamed, with the permissions to log.
      const delay = await save(withComplaintsManager((d) => ({ ...d, name: 'Central complaints team', permissions: [...d.permissions, 'case.create', 'case.update'] })));
      assert.equal(delay, Math.ceil(CACHED_SERVER_ORG_CACHE_MS / 1000), 'the stated delay is the organisation cache time');
      await wait(delay * 1000 + 100);
      const given = await openPane(cachedBase, { devUser: 'demo-complaints-manager' });
      await given.page.getByRole('heading', { level: 1, name: 'Log a complaint' }).waitFor();
      assert.deepEqual(await given.page.getByRole('group', { name: 'What is this email?' }).getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as unknown as { value: string }).value)), ['complaint', 'compliment', 'comment']);
      await given.page.getByLabel('A compliment').check();
      await given.page.getByLabel('Service').selectOption('Education');
      await given.page.getByRole('button', { name: 'Log compliment' }).click();
      await given.page.getByRole('heading', { level: 1, name: /^Logged as CHP-/ }).waitFor();
      await shootAndCheck(given.page, 'roles-changed-logged');
      await given.context.close();

      // Taken away again: the pane explains, naming the role as it is now called.
      await save(withComplaintsManager((d) => ({ ...d, name: 'Central complaints team' })));
      await wait(delay * 1000 + 100);
      const taken = await openPane(cachedBase, { devUser: 'demo-complaints-manager' });
      await taken.page.getByRole('heading', { level: 1, name: 'Logging is not part of your role' }).waitFor();
      assert.match(await taken.page.locator('#cannot-log-message').innerText(), /^Your role in Glenmore Council \(demo\), Central complaints team, does not include logging/);
      assert.match(await taken.page.locator('.hint').last().innerText(), /within 2 seconds/);
      await shootAndCheck(taken.page, 'roles-changed-cannot-log');
      await taken.context.close();
    });
  });
});
