import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCosmos } from '../../store/embedded';
import { ALL_SCOPE, sampleCase, startFixture, stopFixture, type StoreFixture } from './helpers';

describe('store: durability of the embedded server', function () {
  this.timeout(120_000);
  let f: StoreFixture | undefined;
  afterEach(async () => {
    await stopFixture(f);
    f = undefined;
  });

  it('keeps data, ETags and counters across restarts (journal replay, then snapshot + journal)', async () => {
    f = await startFixture();
    const { dataDir } = f;
    await f.store.cases.create(sampleCase('org-d', 'CHP-2026-000001'));
    await f.store.references.next('org-d', 2026);
    const { etag } = await f.store.containers.cases.item('CHP-2026-000001', 'org-d').read();
    await f.store.cases.remove('org-d', 'CHP-2026-000001');
    await f.store.cases.create(sampleCase('org-d', 'CHP-2026-000002'));
    const etag2 = (await f.store.containers.cases.item('CHP-2026-000002', 'org-d').read()).etag;
    assert.ok(etag);
    await stopFixture(f, false);

    f = await startFixture(dataDir);
    assert.equal(await f.store.cases.get('org-d', 'CHP-2026-000001'), undefined, 'a delete is durable too');
    assert.equal((await f.store.containers.cases.item('CHP-2026-000002', 'org-d').read()).etag, etag2, 'the same ETag after replay');
    assert.ok(fs.existsSync(path.join(dataDir, 'snapshot.json')), 'replay compacts into a snapshot');
    assert.equal(fs.statSync(path.join(dataDir, 'journal.ndjson')).size, 0);
    await f.store.cases.create(sampleCase('org-d', 'CHP-2026-000003'));
    await stopFixture(f, false);

    f = await startFixture(dataDir);
    const { items } = await f.store.cases.list('org-d', { scope: ALL_SCOPE, limit: 10, sort: 'reference' });
    assert.deepEqual(items.map((c) => c.reference), ['CHP-2026-000002', 'CHP-2026-000003']);
    assert.equal(await f.store.references.next('org-d', 2026), 'CHP-2026-000002', 'the counter continues');
  });

  it('drops a torn last journal line (a crash mid-append) and keeps everything before it', async () => {
    f = await startFixture();
    const { dataDir } = f;
    await f.store.cases.create(sampleCase('org-t', 'CHP-2026-000001'));
    await stopFixture(f, false);
    fs.appendFileSync(path.join(dataDir, 'journal.ndjson'), '{"seq":99,"effects":[{"t":"doc","db":"chp-te');
    f = await startFixture(dataDir);
    assert.ok(await f.store.cases.get('org-t', 'CHP-2026-000001'));
    await f.store.cases.create(sampleCase('org-t', 'CHP-2026-000002'));
    await stopFixture(f, false);
    f = await startFixture(dataDir);
    assert.ok(await f.store.cases.get('org-t', 'CHP-2026-000002'), 'appends after the cut are read back');
  });

  it('refuses a data dir another live process serves', async () => {
    f = await startFixture();
    fs.writeFileSync(path.join(f.dataDir, 'server.json'), JSON.stringify({ pid: process.ppid, endpoint: 'https://127.0.0.1:1/' }));
    await assert.rejects(startEmbeddedCosmos({ dataDir: f.dataDir }), /already served by process/);
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL mid-burst', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-burst-'));
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'burst-writer.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
        if (acknowledged.length >= 300 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited early (${code}): ${stderr}`))));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));

    f = await startFixture(dataDir);
    const stored = new Set<string>();
    let continuation: string | undefined;
    do {
      const page = await f.store.cases.list('org-burst', { scope: ALL_SCOPE, limit: 200, continuation, sort: 'reference' });
      page.items.forEach((c) => stored.add(c.reference));
      continuation = page.continuation;
    } while (continuation);
    const missing = acknowledged.filter((r) => !stored.has(r));
    assert.deepEqual(missing, [], 'every acknowledged write survived');
    assert.ok(stored.size >= acknowledged.length && stored.size <= acknowledged.length + 8, `at most the writes in flight are extra (${stored.size} vs ${acknowledged.length})`);
  });
});
