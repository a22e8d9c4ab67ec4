import assert from 'node:assert/strict';
import { ConflictError, NotFoundError } from '../../store/index';
import { ok, refuse } from '../../core/errors';
import type { Case } from '../../core/types';
import type { Item } from '@azure/cosmos';
import { caseRepository } from '../../store/cases';
import { ALL_SCOPE, sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

describe('store: cases', function () {
  this.timeout(60_000);
  let f: StoreFixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => stopFixture(f));

  it('creates, reads and returns undefined for a missing case', async () => {
    const c = sampleCase('org-crud', 'CHP-2026-000001');
    const { case: stored, created } = await f.store.cases.create(c);
    assert.equal(created, true);
    assert.deepEqual(stored, c);
    assert.deepEqual(await f.store.cases.get('org-crud', c.reference), c);
    assert.equal(await f.store.cases.get('org-crud', 'CHP-2026-999999'), undefined);
    assert.equal(await f.store.cases.get('other-org', c.reference), undefined, 'another organisation cannot read it');
  });

  it('updates with the change function and keeps the audit events in the same document', async () => {
    const ref = 'CHP-2026-000002';
    await f.store.cases.create(sampleCase('org-crud', ref));
    const result = await f.store.cases.update('org-crud', ref, (current) =>
      ok({ case: { ...current, owner: 'u-new', events: [...current.events, { id: 'a1', at: '2026-03-03T10:00:00Z', by: 'u-mgr', type: 'assigned' as const, summary: 'Assigned' }] }, note: 'x' }),
    );
    assert.ok(result.ok);
    assert.equal(result.value.note, 'x');
    const reread = await f.store.cases.get('org-crud', ref);
    assert.equal(reread?.owner, 'u-new');
    assert.deepEqual(reread?.events.map((e) => e.id), [`log-${ref}`, 'a1']);
  });

  it('passes a refusal through without writing, and throws NotFoundError for a missing case', async () => {
    const ref = 'CHP-2026-000003';
    await f.store.cases.create(sampleCase('org-crud', ref));
    const refused = await f.store.cases.update('org-crud', ref, () => refuse('not-allowed-now', 'No.'));
    assert.equal(refused.ok, false);
    assert.equal((await f.store.cases.get('org-crud', ref))?.owner, 'u-handler');
    await assert.rejects(f.store.cases.update('org-crud', 'CHP-2026-999998', (c) => ok({ case: c })), NotFoundError);
  });

  it('lets one of two concurrent writers win and retries the loser on the fresh copy', async () => {
    const ref = 'CHP-2026-000004';
    await f.store.cases.create(sampleCase('org-crud', ref));
    const addEvent = (id: string) => (current: Case) => ok({ case: { ...current, events: [...current.events, { id, at: '2026-03-03T10:00:00Z', by: id, type: 'updated' as const, summary: id }] } });
    const [a, b] = await Promise.all([f.store.cases.update('org-crud', ref, addEvent('writer-a')), f.store.cases.update('org-crud', ref, addEvent('writer-b'))]);
    assert.ok(a.ok && b.ok);
    const events = (await f.store.cases.get('org-crud', ref))?.events.map((e) => e.id) ?? [];
    assert.ok(events.includes('writer-a') && events.includes('writer-b'), `both writes survive: ${events.join(',')}`);
  });

  it('gives up with ConflictError after 6 attempts when every replace is stale', async () => {
    const ref = 'CHP-2026-000006';
    await f.store.cases.create(sampleCase('org-crud', ref));
    // A repository over the real container whose replaces are each preceded by a competing write of
    // the same case: the ETag the repository read is always stale when its replace arrives.
    const real = f.store.containers.cases;
    let competitors = 0;
    const interleaving = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'item') return Reflect.get(target, prop, receiver);
        return (id: string, pk: string) => {
          const item = target.item(id, pk);
          return Object.assign(Object.create(item) as Item, {
            replace: async (body: object, options: object) => {
              competitors += 1;
              const { resource } = await item.read();
              await target.items.upsert({ ...resource, nature: `competitor ${competitors}` });
              return item.replace(body, options);
            },
          });
        };
      },
    });
    let attempts = 0;
    await assert.rejects(
      caseRepository(interleaving).update('org-crud', ref, (current) => {
        attempts += 1;
        return ok({ case: { ...current, nature: 'mine' } });
      }),
      ConflictError,
    );
    assert.equal(attempts, 6);
    assert.equal((await f.store.cases.get('org-crud', ref))?.nature, 'competitor 6');
  });

  it('returns the existing case for the same reference or the same source message (created:false)', async () => {
    const source = { kind: 'email' as const, messageId: 'AAMkAGI2/TG+x==', internetMessageId: '<abc@mail.example.org>' };
    const first = await f.store.cases.create(sampleCase('org-idem', 'CHP-2026-000010', { source }));
    assert.equal(first.created, true);
    const sameRef = await f.store.cases.create(sampleCase('org-idem', 'CHP-2026-000010', { nature: 'different' }));
    assert.deepEqual([sameRef.created, sameRef.case.nature], [false, first.case.nature]);
    const sameMessage = await f.store.cases.create(sampleCase('org-idem', 'CHP-2026-000011', { source: { kind: 'email', messageId: source.messageId } }));
    assert.deepEqual([sameMessage.created, sameMessage.case.reference], [false, 'CHP-2026-000010']);
    const sameInternetId = await f.store.cases.create(sampleCase('org-idem', 'CHP-2026-000012', { source: { kind: 'email', messageId: 'other', internetMessageId: source.internetMessageId } }));
    assert.deepEqual([sameInternetId.created, sameInternetId.case.reference], [false, 'CHP-2026-000010']);
    // Relies on atomic transactional batches: native in Azure, emulated by store/embedded.ts (the package ignores the flag).
    assert.equal(await f.store.cases.get('org-idem', 'CHP-2026-000012'), undefined, 'the losing create left no case behind');
    assert.equal((await f.store.cases.findBySource('org-idem', { messageId: 'other' })), undefined, 'nor a claim for its other message id');
    assert.equal((await f.store.cases.findBySource('org-idem', { internetMessageId: source.internetMessageId }))?.reference, 'CHP-2026-000010');
  });

  it('turns 20 parallel creates of the same message into one case', async () => {
    const source = { kind: 'chat' as const, messageId: '1732590000000' };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => f.store.cases.create(sampleCase('org-race', `CHP-2026-${String(100 + i).padStart(6, '0')}`, { source }))),
    );
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.case.reference)).size, 1);
    const all = await f.store.cases.list('org-race', { scope: ALL_SCOPE, limit: 100 });
    assert.equal(all.items.length, 1);
  });

  it('removes a case together with its source claims', async () => {
    const source = { kind: 'email' as const, messageId: 'to-remove' };
    await f.store.cases.create(sampleCase('org-rm', 'CHP-2026-000001', { source }));
    assert.equal(await f.store.cases.remove('org-rm', 'CHP-2026-000001'), true);
    assert.equal(await f.store.cases.get('org-rm', 'CHP-2026-000001'), undefined);
    assert.equal(await f.store.cases.findBySource('org-rm', { messageId: 'to-remove' }), undefined);
    assert.equal((await f.store.cases.create(sampleCase('org-rm', 'CHP-2026-000002', { source }))).created, true, 'the message may be logged again');
    assert.equal(await f.store.cases.remove('org-rm', 'CHP-2026-000001'), false);
  });
});
