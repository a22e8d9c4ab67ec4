import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run';
import { casesToCsv } from '../../core/case-format';
import { connectFromEnv } from '../../store/connect';
import { startEmbeddedCosmos } from '../../store/embedded';
import { sampleCase } from './helpers';

describe('store: chp import and chp export', function () {
  this.timeout(120_000);
  const saved = { ...process.env };
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-cli-'));
    delete process.env.COSMOS_ENDPOINT;
    delete process.env.COSMOS_KEY;
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function chp(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
    return { code, out, err };
  }

  /** An organisation whose only complaints staff member is u-handler, handling Waste (the sample cases' owner and service). */
  async function putOrg(orgId: string): Promise<void> {
    const connection = await connectFromEnv(process.env, dir);
    try {
      await connection.store.orgs.put({
        settings: { orgId, name: 'CLI Council', population: 1000, services: ['Waste', 'Housing'], localHolidays: [], workedHolidays: [], rootCauseCategories: [], retentionYears: 5, reportingYearStartMonth: 4 },
        roleAssignments: [
          { principalId: 'u-handler', roles: ['complaint-handler'], services: ['Waste'], displayName: 'Hamish Handler' },
          { principalId: 'u-board', roles: ['management-committee'], services: [], displayName: 'Bella Board' },
        ],
      });
    } finally {
      await connection.close();
    }
  }

  it('imports a CSV file once, skips it the second time, and exports it as JSON and CSV', async () => {
    await putOrg('org-cli');
    const cases = [1, 2, 3].map((n) => sampleCase('org-cli', `CHP-2026-00000${n}`, { status: 'stage1-closed', stage1: { clock: { startedOn: '2026-03-02', standardDue: '2026-03-06', extensionDays: 0, due: '2026-03-06' }, extensions: [], outcome: 'upheld', actionTaken: 'Collected', closedOn: '2026-03-04' } }));
    fs.writeFileSync(path.join(dir, 'cases.csv'), casesToCsv(cases));

    const first = await chp('import', '--input', 'cases.csv', '--org', 'org-cli');
    assert.equal(first.code, 0, first.err);
    assert.deepEqual({ ...JSON.parse(first.out), store: undefined }, { org: 'org-cli', created: 3, existing: 0, store: undefined });
    assert.match(first.err, /imported 3\/3/);
    const second = await chp('import', 'cases.csv', '--org', 'org-cli');
    assert.equal(JSON.parse(second.out).existing, 3);

    const json = await chp('export', '--org', 'org-cli', '--format', 'json', '--out', 'out.json');
    assert.equal(json.code, 0, json.err);
    const exported = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')) as { reference: string; stage1: { outcome: string } }[];
    assert.deepEqual(exported.map((c) => [c.reference, c.stage1.outcome]), cases.map((c) => [c.reference, 'upheld']));

    const csv = await chp('export', '--org', 'org-cli', '--format', 'csv', '--out', 'out.csv');
    assert.equal(csv.code, 0, csv.err);
    const lines = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split(/\r?\n/);
    assert.equal(lines.length, 4);
    assert.match(lines[1], /CHP-2026-000001/);
  });

  it('refuses cases owned by someone outside the complaints staff, naming the row and column, and imports nothing', async () => {
    await putOrg('org-owners');
    const owned = (n: number, owner: string, service = 'Waste') => sampleCase('org-owners', `CHP-2026-00010${n}`, { owner, service });
    fs.writeFileSync(path.join(dir, 'owners.csv'), casesToCsv([owned(1, 'u-handler'), owned(2, 'rha-officer'), owned(3, 'u-board'), owned(4, 'u-handler', 'Housing')]));
    const result = await chp('import', 'owners.csv', '--org', 'org-owners');
    assert.equal(result.code, 1, result.err);
    assert.match(result.err, /3 problems, nothing was imported/);
    assert.match(result.err, /row 3, staff_member: "rha-officer" is not a member of the complaints team of CLI Council/);
    assert.match(result.err, /row 4, staff_member: Bella Board has no role that handles complaints/);
    assert.match(result.err, /row 5, staff_member: Hamish Handler does not work on Housing complaints/);
    fs.writeFileSync(path.join(dir, 'owners.json'), JSON.stringify([owned(1, 'u-handler'), owned(2, 'someone-made-up')]));
    const json = await chp('import', 'owners.json', '--org', 'org-owners');
    assert.equal(json.code, 1);
    assert.match(json.err, /item 2, owner: "someone-made-up" is not a member of the complaints team/);
    const exported = await chp('export', '--org', 'org-owners', '--format', 'json', '--out', 'owners-out.json');
    assert.equal(JSON.parse(exported.out).cases, 0);
  });

  it('attaches to the embedded server another process already runs on the data dir', async () => {
    const server = await startEmbeddedCosmos({ dataDir: process.env.CHP_DATA_DIR as string });
    try {
      const result = await chp('export', '--org', 'org-cli', '--format', 'json', '--out', 'again.json');
      assert.equal(result.code, 0, result.err);
      assert.equal(JSON.parse(result.out).cases, 3);
      assert.match(JSON.parse(result.out).store, new RegExp(`of process ${process.pid} at ${server.endpoint}`));
    } finally {
      await server.stop();
    }
  });

  it('refuses a file with a bad row and imports nothing', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify([{ reference: 'CHP-2026-000009', receivedAt: 'yesterday' }]));
    const result = await chp('import', '--input', 'bad.json', '--org', 'org-bad');
    assert.equal(result.code, 1);
    assert.match(result.err, /nothing was imported/);
    const exported = await chp('export', '--org', 'org-bad', '--format', 'json', '--out', 'bad-out.json');
    assert.equal(JSON.parse(exported.out).cases, 0);
  });

  it('refuses half an Azure configuration instead of silently using the local server', async () => {
    await assert.rejects(connectFromEnv({ COSMOS_ENDPOINT: 'https://example.documents.azure.com/' }, dir), /Set both COSMOS_ENDPOINT and COSMOS_KEY/);
  });
});
