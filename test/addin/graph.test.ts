import assert from 'node:assert/strict';
import { createMailGraph, createOnBehalfOfTokenSource, GraphAccessError, sanitizeEmailHtml, emailBodyToText, type MailGraph } from '../../server/graph/index';
import { redirectingNetworkClient } from '../../server/graph/network';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from './graph-fakes';

describe('Graph on behalf of the user (msal-node OBO + Graph client, local identity and Graph endpoints)', () => {
  let cloud: MicrosoftCloudFake;
  let graph: MailGraph;

  before(async () => {
    cloud = await startMicrosoftCloudFake();
    cloud.messages.set('AAMkAG+/=1', {
      id: 'AAMkAG+/=1',
      subject: 'Bins not collected',
      body: { contentType: 'html', content: '<p>Third week running.</p><script>alert(1)</script><img src=x onerror="alert(2)">' },
      from: { name: 'Morag Lennox', address: 'morag@example.org' },
      internetMessageId: '<abc@example.org>',
      conversationId: 'conv-1',
      receivedDateTime: '2026-03-02T09:15:00Z',
      attachments: [
        { id: 'att-1', name: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from('JPEGDATA') },
        { id: 'att-2', name: 'forwarded.eml', contentType: 'message/rfc822', content: Buffer.from('x'), '@odata.type': '#microsoft.graph.itemAttachment' },
      ],
    });
    const tokens = createOnBehalfOfTokenSource({
      tenantId: cloud.tenantId,
      clientId: cloud.clientId,
      clientSecret: cloud.clientSecret,
      authorityHost: 'https://login.test',
      networkClient: redirectingNetworkClient({ 'https://login.test': cloud.origin }),
    });
    graph = createMailGraph({ tokens, baseUrl: `${cloud.origin}/v1.0` });
  });
  after(() => cloud.close());

  const user = (oid = 'user-1', expiresInSeconds = 3600) => ({ assertion: cloud.userAssertion({ oid, expiresInSeconds }) });

  it('exchanges the user assertion (OBO grant) and reads the message with the Graph token', async () => {
    const message = await graph.getMessage(user(), 'AAMkAG+/=1');
    assert.equal(message.subject, 'Bins not collected');
    assert.deepEqual(message.from, { name: 'Morag Lennox', address: 'morag@example.org' });
    assert.equal(message.internetMessageId, '<abc@example.org>');
    assert.equal(message.conversationId, 'conv-1');
    const obo = cloud.tokenRequests.at(-1)!;
    assert.equal(obo.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    assert.equal(obo.requested_token_use, 'on_behalf_of');
    assert.match(obo.scope, /Mail\.Read/);
    const graphCall = cloud.requests.find((r) => r.path === '/v1.0/me/messages/AAMkAG+/=1');
    assert.ok(graphCall, 'the message id is URL-encoded into one path segment');
    assert.match(graphCall.authorization ?? '', /^Bearer graph\./);
  });

  it('lists attachment names and sizes without their content, and fetches content only for the one asked', async () => {
    const before = cloud.requests.length;
    const list = await graph.listAttachments(user(), 'AAMkAG+/=1');
    assert.deepEqual(list.map((a) => [a.name, a.size, a.kind]), [['photo.jpg', 8, 'file'], ['forwarded.eml', 1, 'item']]);
    const content = await graph.getAttachmentContent(user(), 'AAMkAG+/=1', 'att-1');
    assert.equal(content.content.toString(), 'JPEGDATA');
    const paths = cloud.requests.slice(before).map((r) => r.path).filter((p) => p.startsWith('/v1.0'));
    assert.deepEqual(paths, ['/v1.0/me/messages/AAMkAG+/=1/attachments', '/v1.0/me/messages/AAMkAG+/=1/attachments/att-1']);
    await assert.rejects(graph.getAttachmentContent(user(), 'AAMkAG+/=1', 'att-2'), (e: GraphAccessError) => e.code === 'attachment-not-a-file');
  });

  it('an expired assertion (AADSTS500133) becomes a 401 asking the person to sign in again', async () => {
    await assert.rejects(graph.getMessage(user('user-2', -600), 'AAMkAG+/=1'), (error: unknown) => {
      assert.ok(error instanceof GraphAccessError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'sign-in-expired');
      assert.match(error.message, /sign in again/);
      assert.doesNotMatch(error.message, /AADSTS/, 'raw identity texts stay in the log');
      return true;
    });
  });

  it('a wrong client secret (invalid_client) is a 502 for the administrator, not the user’s fault', async () => {
    const badTokens = createOnBehalfOfTokenSource({
      tenantId: cloud.tenantId, clientId: cloud.clientId, clientSecret: 'wrong', authorityHost: 'https://login.test',
      networkClient: redirectingNetworkClient({ 'https://login.test': cloud.origin }),
    });
    await assert.rejects(badTokens.graphTokenFor(cloud.userAssertion({ oid: 'user-3', expiresInSeconds: 600 })), (e: GraphAccessError) => e.status === 502 && /administrator/.test(e.message));
  });

  it('honours Retry-After on a Graph 429: waits at least that long, then succeeds', async () => {
    cloud.throttle(1, 1);
    const started = Date.now();
    const message = await graph.getMessage(user(), 'AAMkAG+/=1');
    assert.equal(message.id, 'AAMkAG+/=1');
    const calls = cloud.requests.filter((r) => r.path === '/v1.0/me/messages/AAMkAG+/=1' && r.at >= started);
    assert.equal(calls.length, 2, 'one throttled call, one retry');
    assert.ok(calls[1].at - calls[0].at >= 1000, `retried after ${calls[1].at - calls[0].at} ms, Retry-After was 1 s`);
  });

  it('a message Graph cannot find is a 404 in words', async () => {
    await assert.rejects(graph.getMessage(user(), 'missing'), (e: GraphAccessError) => e.status === 404 && /moved or deleted/.test(e.message));
  });
});

describe('email HTML', () => {
  it('strips scripts, event handlers and remote images before the HTML can reach a page', () => {
    const clean = sanitizeEmailHtml('<p onclick="x()">Hi <b>there</b></p><script>alert(1)</script><img src="https://t.example/p.gif" onerror="alert(2)"><a href="javascript:alert(3)">x</a>');
    assert.equal(clean.includes('<script'), false);
    assert.equal(/onerror|onclick|javascript:|<img/i.test(clean), false, clean);
    assert.match(clean, /<p>Hi <b>there<\/b><\/p>/);
  });

  it('turns an HTML body into text for the nature of the complaint', () => {
    assert.equal(emailBodyToText({ contentType: 'html', content: '<p>Line one</p><p>Line &amp; two<br>three</p><script>evil()</script>' }), 'Line one\nLine & two\nthree');
  });
});
