/**
 * The tab inside a Teams host: a page that answers teams-js the way Teams does (initialize, getContext,
 * authentication.getAuthToken) frames the tab. The tab must take the theme and the deep-link sub-page
 * from the context, sign in with the SSO token as a bearer (no development sign-in), and open the case.
 */
import assert from 'node:assert/strict';
import type { Browser, Request } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { buildTab } from '../../scripts/build-web';
import { Harness } from '../server/harness';
import { hostPage } from './teams-host-page';

declare const document: { documentElement: { dataset: Record<string, string | undefined> }; querySelector(s: string): unknown };

describe('Teams tab inside a Teams host', function () {
  this.timeout(90_000);
  const harness = new Harness();
  let browser: Browser;
  let baseUrl: string;

  before(async () => {
    await buildTab();
    await harness.start();
    baseUrl = await harness.app();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await harness.stop();
  });

  it('takes the theme and the deep link from the context and signs in with the SSO token', async () => {
    const cases = await fetch(`${baseUrl}/api/caseload?view=mine`, { headers: { 'X-Dev-User': 'demo-investigator' } });
    const reference = ((await cases.json()) as { items: { reference: string }[] }).items[0].reference;
    const token = await harness.token({ oid: 'demo-investigator' });
    const page = await browser.newPage({ viewport: { width: 1320, height: 920 } });
    const apiCalls: Request[] = [];
    page.on('request', (r) => r.url().includes('/api/') && apiCalls.push(r));
    // The host page is served from the tab's own origin (the tab accepts its own origin as a host).
    await page.route(`${baseUrl}/teams-host.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: hostPage(`${baseUrl}/tab/`, token, `case/${reference}`) }),
    );
    await page.goto(`${baseUrl}/teams-host.html`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok(frame);
    await frame.waitForSelector('#case-title', { timeout: 20_000 });
    assert.equal((await frame.textContent('#case-title'))?.trim(), reference);
    assert.deepEqual(await frame.evaluate(() => ({ ...document.documentElement.dataset })), { theme: 'dark', host: 'teams' });
    assert.equal(await frame.evaluate(() => document.querySelector('.dev-banner')), null, 'no development sign-in in Teams');
    const calls = (await page.evaluate('window.calls')) as string[];
    for (const func of ['initialize', 'getContext', 'authentication.getAuthToken']) assert.ok(calls.includes(func), `${func} was called: ${calls.join()}`);
    assert.ok(apiCalls.length > 0);
    for (const r of apiCalls) {
      const headers = await r.allHeaders();
      assert.equal(headers.authorization, `Bearer ${token}`, r.url());
      assert.equal(headers['x-dev-user'], undefined, r.url());
    }
    await page.screenshot({ path: 'test/artifacts/tab-in-teams-dark.png' });
    await page.close();
  });
});
