/**
 * `chp migrate-attachments` moves the attachment files earlier versions kept on disk into document
 * storage (real Azurite), with the names the cases' timelines recorded; checks each file, reads it
 * back before deleting it, and is safe to run again (also after a run that stopped half-way).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../store/embedded';
import { openStore, type Store } from '../../store/index';
import { connectDocumentsFromEnv, type DocumentConnection } from '../../store/documents-connect';
import { sampleCase } from '../store/helpers';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('cli: chp migrate-attachments (files on disk → Blob Storage)', function () {
  this.timeout(120_000);
  const saved = { ...process.env };
  let dir: string;
  let dataDir: string;
  let cosmos: EmbeddedCosmos;
  let store: Store;
  let blobs: DocumentConnection;
  const photo = Buffer.from('JPEG photo of the overflowing bins');
  const letter = Buffer.from('%PDF letter from the customer');
  const orphan = Buffer.from('attachment of a case no longer in the store');
  const attachments = () => path.join(dataDir, 'attachments');
  const put = (org: string, ref: string, name: string, bytes: Buffer) => {
    fs.mkdirSync(path.join(attachments(), org, ref), { recursive: true });
    fs.writeFileSync(path.join(attachments(), org, ref, name), bytes);
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-migrate-'));
    dataDir = path.join(dir, 'data');
    delete process.env.COSMOS_ENDPOINT;
    delete process.env.COSMOS_KEY;
    delete process.env.BLOB_ACCOUNT_URL;
    process.env.CHP_DATA_DIR = dataDir;
    // Servers already running on the data dir, as with `npm start`: the command attaches to both.
    cosmos = await startEmbeddedCosmos({ dataDir });
    store = await openStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, databaseId: 'chp' });
    blobs = await connectDocumentsFromEnv({ CHP_DATA_DIR: dataDir }, dir, { embedded: 'in-process' });
    await store.cases.create(
      sampleCase('glenmore', 'CHP-2026-000001', {
        events: [
          { id: 'log-1', at: '2026-03-02T09:15:00Z', by: 'u-logger', type: 'logged', summary: 'Logged' },
          {
            id: 'copy-1', at: '2026-03-02T09:20:00Z', by: 'u-logger', type: 'attachments-copied', summary: 'Attachments copied',
            after: { attachmentsCopied: [{ name: 'bins.jpg', size: photo.length, sha256: sha(photo) }, { name: 'Letter.PDF', size: letter.length, sha256: sha(letter) }] },
          },
        ],
      }),
    );
    put('glenmore', 'CHP-2026-000001', sha(photo), photo);
    put('glenmore', 'CHP-2026-000001', sha(letter), letter);
    put('glenmore', 'CHP-2026-000099', sha(orphan), orphan);
    put('glenmore', 'CHP-2026-000001', 'notes.txt', Buffer.from('someone’s notes'));
    put('glenmore', 'CHP-2026-000001', sha(Buffer.from('what it was')), Buffer.from('what it became'));
  });
  after(async () => {
    process.env = saved;
    await blobs?.close();
    await store?.close();
    await cosmos?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function chp(...argv: string[]): Promise<{ code: number; out: Record<string, unknown>; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
    return { code, out: out ? (JSON.parse(out) as Record<string, unknown>) : {}, err };
  }

  it('with --dry-run says what would move and changes nothing', async () => {
    const run = await chp('migrate-attachments', '--dry-run');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out.moved, 3);
    assert.equal(run.out.removedFromDisk, 0);
    assert.deepEqual(await blobs.documents.list('glenmore', 'CHP-2026-000001'), []);
    assert.ok(fs.existsSync(path.join(attachments(), 'glenmore', 'CHP-2026-000001', sha(photo))));
  });

  it('moves each good file under its case with its recorded name, leaves the rest in place with a reason', async () => {
    const run = await chp('migrate-attachments');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out.files, 5);
    assert.equal(run.out.moved, 3);
    assert.equal(run.out.removedFromDisk, 3);
    assert.match(String(run.out.documents), /Azurite/);
    const skipped = run.out.skipped as { file: string; reason: string }[];
    assert.deepEqual(skipped.map((s) => s.file).sort(), [path.join('glenmore', 'CHP-2026-000001', sha(Buffer.from('what it was'))), path.join('glenmore', 'CHP-2026-000001', 'notes.txt')].sort());
    assert.ok(skipped.every((s) => /left in place/.test(s.reason)));
    assert.match(run.err, /moved glenmore\/CHP-2026-000001\/[0-9a-f]{64} \(bins\.jpg, 34 bytes\)/);

    const kept = await blobs.documents.list('glenmore', 'CHP-2026-000001');
    assert.deepEqual(kept.map((d) => [d.name, d.contentType, d.id]).sort(), [['Letter.PDF', 'application/pdf', sha(letter)], ['bins.jpg', 'image/jpeg', sha(photo)]].sort());
    assert.deepEqual((await blobs.documents.get('glenmore', 'CHP-2026-000001', sha(photo)))?.content, photo);
    const [lost] = await blobs.documents.list('glenmore', 'CHP-2026-000099');
    assert.equal(lost.name, `${sha(orphan).slice(0, 12)}.bin`, 'a case not in the store still keeps its file, under a name from its hash');
    assert.equal(fs.existsSync(path.join(attachments(), 'glenmore', 'CHP-2026-000099')), false, 'emptied folders are removed');
    assert.deepEqual(fs.readdirSync(path.join(attachments(), 'glenmore', 'CHP-2026-000001')).length, 2);
  });

  it('is safe to run again, and finishes a run that copied without deleting', async () => {
    const again = await chp('migrate-attachments');
    assert.equal(again.code, 0, again.err);
    assert.deepEqual([again.out.files, again.out.moved, again.out.alreadyThere, (again.out.skipped as unknown[]).length], [2, 0, 0, 2]);

    const late = Buffer.from('a reply’s attachment');
    put('glenmore', 'CHP-2026-000002', sha(late), late);
    const keep = await chp('migrate-attachments', '--keep');
    assert.deepEqual([keep.out.moved, keep.out.removedFromDisk], [1, 0]);
    assert.ok(fs.existsSync(path.join(attachments(), 'glenmore', 'CHP-2026-000002', sha(late))));
    const finish = await chp('migrate-attachments');
    assert.deepEqual([finish.out.moved, finish.out.alreadyThere, finish.out.removedFromDisk], [0, 1, 1]);
    assert.equal(fs.existsSync(path.join(attachments(), 'glenmore', 'CHP-2026-000002')), false);
    assert.equal((await blobs.documents.list('glenmore', 'CHP-2026-000002')).length, 1);
  });

  it('refuses a --from that is a file', async () => {
    fs.writeFileSync(path.join(dir, 'a-file'), 'x');
    const run = await chp('migrate-attachments', '--from', 'a-file');
    assert.equal(run.code, 1);
    assert.match(run.err, /is a file, not a folder/);
  });
});
