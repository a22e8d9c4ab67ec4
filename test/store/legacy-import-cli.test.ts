import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run';
import { OPEN_STATUSES } from '../../core/caseload';
import { connectFromEnv } from '../../store/connect';
import { seedDemo } from '../../server/seed';
import { EXPORT_FILE, legacyExportCsv, MAPPING_FILE } from '../fixtures/legacy-export';

const ALL = { all: true, services: [], socialWork: false } as never;

describe('store: chp import of a previous system’s export (Glenmore, iCasework mapping)', function () {
  this.timeout(300_000);
  const saved = { ...process.env };
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-legacy-'));
    delete process.env.COSMOS_ENDPOINT;
    delete process.env.COSMOS_KEY;
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
    await withStore((store) => seedDemo(store, { now: new Date('2026-11-30T10:00:00Z'), history: false }));
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function withStore<T>(use: (store: Awaited<ReturnType<typeof connectFromEnv>>['store']) => Promise<T>): Promise<T> {
    const connection = await connectFromEnv(process.env, dir);
    try {
      return await use(connection.store);
    } finally {
      await connection.close();
    }
  }

  async function chp(...argv: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
    let json = {};
    try {
      json = JSON.parse(out);
    } catch {
      // not JSON: a refusal, on stderr
    }
    return { code, out, err, json };
  }

  const imported = (orgId: string) => withStore(async (store) => (await store.cases.legacyReferences(orgId)).size);

  it('dry run: counts, unassigned owners, ignored columns and the quarters before and after; writes nothing', async () => {
    const result = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping', MAPPING_FILE, '--dry-run');
    assert.equal(result.code, 0, result.err);
    const r = result.json;
    assert.equal(r.dryRun, true);
    assert.deepEqual([r.rows, r.create, r.skipped, r.refused], [11, 11, 0, []]);
    assert.deepEqual(r.unassignedOwners, { 'J Baxter': 2 });
    assert.deepEqual(r.ignoredColumns, ['Internal Notes']);
    const periods = r.periods as { quarter: string; label: string; received: { before: number; after: number }; closed: { before: number; after: number } }[];
    const q1 = periods.find((p) => p.quarter === '2025/26-Q1');
    // April–June 2025: COR000101, 102, 103 received; closed: 101 and 102, and 103's stage 1 (its stage 2 closed in July, Q2).
    assert.deepEqual(q1, { quarter: '2025/26-Q1', label: q1?.label, received: { before: 0, after: 3 }, closed: { before: 0, after: 3 } });
    assert.deepEqual(periods.find((p) => p.quarter === '2025/26-Q2')?.closed, { before: 0, after: 2 }, 'July to September: COR000103 at stage 2, COR000105');
    assert.equal(await imported('glenmore'), 0, 'a dry run writes nothing');
  });

  it('imports the file: references kept, open cases carry on with their clocks and owners, the reports equal a recount', async () => {
    const result = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping', MAPPING_FILE, '--save-mapping', 'icasework');
    assert.equal(result.code, 0, result.err);
    assert.equal(result.json.created, 11);
    assert.match(result.err, /imported 11\/11/);
    assert.match(result.err, /J Baxter/);
    await withStore(async (store) => {
      const open = await store.cases.findByLegacyReference('glenmore', 'cor000109');
      assert.ok(open, 'found by its legacy reference, in any case');
      assert.match(open.reference, /^CHP-2026-\d{6}$/);
      assert.equal(open.legacyReference, 'COR000109');
      assert.equal(open.status, 'stage1');
      assert.equal(open.owner, 'demo-handler');
      assert.equal(open.stage1?.clock.startedOn, '2026-11-16');
      assert.equal(open.stage1?.clock.standardDue, '2026-11-20');
      const stage2 = await store.cases.findByLegacyReference('glenmore', 'COR000110');
      assert.equal(stage2?.status, 'stage2');
      assert.equal(stage2?.stage2?.route, 'direct');
      assert.equal(stage2?.owner, 'demo-investigator');
      const unassigned = await store.cases.findByLegacyReference('glenmore', 'COR000111');
      assert.equal(unassigned?.owner, undefined, 'an owner who is not complaints staff is left unassigned');
      const escalated = await store.cases.findByLegacyReference('glenmore', 'COR000103');
      assert.equal(escalated?.status, 'stage2-closed');
      assert.deepEqual([escalated?.stage1?.outcome, escalated?.stage2?.outcome, escalated?.stage2?.initiatedOn], ['not-upheld', 'upheld', '2025-06-11']);
      assert.match(escalated?.events[0].summary ?? '', /Imported from iCasework \(their reference COR000103\)/);
      const received2025 = await store.cases.findByLegacyReference('glenmore', 'COR000101');
      assert.match(received2025?.reference ?? '', /^CHP-2025-/, 'numbered in the year it was received');
      assert.equal(received2025?.receivedAt, '2025-04-07T08:14:00Z', 'their time, London time');

      const caseload = await store.cases.list('glenmore', { scope: ALL, status: [...OPEN_STATUSES], text: 'cor0001', limit: 50 });
      assert.deepEqual(caseload.items.map((c) => c.legacyReference).sort(), ['COR000109', 'COR000110', 'COR000111'], 'open imported cases are in the caseload, found by their old reference');
    });

    const before = await withStore((store) => store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11'));
    const rebuilt = await chp('rebuild-aggregates', '--org', 'glenmore');
    assert.equal(rebuilt.code, 0, rebuilt.err);
    assert.equal(rebuilt.json.casesCorrected, 0, 'every imported case counted as a recount counts it');
    const after = await withStore((store) => store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11'));
    assert.deepEqual(after, before, 'the reports of the switchover year equal a recount');
    assert.deepEqual([after['2025-04']?.all?.['received.stage1'], after['2025-04']?.all?.['received.stage2Direct']], [1, 1]);

    const csv = await chp('export', '--org', 'glenmore', '--format', 'csv', '--out', 'out.csv');
    assert.equal(csv.code, 0, csv.err);
    const exported = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8');
    assert.match(exported.split('\n')[0], /,legacy_reference$/);
    assert.match(exported, /,COR000109\r?\n/);
    const json = await chp('export', '--org', 'glenmore', '--format', 'json', '--out', 'out.json');
    assert.equal(json.code, 0, json.err);
    assert.match(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'), /"legacyReference": ?"COR000110"/);
  });

  it('running the same file again, by the saved mapping, creates nothing twice', async () => {
    const dry = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping-name', 'icasework', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.deepEqual([dry.json.create, dry.json.skipped, dry.json.periods], [0, 11, []]);
    const again = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping-name', 'icasework');
    assert.equal(again.code, 0, again.err);
    assert.deepEqual([again.json.created, again.json.skipped], [0, 11]);
    assert.equal(await imported('glenmore'), 11);
    const missing = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping-name', 'lagan');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no saved mapping "lagan"; saved: icasework/);
  });

  it('lists every unknown value by column with counts, and every refused row, and writes nothing', async () => {
    const lines = fs.readFileSync(EXPORT_FILE, 'utf8').trimEnd().split('\n');
    const bad = [
      ...lines,
      'XYZ1,Complaint,01/05/2025,Telephone,A,,Parks,Morag Fraser,Frontline,Grass not cut,,,,Part Upheld,02/05/2025,,',
      'XYZ2,Complaint,02/05/2025,Fax,A,,Refuse Collection,Morag Fraser,Frontline,Bin lid broken,,,,Part Upheld,06/05/2025,,',
      'XYZ3,Complaint,31/02/2025,Telephone,A,,Refuse Collection,Morag Fraser,Frontline,Date that never was,,,,,,,',
      ',Complaint,03/05/2025,Telephone,A,,Refuse Collection,Morag Fraser,Frontline,No reference,,,,,,,',
      'XYZ6,Complaint,10/05/2025,Telephone,A,,Refuse Collection,Morag Fraser,Frontline,Closed before received,,,,Upheld,09/05/2025,,',
      'xyz6,Complaint,04/05/2025,Telephone,A,,Refuse Collection,Morag Fraser,Frontline,Same reference again,,,,,,,',
    ];
    fs.writeFileSync(path.join(dir, 'bad.csv'), `${bad.join('\n')}\n`);
    const dry = await chp('import', 'bad.csv', '--org', 'glenmore', '--mapping', MAPPING_FILE, '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.deepEqual(dry.json.unknownValues, { 'Service Area': { Parks: 1 }, 'Received Via': { Fax: 1 }, Outcome: { 'Part Upheld': 2 } });
    const refused = dry.json.refused as { row: number; column?: string; message: string }[];
    assert.deepEqual([...new Set(refused.map((e) => e.row))], [13, 14, 15, 16, 17, 18]);
    assert.ok(refused.some((e) => e.row === 15 && e.column === 'Date Received' && /"31\/02\/2025" is not a date written dd\/mm\/yyyy/.test(e.message)));
    assert.ok(refused.some((e) => e.row === 16 && e.column === 'Case Reference' && /blank/.test(e.message)));
    assert.ok(refused.some((e) => e.row === 17 && e.column === 'Date Closed (stage1_closed)' && /before date_received/.test(e.message)));
    assert.ok(refused.some((e) => e.row === 18 && e.column === 'Case Reference' && /"xyz6" is also the reference in row 17/.test(e.message)));
    assert.equal(dry.json.skipped, 11);

    const real = await chp('import', 'bad.csv', '--org', 'glenmore', '--mapping', MAPPING_FILE);
    assert.equal(real.code, 1);
    assert.match(real.err, /nothing was imported/);
    assert.match(real.err, /"Outcome": "Part Upheld" ×2/);
    assert.match(real.err, /"Service Area": "Parks" ×1/);
    assert.match(real.err, /row 17, Date Closed \(stage1_closed\)/);
    assert.equal(await imported('glenmore'), 11, 'nothing more was written');
  });

  it('refuses a mapping that does not fit the file or the organisation, before reading rows', async () => {
    const mapping = JSON.parse(fs.readFileSync(MAPPING_FILE, 'utf8'));
    mapping.columns['Closure Reason'] = 'remedial_action';
    mapping.values.service.Parks = 'Parks and Open Spaces';
    fs.writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    const result = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping', 'mapping.json');
    assert.equal(result.code, 1);
    assert.match(result.err, /Closure Reason: the mapping names this column but the file has no such column/);
    assert.match(result.err, /"Parks and Open Spaces", which is not one of the organisation's services/);
    mapping.columns['Case Owner'] = 'owner';
    fs.writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    const unusable = await chp('import', EXPORT_FILE, '--org', 'glenmore', '--mapping', 'mapping.json');
    assert.equal(unusable.code, 1);
    assert.match(unusable.err, /columns.Case Owner: must be one of/);
  });

  it('imports a 500-row export, dry run then real, and the reports equal a recount', async () => {
    fs.writeFileSync(path.join(dir, 'big.csv'), legacyExportCsv(500));
    const dry = await chp('import', 'big.csv', '--org', 'glenmore', '--mapping-name', 'icasework', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.deepEqual([dry.json.rows, dry.json.create, dry.json.skipped, (dry.json.refused as unknown[]).length], [500, 500, 0, 0]);
    const periods = dry.json.periods as { quarter: string; received: { before: number; after: number } }[];
    const real = await chp('import', 'big.csv', '--org', 'glenmore', '--mapping-name', 'icasework');
    assert.equal(real.code, 0, real.err);
    assert.equal(real.json.created, 500);
    assert.match(real.err, /imported 500\/500/);
    const counts = await withStore((store) => store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11'));
    const rebuilt = await chp('rebuild-aggregates', '--org', 'glenmore');
    assert.equal(rebuilt.json.casesCorrected, 0);
    assert.deepEqual(await withStore((store) => store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11')), counts);
    // What the dry run said the quarters would show is what they show now.
    const redo = await chp('import', 'big.csv', '--org', 'glenmore', '--mapping-name', 'icasework', '--dry-run');
    assert.deepEqual([redo.json.create, redo.json.skipped], [0, 500]);
    for (const p of periods) {
      const [year, q] = p.quarter.split('-Q');
      const from = Number(year.slice(0, 4)) * 12 + 3 + (Number(q) - 1) * 3;
      const months = [0, 1, 2].map((i) => `${Math.floor((from + i) / 12)}-${String(((from + i) % 12) + 1).padStart(2, '0')}`);
      const received = months.reduce((n, m) => n + (counts[m]?.all?.['received.stage1'] ?? 0) + (counts[m]?.all?.['received.stage2Direct'] ?? 0), 0);
      assert.equal(received, p.received.after, `${p.quarter} received`);
    }
  });
});
