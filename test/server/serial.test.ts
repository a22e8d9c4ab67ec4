import assert from 'node:assert/strict';
import { SerialQueue } from '../../server/serial';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('server: SerialQueue (reference numbers taken one at a time per organisation)', () => {
  it('runs tasks of one key one after another, in order, and other keys alongside', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([queue.run('a', task('a1')), queue.run('a', task('a2')), queue.run('a', task('a3'))]);
    assert.deepEqual(results, ['a1', 'a2', 'a3']);
    assert.equal(most, 1);
    assert.deepEqual(log, ['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    most = 0;
    await Promise.all([queue.run('a', task('x')), queue.run('b', task('y'))]);
    assert.equal(most, 2);
  });

  it('passes a failure to its caller only and carries on with the next task', async () => {
    const queue = new SerialQueue();
    const failed = queue.run('k', async () => {
      throw new Error('store unreachable');
    });
    const next = queue.run('k', async () => 'second');
    await assert.rejects(failed, /store unreachable/);
    assert.equal(await next, 'second');
  });
});
