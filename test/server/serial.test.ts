import assert from 'node:assert/strict';
import { ReferenceBlocks } from '../../server/serial';

/** A counter like the store's: each reservation advances it by `size`; counts the round trips. */
function counter() {
  const state = { last: new Map<string, number>(), reservations: 0, fail: false };
  const reserve = async (orgId: string, year: number, size: number): Promise<string[]> => {
    await new Promise((resolve) => setImmediate(resolve));
    if (state.fail) throw new Error('store unreachable');
    state.reservations += 1;
    const key = `${orgId}/${year}`;
    const last = (state.last.get(key) ?? 0) + size;
    state.last.set(key, last);
    return Array.from({ length: size }, (_, i) => `${year}-${last - size + 1 + i}`);
  };
  return { state, reserve };
}

describe('server: ReferenceBlocks (reference numbers from blocks reserved per process)', () => {
  it('hands out unique numbers to 45 creates at once with one reservation per block of 20', async () => {
    const { state, reserve } = counter();
    const blocks = new ReferenceBlocks(reserve, 20);
    const refs = await Promise.all(Array.from({ length: 45 }, () => blocks.take('org-a', 2026)));
    assert.equal(new Set(refs).size, 45);
    assert.deepEqual([...refs].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5))), Array.from({ length: 45 }, (_, i) => `2026-${i + 1}`));
    assert.equal(state.reservations, 3, '45 numbers need 3 blocks of 20');
    assert.equal(await blocks.take('org-b', 2026), '2026-1', 'organisations have their own counters');
  });

  it('two processes never hand out the same number; a discarded block leaves a gap', async () => {
    const { reserve } = counter();
    const a = new ReferenceBlocks(reserve, 5);
    const b = new ReferenceBlocks(reserve, 5);
    const refs = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take('org', 2026)));
    assert.equal(new Set(refs).size, 12);
    a.discard('org', 2026);
    const after = await a.take('org', 2026);
    assert.ok(!refs.includes(after));
    assert.ok(Number(after.slice(5)) > 12, 'a fresh block starts after every block reserved so far');
  });

  it('passes a failed reservation to the callers waiting for it and recovers on the next take', async () => {
    const { state, reserve } = counter();
    const blocks = new ReferenceBlocks(reserve, 3);
    state.fail = true;
    await assert.rejects(Promise.all([blocks.take('k', 2026), blocks.take('k', 2026)]), /store unreachable/);
    state.fail = false;
    assert.equal(await blocks.take('k', 2026), '2026-1');
  });
});
