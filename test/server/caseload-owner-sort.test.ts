import assert from 'node:assert/strict';
import { call, Harness } from './harness';

type Row = { reference: string; owner?: { userId: string; displayName: string } };
type Page = { items: Row[]; total: number; continuation?: string };
type Plan = { actions: string[]; next?: string; everyday: string[]; more: { action: string; confirm: string }[]; notOffered: { action: string; reason: string }[] };

describe('server: the caseload sorted by owner, and the layout of case actions', function () {
  this.timeout(90_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    base = await h.app();
  });
  after(() => h.stop());

  async function everyPage(path: string): Promise<{ rows: Row[]; total: number; pages: number }> {
    const rows: Row[] = [];
    let continuation: string | undefined;
    let pages = 0;
    let total = 0;
    do {
      const res = await call<Page>(base, 'GET', `${path}${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`, { as: 'demo-director' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      rows.push(...res.body.items);
      total = res.body.total;
      continuation = res.body.continuation;
      pages += 1;
      assert.ok(res.body.items.length > 0, `page ${pages} is not empty`);
    } while (continuation && pages < 100);
    return { rows, total, pages };
  }

  it('orders rows by the owner’s name (unassigned first), across pages, every case once', async () => {
    const { rows, total, pages } = await everyPage('/api/caseload?view=all&sort=owner&limit=4');
    assert.ok(pages > 3, `several pages (${pages})`);
    assert.equal(rows.length, total, 'every case of the list');
    assert.equal(new Set(rows.map((r) => r.reference)).size, rows.length, 'no case twice');
    const names = rows.map((r) => r.owner?.displayName ?? '');
    const firstNamed = names.findIndex((n) => n !== '');
    assert.ok(names.slice(firstNamed).every((n) => n !== ''), 'unassigned cases come first');
    for (let i = firstNamed + 1; i < names.length; i += 1) assert.ok(names[i - 1].localeCompare(names[i]) <= 0, `"${names[i - 1]}" before "${names[i]}" (row ${i})`);
    // The demo's ids do not sort as their names do, so ordering by id would fail the check above.
    const owners = [...new Set(rows.filter((r) => r.owner).map((r) => r.owner as { userId: string; displayName: string }))];
    const byId = [...owners].sort((a, b) => a.userId.localeCompare(b.userId)).map((o) => o.displayName);
    const byName = [...owners].map((o) => o.displayName).sort((a, b) => a.localeCompare(b));
    assert.notDeepEqual(byId, byName, 'the demo owners’ ids and names sort differently');
  });

  it('refuses a continuation token it did not write', async () => {
    for (const token of ['owner.bm9wZQ', 'owner.' + Buffer.from(JSON.stringify({ s: 999 })).toString('base64url'), 'garbage']) {
      const res = await call<{ status: number; detail: string }>(base, 'GET', `/api/caseload?view=all&sort=owner&limit=4&continuation=${encodeURIComponent(token)}`, { as: 'demo-director' });
      assert.equal(res.status, 400, token);
      assert.match(res.body.detail, /start again from the first page/);
    }
  });

  it('lays out the actions: the next step, rare ones with a question, and why a needed step is not offered', async () => {
    const open = await call<Page>(base, 'GET', '/api/caseload?view=all&status=stage1&limit=50', { as: 'demo-director' });
    const target = open.body.items.find((r) => r.owner?.userId !== 'demo-complaints-manager');
    assert.ok(target, 'an open stage 1 case');
    const director = await call<Plan>(base, 'GET', `/api/cases/${target.reference}/available-actions`, { as: 'demo-director' });
    assert.equal(director.body.next, 'close-stage1');
    assert.deepEqual(director.body.more.map((m) => m.action).sort(), ['mark-not-a-complaint', 'set-legal-hold', 'withdraw']);
    assert.ok(director.body.more.every((m) => m.confirm.includes(target.reference) && m.confirm.includes('?')));
    const manager = await call<Plan>(base, 'GET', `/api/cases/${target.reference}/available-actions`, { as: 'demo-complaints-manager' });
    assert.equal(manager.body.next, undefined);
    assert.match(manager.body.notOffered.find((n) => n.action === 'close-stage1')?.reason ?? '', /^Your role, Complaints manager, does not let you close stage 1; an administrator can change this under Roles\.$/);
    assert.match(manager.body.notOffered.find((n) => n.action === 'escalate')?.reason ?? '', /does not let you escalate complaints to stage 2/);
  });
});
