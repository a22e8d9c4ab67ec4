import assert from 'node:assert/strict';
import { createApp } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { createOnBehalfOfTokenSource, createSendGraph } from '../../server/graph/index';
import { redirectingNetworkClient } from '../../server/graph/network';
import { closeLetterPrinter, type CorrespondenceServices } from '../../server/routes/correspondence';
import type { Case } from '../../core/types';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from '../addin/graph-fakes';
import { pdfText } from '../support/pdfText';
import { AUDIENCE, call, Harness, ISSUER_TEMPLATE, listen, NOW, TENANT_A, TENANT_B } from './harness';

interface LetterView { id: string; kind: string; subject: string; text: string; sha256: string; gaps: string[]; signOff: string; caseStatus?: string }

const complaint = (customer: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  channel: 'email',
  customer: { withheldDetails: false, anonymous: false, name: 'Morag Lennox', ...customer },
  nature: 'The repair to my window was not done on the agreed day.',
  service: 'Housing Repairs',
  ...extra,
});
/** Replaces every [[…]] gap with finished text. */
const filled = (text: string) => text.replace(/\[\[[^\]]*\]\]/g, 'We found the repair was missed because the job was booked on the wrong day.');

describe('server: correspondence with the customer', function () {
  this.timeout(120_000);
  const h = new Harness();
  let cloud: MicrosoftCloudFake;
  let base = '';
  let sso = '';
  let ssoServer: { close(): Promise<void> } | undefined;

  before(async () => {
    await h.start({ history: false });
    base = await h.app();
    cloud = await startMicrosoftCloudFake();
    const graph = createSendGraph({
      tokens: createOnBehalfOfTokenSource({
        tenantId: cloud.tenantId, clientId: cloud.clientId, clientSecret: cloud.clientSecret, authorityHost: 'https://login.test',
        networkClient: redirectingNetworkClient({ 'https://login.test': cloud.origin }),
      }),
      baseUrl: `${cloud.origin}/v1.0`,
    });
    const app = createApp({
      store: h.store,
      verifier: createEntraVerifier({ jwksUrl: h.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B] }),
      devSignIn: false, clock: () => NOW, logger: h.logger, orgCacheMs: 0,
    });
    app.locals.correspondenceServices = { graph } satisfies CorrespondenceServices;
    ssoServer = await listen(app);
    sso = (ssoServer as { baseUrl: string } & typeof ssoServer).baseUrl;
  });
  after(async () => {
    await ssoServer?.close();
    await closeLetterPrinter();
    await cloud?.close();
    await h.stop();
  });

  const logCase = async (customer: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Case> => {
    const res = await call<Case>(base, 'POST', '/api/cases', { as: 'demo-investigator', body: complaint(customer, extra) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const draft = async (ref: string, kind: string, as = 'demo-investigator') => call<LetterView>(base, 'POST', `/api/cases/${ref}/letters`, { as, body: { kind } });
  const edit = async (ref: string, l: LetterView, text: string) => call<LetterView>(base, 'PUT', `/api/cases/${ref}/letters/${l.id}`, { as: 'demo-investigator', body: { subject: l.subject, text } });

  describe('templates', () => {
    it('the complaints manager reads the defaults and saves the organisation’s own; others may not', async () => {
      const read = await call<{ settings: { templates: Record<string, { subject: string; body: string }>; spsoContact: string; stage2HowToAsk: string } }>(base, 'GET', '/api/correspondence/templates', { as: 'demo-complaints-manager' });
      assert.equal(read.status, 200);
      assert.match(read.body.settings.spsoContact, /Bridgeside House/);
      const settings = structuredClone(read.body.settings);
      settings.templates['stage1-acknowledgement'].body = 'Dear {{customerName}}, we will reply by {{stage1DueOn}}. Ref {{reference}}. {{officerName}}';
      settings.spsoContact = 'SPSO, Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS. Freephone 0800 377 7330.';
      const saved = await call(base, 'PUT', '/api/correspondence/templates', { as: 'demo-complaints-manager', body: settings });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      for (const who of ['demo-investigator', 'demo-admin', 'demo-head-of-service']) {
        assert.equal((await call(base, 'PUT', '/api/correspondence/templates', { as: who, body: settings })).status, 403, who);
        assert.equal((await call(base, 'GET', '/api/correspondence/templates', { as: who })).status, 403, who);
      }
      // Another organisation still has the defaults.
      const riverside = await call<{ settings: { templates: Record<string, { body: string }> } }>(base, 'GET', '/api/correspondence/templates', { as: 'riverside-complaints-manager' });
      if (riverside.status === 200) assert.doesNotMatch(riverside.body.settings.templates['stage1-acknowledgement'].body, /we will reply by/);
    });

    it('refuses an unknown merge field, unmatched braces and a missing template, naming the field', async () => {
      const read = await call<{ settings: { templates: Record<string, { subject: string; body: string }> } }>(base, 'GET', '/api/correspondence/templates', { as: 'demo-complaints-manager' });
      const bad = structuredClone(read.body.settings);
      bad.templates.extension.body = 'Dear {{customer.email}} {{constructor}}';
      bad.templates['stage1-decision'].subject = 'Ref {{reference';
      const res = await call<{ errors: { field: string; message: string }[] }>(base, 'PUT', '/api/correspondence/templates', { as: 'demo-complaints-manager', body: bad });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['templates.extension.body', 'templates.extension.body', 'templates.stage1-decision.subject']);
      assert.match(JSON.stringify(res.body.errors), /\{\{customer\.email\}\}, which is not a merge field/);
      const missing = structuredClone(read.body.settings) as { templates: Record<string, unknown> };
      delete missing.templates.extension;
      assert.equal((await call(base, 'PUT', '/api/correspondence/templates', { as: 'demo-complaints-manager', body: missing })).status, 400);
      const extra = { ...read.body.settings, script: '<script>' };
      assert.equal((await call(base, 'PUT', '/api/correspondence/templates', { as: 'demo-complaints-manager', body: extra })).status, 400);
    });
  });

  describe('drafting and sending', () => {
    it('drafts from the organisation’s template with the due date in words; refuses those who cannot see the case', async () => {
      const c = await logCase({ email: 'morag@example.org' });
      const res = await draft(c.reference, 'stage1-acknowledgement');
      assert.equal(res.status, 201, JSON.stringify(res.body));
      // Logged Tuesday 10 March 2026: working day 5 is Monday 16 March.
      assert.equal(res.body.text, `Dear Morag Lennox, we will reply by Monday 16 March 2026. Ref ${c.reference}. Callum Reid`);
      assert.equal((await draft(c.reference, 'stage1-acknowledgement', 'demo-committee')).status, 403);
      assert.equal((await draft(c.reference, 'stage1-acknowledgement', 'riverside-investigator')).status === 201, false);
      assert.equal((await draft(c.reference, 'no-such-kind')).status, 400);
      assert.equal((await call(base, 'PUT', `/api/cases/${c.reference}/letters/not-a-uuid`, { as: 'demo-investigator', body: { subject: 'x', text: 'y' } })).status, 400);
      assert.equal((await call(base, 'GET', `/api/cases/${c.reference}/letters`, { as: 'demo-complaints-manager' })).status, 403, 'reading cases is not writing to customers');
    });

    it('prints a stage 1 decision as a PDF letter once its gaps are filled, records it, and offers to close the stage', async () => {
      const c = await logCase({ address: '4 Shore Road\nGlenmore\nGL1 2AB' });
      const letter = (await draft(c.reference, 'stage1-decision')).body;
      assert.ok(letter.gaps.length > 0, 'the template leaves gaps for the writer');
      const early = await call(base, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { as: 'demo-investigator', body: { via: 'letter' } });
      assert.equal(early.status, 422);
      assert.match(JSON.stringify(early.body), /gap/);
      const done = (await edit(c.reference, letter, filled(letter.text))).body;
      assert.deepEqual(done.gaps, []);
      const noEmail = await call(base, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { as: 'demo-investigator', body: { via: 'email' } });
      assert.equal(noEmail.status, 422, 'no email address: a letter is sent instead');
      const res = await fetch(`${base}/api/cases/${c.reference}/letters/${letter.id}/send`, { method: 'POST', headers: { 'X-Dev-User': 'demo-investigator', 'Content-Type': 'application/json' }, body: JSON.stringify({ via: 'large-print-letter' }) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.deepEqual(JSON.parse(res.headers.get('x-offer-close') ?? ''), { type: 'close-stage1', on: '2026-03-10' });
      const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
      assert.match(text, /4 Shore Road/);
      assert.match(text, /Tuesday 10 March 2026/);
      assert.match(text, new RegExp(`Our reference: ${c.reference}`));
      assert.match(text, /the job was booked on the wrong day/);
      assert.match(text, /stage 2 investigation/);
      const stored = await h.store.cases.get('glenmore', c.reference);
      const event = stored!.events.at(-1)!;
      assert.equal(event.type, 'correspondence-sent');
      assert.equal(event.by, 'demo-investigator');
      assert.equal((event.after as { via: string }).via, 'large-print-letter');
      const again = await call(base, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { as: 'demo-investigator', body: { via: 'letter' } });
      assert.equal(again.status, 409, 'a letter is sent once');
      assert.equal((await edit(c.reference, letter, 'changed')).status, 409, 'a sent letter is kept as it went');
    });

    it('sends nothing to a customer who withheld their contact details, and says so', async () => {
      const c = await logCase({ withheldDetails: true });
      const list = await call<{ reach: { routes: string[]; nothingToSend: string } }>(base, 'GET', `/api/cases/${c.reference}/letters`, { as: 'demo-investigator' });
      assert.deepEqual(list.body.reach.routes, []);
      assert.match(list.body.reach.nothingToSend, /withheld their contact details/);
      const letter = (await draft(c.reference, 'stage1-acknowledgement')).body;
      for (const via of ['letter', 'email']) {
        const res = await call(base, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { as: 'demo-investigator', body: { via } });
        assert.equal(res.status, 422, via);
        assert.match(JSON.stringify(res.body), /withheld their contact details/);
      }
    });
  });

  describe('stage 2 decisions: sign-off approves the text', () => {
    it('names the approvers, binds the text, voids the approval when the text changes, and sends only the approved text through Graph', async () => {
      const c = await logCase({ email: 'morag@example.org' }, { startAtStage: 2 });
      const letter = (await draft(c.reference, 'stage2-decision')).body;
      assert.match(letter.text, /Scottish Public Services Ombudsman/);
      assert.match(letter.text, /Bridgeside House, 99 McDonald Road/);
      const ready = (await edit(c.reference, letter, filled(letter.text))).body;
      const unsigned = await call(sso, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { token: await h.token({ oid: 'demo-investigator' }), body: { via: 'email' } });
      assert.equal(unsigned.status, 422);
      assert.match(JSON.stringify(unsigned.body), /not been sent for sign-off/);

      const list = await call<{ approvers: string[] }>(base, 'GET', `/api/cases/${c.reference}/letters`, { as: 'demo-investigator' });
      assert.ok(list.body.approvers.includes('Aileen Murray'), JSON.stringify(list.body.approvers));
      assert.ok(!list.body.approvers.includes('Callum Reid'), 'the author is never an approver');

      const ask = async () => call<{ status: string; approvers: string[] }>(base, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/request-signoff`, { as: 'demo-investigator', body: { draftSummary: 'Upheld: the repair was missed.', proposedOutcome: 'upheld' } });
      const asked = await ask();
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      assert.equal(asked.body.status, 'stage2-signoff');
      assert.deepEqual(asked.body.approvers, list.body.approvers);
      const requested = await h.store.cases.get('glenmore', c.reference);
      assert.equal(requested!.stage2!.signOff!.letter!.text, ready.text);
      assert.equal(requested!.stage2!.signOff!.letter!.sha256, ready.sha256);

      const approve = () => call(base, 'POST', `/api/cases/${c.reference}/actions`, { as: 'demo-head-of-service', body: { type: 'approve-signoff' } });
      assert.equal((await approve()).status, 200);

      // Changing the approved text voids the approval.
      const changed = await edit(c.reference, ready, `${ready.text}\nP.S. one more thing.`);
      assert.equal(changed.status, 200);
      assert.equal(changed.body.caseStatus, 'stage2');
      assert.equal(changed.body.signOff, 'not-requested');
      const voided = await h.store.cases.get('glenmore', c.reference);
      assert.equal(voided!.stage2!.signOff!.decision, 'voided');
      assert.equal(voided!.events.at(-1)!.type, 'signoff-voided');
      const refused = await call(sso, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { token: await h.token({ oid: 'demo-investigator' }), body: { via: 'email' } });
      assert.equal(refused.status, 422);
      assert.equal(cloud.sent.length, 0, 'nothing reached Graph');

      // Asked again and approved: the approved text is what is sent, through Graph, even when throttled once.
      assert.equal((await ask()).status, 200);
      assert.equal((await approve()).status, 200);
      cloud.throttle(1, 1);
      const sent = await call<{ via: string; to: string; offerClose: { type: string; on: string } }>(sso, 'POST', `/api/cases/${c.reference}/letters/${letter.id}/send`, { token: await h.token({ oid: 'demo-investigator' }), body: { via: 'email' } });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.deepEqual(sent.body.offerClose, { type: 'close-stage2', on: '2026-03-10' });
      assert.equal(cloud.sent.length, 1);
      const mail = cloud.sent[0];
      assert.equal(mail.path, '/v1.0/me/sendMail');
      const message = mail.body.message as { subject: string; body: { content: string }; toRecipients: { emailAddress: { address: string } }[] };
      assert.equal(message.toRecipients[0].emailAddress.address, 'morag@example.org');
      assert.match(message.body.content, /P\.S\. one more thing\./);
      assert.match(message.body.content, /Bridgeside House/);
      const throttled = cloud.requests.filter((r) => r.path === '/v1.0/me/sendMail');
      assert.equal(throttled.length, 2, 'the 429 was retried once');
      assert.ok(throttled[1].at - throttled[0].at >= 1000, 'after the Retry-After');
    });

    it('sends from the shared complaints mailbox when the organisation names one, and replies to the customer’s email', async () => {
      const read = await call<{ settings: Record<string, unknown> }>(base, 'GET', '/api/correspondence/templates', { as: 'demo-complaints-manager' });
      assert.equal((await call(base, 'PUT', '/api/correspondence/templates', { as: 'demo-complaints-manager', body: { ...read.body.settings, sharedMailbox: 'complaints@glenmore.gov.uk' } })).status, 200);
      cloud.messages.set('AAMk-customer/1', { id: 'AAMk-customer/1', subject: 'Window', body: { contentType: 'text', content: 'x' }, from: { name: 'M', address: 'morag@example.org' }, internetMessageId: '<m1@example.org>', conversationId: 'conv-9', receivedDateTime: '2026-03-09T09:00:00Z', attachments: [] });
      const c = await logCase({ email: 'morag@example.org' }, { source: { kind: 'email', messageId: 'AAMk-customer/1', conversationId: 'conv-9' } });
      const token = await h.token({ oid: 'demo-investigator' });
      const first = (await draft(c.reference, 'stage1-acknowledgement')).body;
      assert.equal((await call(sso, 'POST', `/api/cases/${c.reference}/letters/${first.id}/send`, { token, body: { via: 'email' } })).status, 200);
      assert.equal(cloud.sent.at(-1)!.path, '/v1.0/users/complaints@glenmore.gov.uk/sendMail');
      const second = (await draft(c.reference, 'stage1-acknowledgement')).body;
      assert.equal((await call(sso, 'POST', `/api/cases/${c.reference}/letters/${second.id}/send`, { token, body: { via: 'email-reply' } })).status, 200);
      assert.equal(cloud.sent.at(-1)!.path, '/v1.0/me/messages/AAMk-customer/1/reply');
      const devOnly = (await draft(c.reference, 'stage1-acknowledgement')).body;
      const noGraph = await call(base, 'POST', `/api/cases/${c.reference}/letters/${devOnly.id}/send`, { as: 'demo-investigator', body: { via: 'email' } });
      assert.equal(noGraph.status, 503, 'development sign-in cannot send email');
    });
  });
});
