/**
 * GET /api/cases/{ref}/documents[/{id}] over real HTTP, documents in real Azurite: only people who can
 * see the case get them, and a download is always a file to save (attachment, cleaned name, nosniff,
 * sandbox), never a page the browser would run.
 */
import assert from 'node:assert/strict';
import type { Case } from '../../core/types';
import { startTestDocuments, type TestDocuments } from '../support/documents';
import { call, Harness, TENANT_B } from './harness';

type Page = { items: Case[] };

describe('server: case documents (download only through the case’s permissions)', function () {
  this.timeout(120_000);
  const harness = new Harness();
  let t: TestDocuments;
  let base: string;
  let visibleRef: string;
  let hiddenRef: string;
  let letterId: string;
  let pageId: string;
  const letter = Buffer.from('%PDF-1.7 the council’s response');
  const page = Buffer.from('<html><script>fetch("/api/me")</script></html>');

  before(async () => {
    await harness.start({ history: false });
    t = await startTestDocuments();
    base = await harness.app({ documents: t.documents });
    const mine = await call<Page>(base, 'GET', '/api/cases?limit=100', { as: 'demo-handler' });
    const all = await call<Page>(base, 'GET', '/api/cases?limit=100', { as: 'demo-director' });
    visibleRef = mine.body.items[0].reference;
    const seen = new Set(mine.body.items.map((c) => c.reference));
    hiddenRef = all.body.items.find((c) => !seen.has(c.reference))!.reference;
    letterId = (await t.documents.put('glenmore', visibleRef, 'Response to Mr O’Neill: “final”.pdf', 'application/pdf', letter)).id;
    pageId = (await t.documents.put('glenmore', visibleRef, '../../evil\r\nSet-Cookie: x=1.html', 'text/html', page)).id;
    await t.documents.put('glenmore', hiddenRef, 'social-work-report.pdf', 'application/pdf', Buffer.from('confidential'));
  });
  after(async () => {
    await harness.stop();
    await t?.close();
  });

  it('lists and downloads a document of a case the person can see, as a file to save', async () => {
    const list = await call<{ documents: { id: string; name: string; size: number }[] }>(base, 'GET', `/api/cases/${visibleRef}/documents`, { as: 'demo-handler' });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.documents.map((d) => d.id).sort(), [letterId, pageId].sort());
    const response = await fetch(`${base}/api/cases/${visibleRef}/documents/${letterId}`, { headers: { 'X-Dev-User': 'demo-handler' } });
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), letter);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const disposition = response.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment; filename="Response to Mr O\?Neill_ \?final\?\.pdf"; filename\*=UTF-8''Response%20to%20Mr%20O%E2%80%99Neill_%20%E2%80%9Cfinal%E2%80%9D\.pdf$/);
  });

  it('never serves HTML as a page: plain bytes, a cleaned name with no folders or header breaks', async () => {
    const response = await fetch(`${base}/api/cases/${visibleRef}/documents/${pageId}`, { headers: { 'X-Dev-User': 'demo-handler' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('set-cookie'), null);
    const disposition = response.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment; filename="_\.\._evil Set-Cookie_ x=1\.html"$/);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), page);
  });

  it('answers 404 alike for a case the person cannot see, another organisation’s case and a missing document', async () => {
    const hiddenList = await call(base, 'GET', `/api/cases/${hiddenRef}/documents`, { as: 'demo-handler' });
    assert.equal(hiddenList.status, 404);
    const hiddenIds = (await t.documents.list('glenmore', hiddenRef)).map((d) => d.id);
    const hidden = await call(base, 'GET', `/api/cases/${hiddenRef}/documents/${hiddenIds[0]}`, { as: 'demo-handler' });
    assert.equal(hidden.status, 404);
    assert.doesNotMatch(JSON.stringify(hidden.body), /confidential|social-work/);
    assert.equal((await call(base, 'GET', `/api/cases/${hiddenRef}/documents/${hiddenIds[0]}`, { as: 'demo-director' })).status, 200, 'someone who can see it can');
    const otherOrg = await call(base, 'GET', `/api/cases/${visibleRef}/documents/${letterId}`, { token: await harness.token({ tid: TENANT_B, oid: 'rha-manager' }) });
    assert.equal(otherOrg.status, 404, 'another organisation’s manager');
    const missing = await call<{ detail: string }>(base, 'GET', `/api/cases/${visibleRef}/documents/${'0'.repeat(64)}`, { as: 'demo-handler' });
    assert.equal(missing.status, 404);
    assert.match(missing.body.detail, /has no document/);
  });

  it('refuses the unsigned-in and malformed ids, and says when storage is missing', async () => {
    assert.equal((await call(base, 'GET', `/api/cases/${visibleRef}/documents/${letterId}`)).status, 401);
    const bad = await call<{ errors?: unknown[] }>(base, 'GET', `/api/cases/${visibleRef}/documents/..%2F..%2Fetc`, { as: 'demo-handler' });
    assert.equal(bad.status, 400);
    const without = await harness.app();
    const unavailable = await call<{ detail: string }>(without, 'GET', `/api/cases/${visibleRef}/documents`, { as: 'demo-handler' });
    assert.equal(unavailable.status, 503);
    assert.match(unavailable.body.detail, /BLOB_ACCOUNT_URL/);
  });
});
