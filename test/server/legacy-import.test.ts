/**
 * The import of a previous system's export through the API (what the tab's "Import history" page
 * calls), over real HTTP into the express app on the embedded store: upload and preview, a saved
 * mapping, a dry run and the import as polled jobs, a re-run that creates nothing twice — and every
 * refusal: not an administrator, not a CSV file, too big, malformed CSV, not UTF-8, an unknown
 * mapping target, an unknown value (nothing written).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { MAX_IMPORT_BYTES } from '../../server/routes/legacy-import';
import { EXPORT_FILE, MAPPING_FILE } from '../fixtures/legacy-export';
import { Harness, NOW } from './harness';

type Json = Record<string, unknown>;

describe('API: importing history from a previous system (administrators)', function () {
  this.timeout(180_000);
  const h = new Harness();
  let base = '';
  const exportText = fs.readFileSync(EXPORT_FILE, 'utf8');
  const mapping = JSON.parse(fs.readFileSync(MAPPING_FILE, 'utf8')) as { columns: Record<string, string | null>; values: Record<string, Record<string, string | number>> };

  before(async () => {
    await h.start({ history: false });
    base = await h.app();
  });
  after(() => h.stop());

  const upload = (body: string | Buffer, options: { user?: string; name?: string; type?: string } = {}) =>
    fetch(`${base}/api/import/uploads`, {
      method: 'POST',
      headers: { 'X-Dev-User': options.user ?? 'demo-admin', 'Content-Type': options.type ?? 'text/csv', 'X-File-Name': encodeURIComponent(options.name ?? 'icasework export.csv') },
      body,
    });
  const send = (method: string, path: string, body?: unknown, user = 'demo-admin') =>
    fetch(`${base}/api/import${path}`, { method, headers: { 'X-Dev-User': user, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

  async function runJob(uploadId: string, dryRun: boolean, withMapping: unknown = mapping): Promise<Json> {
    const started = await send('POST', '/jobs', { uploadId, mapping: withMapping, dryRun });
    assert.equal(started.status, 202, await started.clone().text());
    let job = (await started.json()) as Json;
    assert.equal(started.headers.get('location'), `/api/import/jobs/${job.jobId as string}`);
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await (await send('GET', `/jobs/${job.jobId as string}`)).json()) as Json;
    }
    return job;
  }

  const importedCount = async () => (await h.store.cases.legacyReferences('glenmore')).size;

  it('previews the upload: columns, first rows, each column’s values', async () => {
    const res = await upload(exportText);
    assert.equal(res.status, 201, await res.clone().text());
    const preview = (await res.json()) as { uploadId: string; fileName: string; columns: string[]; rows: string[][]; rowCount: number; values: Record<string, { distinct: number; top: { value: string; count: number }[] }> };
    assert.equal(preview.fileName, 'icasework export.csv');
    assert.equal(preview.columns[0], 'Case Reference');
    assert.equal(preview.rowCount, 11);
    assert.equal(preview.rows[0][0], 'COR000101');
    assert.deepEqual(preview.values.Stage.top.map((v) => v.value).sort(), ['Frontline', 'Investigation']);
    const fields = (await (await send('GET', '/fields')).json()) as { fields: { id: string; required: boolean }[]; values: { service: string[]; staff_member: { userId: string }[] } };
    assert.ok(fields.fields.some((f) => f.id === 'legacy_reference' && f.required));
    assert.ok(fields.values.service.includes('Waste and Recycling'));
    assert.ok(fields.values.staff_member.some((s) => s.userId === 'demo-handler'));
  });

  it('lists every unknown value in a dry run, and an import with one writes nothing', async () => {
    const { uploadId } = (await (await upload(exportText)).json()) as { uploadId: string };
    const partial = structuredClone(mapping);
    delete partial.values.service.Libraries;
    const dry = await runJob(uploadId, true, partial);
    assert.equal(dry.state, 'finished', String(dry.error));
    const summary = dry.summary as Json;
    assert.deepEqual(summary.unknownValues, { 'Service Area': { Libraries: 2 } });
    assert.equal(summary.refusedCount, 2);
    assert.ok((summary.refused as { row: number; column: string; message: string }[]).every((r) => r.column === 'Service Area' && /"Libraries" is not in the mapping's values.service/.test(r.message)));
    const real = await runJob(uploadId, false, partial);
    assert.equal(real.state, 'failed');
    assert.match(String(real.error), /Nothing was imported: 2 problem\(s\)/);
    assert.equal(await importedCount(), 0, 'nothing was written');
  });

  it('saves the mapping, runs the dry run and the import as jobs, and a re-run creates nothing twice', async () => {
    const saved = await send('PUT', '/mappings/icasework', { mapping });
    assert.equal(saved.status, 200, await saved.clone().text());
    assert.deepEqual(((await (await send('GET', '/mappings')).json()) as Json).names, ['icasework']);
    const loaded = (await (await send('GET', '/mappings/icasework')).json()) as { mapping: typeof mapping };
    assert.deepEqual(loaded.mapping.columns, mapping.columns);

    const { uploadId } = (await (await upload(exportText)).json()) as { uploadId: string };
    const dry = await runJob(uploadId, true, loaded.mapping);
    assert.equal(dry.state, 'finished', String(dry.error));
    const summary = dry.summary as Json;
    assert.deepEqual([summary.rows, summary.create, summary.skipped, summary.refusedCount], [11, 11, 0, 0]);
    assert.deepEqual(summary.unassignedOwners, { 'J Baxter': 2 });
    const q1 = (summary.periods as { quarter: string; received: Json }[]).find((p) => p.quarter === '2025/26-Q1');
    assert.deepEqual(q1?.received, { before: 0, after: 3 });
    assert.equal(await importedCount(), 0, 'a dry run writes nothing');

    const real = await runJob(uploadId, false, loaded.mapping);
    assert.equal(real.state, 'finished', String(real.error));
    assert.deepEqual([real.created, real.skipped, real.progress], [11, 0, { done: 11, total: 11 }]);
    assert.equal(await importedCount(), 11);
    const open = await h.store.cases.findByLegacyReference('glenmore', 'COR000109');
    assert.equal(open?.owner, 'demo-handler');
    assert.match(open?.events[0].by ?? '', /demo-admin/, 'the import is recorded as the administrator’s');

    const again = await runJob(uploadId, false, loaded.mapping);
    assert.deepEqual([again.state, again.created, again.skipped], ['finished', 0, 11]);
    assert.equal(await importedCount(), 11);
  });

  it('reports a job whose process stopped as interrupted, saying that the same file again completes it', async () => {
    const startedAt = new Date(NOW.getTime() - 10 * 60_000).toISOString();
    const stopped = { id: 'import-job:stopped-job-1', orgId: 'glenmore', type: 'import-job', jobId: 'stopped-job-1', dryRun: false, uploadId: 'u', fileName: 'x.csv', state: 'running', phase: 'writing', startedBy: 'demo-admin', startedAt, updatedAt: startedAt, progress: { done: 300, total: 900 } };
    await h.store.containers.orgs.items.upsert(stopped);
    const job = (await (await send('GET', '/jobs/stopped-job-1')).json()) as Json;
    assert.equal(job.state, 'interrupted');
    assert.match(job.error as string, /import the same file again — cases already imported are skipped/);
    await h.store.containers.orgs.items.upsert({ ...stopped, updatedAt: NOW.toISOString() });
    assert.equal(((await (await send('GET', '/jobs/stopped-job-1')).json()) as Json).state, 'running', 'one heard of lately is still running');
    assert.equal((await send('GET', '/jobs/stopped-job-1', undefined, 'demo-complaints-manager')).status, 403);
  });

  it('refuses anyone who is not an administrator', async () => {
    for (const user of ['demo-complaints-manager', 'demo-handler']) {
      const res = await upload(exportText, { user });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.match(((await res.json()) as Json).detail as string, /manage the organisation’s settings/);
      assert.equal((await send('GET', '/fields', undefined, user)).status, 403);
      assert.equal((await send('POST', '/jobs', { uploadId: 'aaaaaaaa-bbbb', mapping, dryRun: true }, user)).status, 403);
      assert.equal((await send('PUT', '/mappings/mine', { mapping }, user)).status, 403);
    }
  });

  it('refuses a file that is not CSV, too big, malformed or not UTF-8, saying what to do', async () => {
    const xlsx = await upload('PK\u0003\u0004', { name: 'export.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    assert.equal(xlsx.status, 415);
    assert.match(((await xlsx.json()) as Json).detail as string, /"export.xlsx" is not a CSV file.*CSV UTF-8/);
    const pdfNamedCsv = await upload('%PDF-1.7', { name: 'export.csv', type: 'application/pdf' });
    assert.equal(pdfNamedCsv.status, 415);

    const big = await upload(Buffer.alloc(MAX_IMPORT_BYTES + 1, 'a'));
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as Json).detail as string, /largest export the tab takes is 10 MB.*Split the file/);

    const malformed = await upload('Case Reference,Description\nCOR1,"never closed\n');
    assert.equal(malformed.status, 422);
    const problem = (await malformed.json()) as Json;
    assert.equal(problem.type, 'urn:chp:problem:malformed-csv');
    assert.match(problem.detail as string, /not readable as CSV/);

    const latin1 = await upload(Buffer.from('Case Reference,Description\nCOR1,Caf\xe9 closed\n', 'latin1'));
    assert.equal(latin1.status, 422);
    assert.match(((await latin1.json()) as Json).detail as string, /CSV UTF-8/);

    const empty = await upload('');
    assert.equal(empty.status, 400);

    const badName = await upload(exportText, { name: 'export\u202e.csv' });
    assert.equal(badName.status, 400);
    assert.match(((await badName.json()) as Json).detail as string, /The file's name contains/);
  });

  it('refuses a mapping with a target that is not one of our fields, and an unknown upload', async () => {
    const { uploadId } = (await (await upload(exportText)).json()) as { uploadId: string };
    const wrong = structuredClone(mapping);
    wrong.columns['Case Owner'] = 'owner';
    const res = await send('POST', '/jobs', { uploadId, mapping: wrong, dryRun: true });
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    assert.ok(problem.errors.some((e) => e.field === 'mapping.columns.Case Owner' && /must be one of legacy_reference|must be one of kind/.test(e.message)), JSON.stringify(problem.errors));
    const saving = await send('PUT', '/mappings/bad', { mapping: wrong });
    assert.equal(saving.status, 400);
    const badName = await send('PUT', '/mappings/..%2Fother', { mapping });
    assert.equal(badName.status, 400);
    const missing = await send('POST', '/jobs', { uploadId: 'aaaaaaaa-0000-4000-8000-000000000000', mapping, dryRun: true });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as Json).detail as string, /choose the file again/);
    assert.equal((await send('GET', '/jobs/aaaaaaaa-0000-4000-8000-000000000000')).status, 404);
  });
});
