/**
 * The Outlook task pane in real headless Chromium, served by the real server (embedded Cosmos store, demo
 * organisations), with a scripted Office.js host. Covers prefill, logging, the email already logged, a reply
 * in the same conversation, an API error in words, keyboard-only use, accessibility at 320 px, SSO with the
 * dialog fallback and attachment copying through OBO + Graph, and the page outside Outlook.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../reports/chromium';
import { createApp } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { createMailGraph, createOnBehalfOfTokenSource } from '../../server/graph/index';
import { redirectingNetworkClient } from '../../server/graph/network';
import type { AddinServices } from '../../server/routes/addin';
import { buildAddin } from '../../scripts/build-addin';
import { AUDIENCE, Harness, ISSUER_TEMPLATE, listen, NOW, TENANT_A, TENANT_B } from '../server/harness';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from './graph-fakes';
import { startTestDocuments, type TestDocuments } from '../support/documents';

// The callbacks given to page.evaluate run in the browser; these are the few browser globals they touch.
declare const window: {
  localStorage: { setItem(key: string, value: string): void };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string }[] }> };
  __pwned?: number;
  __officeCalls: unknown[][];
};
declare const document: {
  activeElement: { id: string; tagName: string } | null;
  documentElement: { scrollWidth: number };
  getElementById(id: string): { textContent: string | null } | null;
};
declare function getComputedStyle(element: unknown): { outlineStyle: string };

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const HOST_SCRIPT = fs.readFileSync(path.join(__dirname, 'scripted-office-host.js'), 'utf8');
const TEAMS_APP_ID = '5d1e0c4a-7b2f-4c55-9a0e-0000000000a1';

interface Scenario {
  message?: {
    itemId: string; internetMessageId: string; conversationId: string; subject: string; receivedAt: string; bodyText: string;
    from: { displayName: string; emailAddress: string };
    attachments?: { id: string; name: string; size: number; attachmentType: string; isInline: boolean; contentType?: string }[];
  };
  host?: string | null;
  neverReady?: boolean;
  ssoToken?: string;
  ssoErrorCode?: number;
  dialogAnswer?: { token?: string; error?: string };
}

let seq = 0;
/** A fresh email: ids unique per test so cases never collide. */
function email(overrides: Partial<NonNullable<Scenario['message']>> = {}): NonNullable<Scenario['message']> {
  seq += 1;
  return {
    itemId: `AAMkADk/email+${seq}=`,
    internetMessageId: `<complaint-${seq}@mail.example.org>`,
    conversationId: `AAQkADconv${seq}`,
    subject: 'Bins not collected for three weeks',
    receivedAt: '2026-03-10T09:00:00Z',
    bodyText: 'Dear Council,\r\n\r\nThe bins in Kirk Street have not been emptied for three weeks.\r\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\r\n\r\nMorag Lennox',
    from: { displayName: 'Morag Lennox', emailAddress: 'morag.lennox@example.org' },
    attachments: [{ id: `att-${seq}`, name: 'bins.jpg', size: 48_213, attachmentType: 'file', isInline: false, contentType: 'image/jpeg' }],
    ...overrides,
  };
}

describe('Outlook add-in task pane (headless Chromium, scripted Office.js)', function () {
  this.timeout(90_000);
  const harness = new Harness();
  let browser: Browser;
  let cloud: MicrosoftCloudFake;
  let devBase: string;
  let ssoBase: string;
  let projectRoot: string;
  const servers: { close(): Promise<void> }[] = [];
  let documents: TestDocuments;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-addin-test-'));
    documents = await startTestDocuments();
    await buildAddin({ outDir: path.join(projectRoot, 'addin', 'dist'), minify: false, env: {} });
    await harness.start();
    cloud = await startMicrosoftCloudFake();
    const graph = createMailGraph({
      tokens: createOnBehalfOfTokenSource({
        tenantId: cloud.tenantId, clientId: cloud.clientId, clientSecret: cloud.clientSecret, authorityHost: 'https://login.test',
        networkClient: redirectingNetworkClient({ 'https://login.test': cloud.origin }),
      }),
      baseUrl: `${cloud.origin}/v1.0`,
    });
    const services: AddinServices = { graph, teamsAppId: TEAMS_APP_ID };
    const verifier = createEntraVerifier({ jwksUrl: harness.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B] });
    const start = async (devSignIn: boolean) => {
      const app = createApp({ store: harness.store, documents: documents.documents, verifier, devSignIn, clock: () => NOW, logger: harness.logger, orgCacheMs: 0, projectRoot });
      app.locals.addinServices = services;
      const running = await listen(app);
      servers.push(running);
      return running.baseUrl;
    };
    devBase = await start(true);
    ssoBase = await start(false);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    await cloud?.close();
    await harness.stop();
    await documents?.close();
    fs.rmSync(projectRoot, { recursive: true, force: true });
  });

  /** A 320 px pane: Office.js either scripted (scenario) or never loading (null); nothing leaves the machine. */
  async function openPane(base: string, scenario: Scenario | null, options: { devUser?: string } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 320, height: 900 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS) {
        return scenario ? route.fulfill({ contentType: 'text/javascript', body: '/* Office.js: the scripted host was installed before the page */' }) : route.abort('internetdisconnected');
      }
      return url.startsWith(base) ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    if (options.devUser) await page.addInitScript((user) => window.localStorage.setItem('chp-addin-dev-user', user), options.devUser);
    if (scenario) await page.addInitScript({ content: `${HOST_SCRIPT}\ninstallScriptedOfficeHost(${JSON.stringify(scenario)});` });
    await page.goto(`${base}/addin/taskpane.html`);
    return { page, context };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `addin-${name}.png`), fullPage: true });

  async function logFromPane(page: Page, service = 'Waste and Recycling'): Promise<string> {
    await page.getByLabel('Service').selectOption(service);
    await page.getByRole('button', { name: 'Log complaint' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Logged as CHP-/ });
    await heading.waitFor();
    return (await heading.textContent())!.replace('Logged as ', '');
  }

  it('prefills the form from the open email (development sign-in, said so)', async () => {
    const message = email();
    const { page, context } = await openPane(devBase, { message });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Morag Lennox');
    assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), 'morag.lennox@example.org');
    const nature = await page.getByLabel('Nature of complaint').inputValue();
    assert.match(nature, /^Dear Council,\n\nThe bins in Kirk Street have not been emptied for three weeks\./);
    assert.ok(nature.includes('<script>'), 'the body is kept as text, not interpreted');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'nothing in the email ran');
    assert.match(await page.locator('.dev-banner').innerText(), /Development sign-in/);
    assert.match(await page.locator('dl.message').innerText(), /Bins not collected for three weeks/);
    assert.equal(await page.getByLabel('Frontline response (stage 1, 5 working days)').isChecked(), true);
    assert.equal(await page.getByLabel('Copy bins.jpg (47 KB) to the case').isDisabled(), true, 'no Graph in development sign-in');
    const services = await page.getByLabel('Service').locator('option').allInnerTexts();
    assert.ok(services.includes('Waste and Recycling') && services.includes('Housing Repairs'), services.join(', '));
    const officeCalls = await page.evaluate(() => (window as unknown as { __officeCalls: unknown[][] }).__officeCalls);
    assert.deepEqual(officeCalls.find((c) => c[0] === 'body.getAsync'), ['body.getAsync', 'text']);
    assert.deepEqual(officeCalls.find((c) => c[0] === 'convertToRestId'), ['convertToRestId', message.itemId, 'v2.0']);
    await shot(page, 'prefilled');
    await context.close();
  });

  it('logs the complaint, shows the reference, the stage 1 due date and an Open in Teams link; the case keeps the email ids', async () => {
    const message = email();
    const { page, context } = await openPane(devBase, { message });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    await page.getByLabel('Social work complaint (Chief Social Work Officer interest)').check();
    const reference = await logFromPane(page);
    assert.match(reference, /^CHP-2026-\d{6}$/);
    const facts = await page.locator('dl.facts').innerText();
    // Received Tuesday 10 March 2026: day 1; the 5th working day is Monday 16 March.
    assert.match(facts, /Stage 1 response due\s+Monday 16 March 2026 \(5 working days\)/);
    assert.match(facts, /Stage 1 – frontline response/);
    const teams = await page.getByRole('link', { name: 'Open in Teams' }).getAttribute('href');
    const web = `${devBase}/tab#/case/${reference}`;
    assert.equal(teams, `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/caseload?webUrl=${encodeURIComponent(web)}&context=${encodeURIComponent(JSON.stringify({ subEntityId: `case/${reference}` }))}`);
    assert.equal(await page.getByRole('link', { name: 'Open in the browser' }).getAttribute('href'), web);
    await shot(page, 'logged');
    const stored = await harness.store.cases.get('glenmore', reference);
    assert.ok(stored);
    assert.equal(stored.channel, 'email');
    assert.equal(stored.socialWork, true);
    assert.equal(stored.source?.messageId, message.itemId.replace(/\//g, '-').replace(/\+/g, '_'), 'the REST id, usable with Graph');
    assert.equal(stored.source?.internetMessageId, message.internetMessageId);
    assert.equal(stored.source?.conversationId, message.conversationId);
    assert.deepEqual(stored.source?.attachments, [{ name: 'bins.jpg', size: 48_213, fetched: false }]);
    assert.equal(stored.customer.name, 'Morag Lennox');
    assert.equal(stored.receivedAt, '2026-03-10T09:00:00.000Z');
    await context.close();
  });

  it('opening the pane again on a logged email shows that case (status, owner, due date) instead of the form', async () => {
    const message = email();
    const first = await openPane(devBase, { message });
    await first.page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    await first.page.getByLabel('Straight to investigation (stage 2, 20 working days)').check();
    const reference = await logFromPane(first.page);
    await first.context.close();

    const { page, context } = await openPane(devBase, { message });
    await page.getByRole('heading', { level: 1, name: `Already logged as ${reference}` }).waitFor();
    assert.equal(await page.locator('form').count(), 0, 'no form: the email is not logged twice');
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /Stage 2 – investigation/);
    assert.match(facts, /Owner\s+Morag Fraser/);
    assert.match(facts, /Response due\s+Tuesday 7 April 2026 \(20 working days\)/); // Good Friday 3 April skipped
    await shot(page, 'already-logged');
    await context.close();
  });

  it('"Reply with…" opens Outlook’s reply form filled with a finished response, records it, and offers no unfinished one', async () => {
    const message = email();
    const first = await openPane(devBase, { message });
    const reference = await logFromPane(first.page);
    await first.context.close();
    const draft = async (kind: string) => {
      const res = await fetch(`${devBase}/api/cases/${reference}/letters`, { method: 'POST', headers: { 'X-Dev-User': 'demo-handler', 'Content-Type': 'application/json' }, body: JSON.stringify({ kind }) });
      assert.equal(res.status, 201);
      return (await res.json()) as { id: string; subject: string; text: string };
    };
    const ready = await draft('stage1-acknowledgement');
    await draft('stage1-decision'); // still has [[…]] gaps: not offered

    const { page, context } = await openPane(devBase, { message });
    await page.getByRole('heading', { name: 'Reply to the customer' }).waitFor();
    const offered = await page.locator('button[data-letter]').allTextContents();
    assert.deepEqual(offered, [`Reply with: ${ready.subject}`]);
    await page.getByRole('button', { name: `Reply with: ${ready.subject}` }).click();
    await page.getByText('The reply is open in Outlook with the response').waitFor();
    const calls = await page.evaluate(() => (window as unknown as { __officeCalls: unknown[][] }).__officeCalls);
    const replyForm = calls.find((c) => c[0] === 'displayReplyForm') as [string, { htmlBody: string }] | undefined;
    assert.ok(replyForm, 'displayReplyForm was called');
    assert.match(replyForm[1].htmlBody, new RegExp(`^<p>Dear Morag Lennox</p>`));
    assert.ok(replyForm[1].htmlBody.includes(reference));
    assert.ok(!/<script|onerror/i.test(replyForm[1].htmlBody));
    const stored = await harness.store.cases.get('glenmore', reference);
    const event = stored!.events.at(-1)!;
    assert.equal(event.type, 'correspondence-sent');
    assert.equal((event.after as { via: string }).via, 'outlook-reply');
    await shot(page, 'reply-with');
    await context.close();
  });

  it('a reply in the same conversation is offered "Add to CHP-…", linked once, and then shown as linked', async () => {
    const original = email();
    const first = await openPane(devBase, { message: original });
    await first.page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    const reference = await logFromPane(first.page);
    await first.context.close();

    const reply = email({ conversationId: original.conversationId, subject: 'RE: Bins not collected for three weeks', receivedAt: '2026-03-11T08:30:00Z', attachments: [] });
    const second = await openPane(devBase, { message: reply });
    await second.page.getByRole('heading', { name: `Part of ${reference}` }).waitFor();
    await shot(second.page, 'reply-choice');
    await second.page.getByRole('button', { name: `Add to ${reference}` }).click();
    await second.page.getByRole('heading', { name: `Linked to ${reference}` }).waitFor();
    await second.context.close();

    const stored = await harness.store.cases.get('glenmore', reference);
    assert.equal(stored?.linkedMessages?.length, 1);
    assert.equal(stored?.linkedMessages?.[0].internetMessageId, reply.internetMessageId);
    assert.match(stored!.events.at(-1)!.summary, /Email reply linked: “RE: Bins not collected for three weeks” received 2026-03-11/);
    const all = await harness.store.cases.list('glenmore', { scope: { all: true, services: [], userId: '', socialWork: false }, text: 'kirk street', limit: 100 });
    assert.equal(all.items.filter((c) => c.source?.conversationId === original.conversationId).length, 1, 'the reply was not logged as a second case');

    const again = await openPane(devBase, { message: reply });
    await again.page.getByRole('heading', { name: `Linked to ${reference}` }).waitFor();
    await again.context.close();
  });

  it('shows an API refusal in words, next to the button, and keeps what was typed', async () => {
    // The browser's check lets this through; the API's stricter email rule refuses it (400 problem details).
    const { page, context } = await openPane(devBase, { message: email({ from: { displayName: 'Morag Lennox', emailAddress: 'morag@example..org' } }) });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    await page.getByLabel('Service').selectOption('Waste and Recycling');
    await page.getByRole('button', { name: 'Log complaint' }).click();
    const alert = page.locator('#form-error');
    await page.waitForFunction(() => (document.getElementById('form-error')?.textContent ?? '').length > 0);
    assert.match(await alert.innerText(), /^Please check the form: customer\.email must be an email address\.$/);
    assert.equal(await page.getByRole('button', { name: 'Log complaint' }).isEnabled(), true);
    assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), 'morag@example..org');
    await shot(page, 'api-error');
    await context.close();
  });

  it('a person without the right role is told why, in words: their role by name, whom to ask, no error and no retry', async () => {
    const { page, context } = await openPane(devBase, { message: email() }, { devUser: 'demo-committee' });
    await page.getByRole('heading', { name: 'Logging is not part of your role' }).waitFor();
    assert.match(await page.locator('#cannot-log-message').innerText(), /Your role in Glenmore Council \(demo\), Management committee, does not include logging complaints, compliments or comments\. If your work needs it, ask an administrator — Ross Baird — to add it to your role\./);
    assert.equal(await page.getByRole('alert').count(), 0, 'not shown as an error');
    assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0, 'trying again would change nothing');
    assert.doesNotMatch(await page.locator('body').innerText(), /management-committee/, 'no role id');
    await context.close();
  });

  it('works with the keyboard alone, and has no serious accessibility problems at 320 px', async () => {
    const { page, context } = await openPane(devBase, { message: email() });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id} (${v.impact})`);
    });
    assert.deepEqual(violations, []);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 320, `no sideways scrolling in the narrow pane (${scrollWidth}px)`);

    // Focus starts on the heading; Tab walks the form in order.
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    const tabTo = async (id: string) => {
      for (let i = 0; i < 20 && (await focused()) !== id; i += 1) await page.keyboard.press('Tab');
      assert.equal(await focused(), id, `Tab reaches #${id}`);
    };
    await tabTo('customer-name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('M. Lennox');
    await tabTo('service');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByLabel('Service').inputValue(), (await page.getByLabel('Service').locator('option').nth(2).getAttribute('value'))!);
    await tabTo('contractor-toggle');
    await page.keyboard.press('Space');
    await tabTo('contractor-name');
    await page.keyboard.type('CleanStreets Ltd');
    await tabTo('stage-1');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByLabel('Straight to investigation (stage 2, 20 working days)').isChecked(), true);
    await page.keyboard.press('ArrowUp');
    await tabTo('nature');
    const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(focusRing, 'none', 'focus is visible');
    await tabTo('log-button');
    await shot(page, 'keyboard');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: /^Logged as CHP-/ });
    await heading.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the result so it is announced');
    const reference = (await heading.textContent())!.replace('Logged as ', '');
    const stored = await harness.store.cases.get('glenmore', reference);
    assert.equal(stored?.customer.name, 'M. Lennox');
    assert.deepEqual(stored?.contractor, { name: 'CleanStreets Ltd', kind: 'contractor' });
    assert.equal(stored?.status, 'stage1');
    await context.close();
  });

  it('form problems are shown beside the fields and focus goes to the first', async () => {
    const { page, context } = await openPane(devBase, { message: email({ from: { displayName: '', emailAddress: '' } }) });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    await page.getByRole('button', { name: 'Log complaint' }).click();
    assert.match(await page.locator('#customer-name-error').innerText(), /name or email, or tick “Customer withheld details”/);
    assert.match(await page.locator('#service-error').innerText(), /Choose the service/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'customer-name');
    assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
    await context.close();
  });

  it('signs in with Office SSO (bearer token), and copies only the ticked attachment through OBO + Graph', async () => {
    const message = email({
      attachments: [
        { id: 'g-att-1', name: 'photo.jpg', size: 9, attachmentType: 'file', isInline: false },
        { id: 'g-att-2', name: 'letter.pdf', size: 7, attachmentType: 'file', isInline: false },
      ],
    });
    const restId = message.itemId.replace(/\//g, '-').replace(/\+/g, '_');
    cloud.messages.set(restId, {
      id: restId, subject: message.subject, body: { contentType: 'text', content: message.bodyText }, from: { name: 'Morag Lennox', address: message.from.emailAddress },
      internetMessageId: message.internetMessageId, conversationId: message.conversationId, receivedDateTime: message.receivedAt,
      attachments: [
        { id: 'g-att-1', name: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from('JPEGBYTES') },
        { id: 'g-att-2', name: 'letter.pdf', contentType: 'application/pdf', content: Buffer.from('PDFBYTE') },
      ],
    });
    const token = await harness.token({ oid: 'demo-handler', name: 'Morag Fraser' });
    const { page, context } = await openPane(ssoBase, { message, ssoToken: token });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    assert.match(await page.locator('.signed-in').innerText(), /Signed in as Morag Fraser/);
    assert.equal(await page.locator('.dev-banner').count(), 0);
    await page.getByLabel('Copy photo.jpg (9 bytes) to the case').check();
    const graphCallsBefore = cloud.requests.filter((r) => r.path.includes('/attachments')).length;
    const reference = await logFromPane(page);
    assert.match(await page.locator('.note').innerText(), /Attachments copied to the case: 1\./);
    const graphCalls = cloud.requests.filter((r) => r.path.includes('/attachments')).slice(graphCallsBefore).map((r) => r.path);
    assert.deepEqual(graphCalls, [`/v1.0/me/messages/${restId}/attachments/g-att-1`], 'only the ticked attachment was fetched');
    assert.equal(cloud.tokenRequests.at(-1)?.assertion, token, 'the pane’s SSO token was exchanged on behalf of the user');
    assert.equal(cloud.tokenRequests.at(-1)?.tenant, TENANT_A, 'in the user’s own tenant');
    const stored = await harness.store.cases.get('glenmore', reference);
    assert.deepEqual(stored?.source?.attachments, [{ name: 'photo.jpg', size: 9, fetched: true }, { name: 'letter.pdf', size: 7, fetched: false }]);
    const kept = await documents.documents.list('glenmore', reference);
    assert.deepEqual(kept.map((d) => [d.name, d.contentType, d.size]), [['photo.jpg', 'image/jpeg', 9]], 'only the ticked attachment is kept, in blob storage');
    assert.equal((await documents.documents.get('glenmore', reference, kept[0].id))?.content.toString('utf8'), 'JPEGBYTES');
    const calls = await page.evaluate(() => (window as unknown as { __officeCalls: unknown[][] }).__officeCalls);
    assert.deepEqual(calls.find((c) => c[0] === 'getAccessToken')?.[1], { allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true });
    await shot(page, 'sso-logged');
    await context.close();
  });

  it('falls back to the sign-in dialog where SSO is unavailable (13012)', async () => {
    const token = await harness.token({ oid: 'demo-handler', name: 'Morag Fraser' });
    const { page, context } = await openPane(ssoBase, { message: email(), ssoErrorCode: 13012, dialogAnswer: { token } });
    await page.getByRole('heading', { name: 'Log a complaint' }).waitFor();
    const calls = await page.evaluate(() => (window as unknown as { __officeCalls: unknown[][] }).__officeCalls);
    assert.deepEqual(calls.find((c) => c[0] === 'displayDialogAsync'), ['displayDialogAsync', `${ssoBase}/addin/auth-dialog.html`]);
    assert.match(await page.locator('.signed-in').innerText(), /Signed in as Morag Fraser/);
    await context.close();
  });

  it('does not hang when Office.js never loads: says to open it from Outlook', async () => {
    const { page, context } = await openPane(devBase, null);
    await page.getByRole('heading', { name: 'Open this from Outlook' }).waitFor({ timeout: 10_000 });
    assert.match(await page.getByRole('alert').innerText(), /Office\.js did not load/);
    await shot(page, 'no-office');
    await context.close();
  });

  it('outside Outlook (Office ready with no host) or a host that never answers: a message, not a spinner', async () => {
    const outside = await openPane(devBase, { host: null });
    await outside.page.getByRole('heading', { name: 'Open this from Outlook' }).waitFor();
    assert.match(await outside.page.getByRole('alert').innerText(), /works only inside Outlook/);
    await outside.context.close();
    const silent = await openPane(devBase, { neverReady: true, message: email() });
    await silent.page.getByRole('heading', { name: 'Open this from Outlook' }).waitFor({ timeout: 15_000 });
    assert.match(await silent.page.getByRole('alert').innerText(), /Outlook did not answer/);
    await silent.context.close();
  });
});
