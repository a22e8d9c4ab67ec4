/**
 * `chp rebuild-aggregates` and `chp report` against the embedded store of a data directory (the CLI
 * attaches to the server this test runs, as it would to `npm start`'s).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { computeIndicators } from '../../core/indicators';
import { runCli } from '../../cli/run';
import { generateCaseBatches, MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';
import { pdfText } from '../support/pdfText';

const org = sampleOrg('org-cli', 'Strathbeag Housing Association');
const calendar = new MemoCalendar();

async function chp(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('governance CLI: chp rebuild-aggregates and chp report', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  let dir: string;
  const saved = { data: process.env.CHP_DATA_DIR, db: process.env.COSMOS_DATABASE };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-cli-reports-'));
    f = await startFixture(path.join(dir, 'data'));
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
    process.env.COSMOS_DATABASE = 'chp-test';
    await f.store.orgs.put({ settings: org, roleAssignments: [] });
    const cases = [...generateCaseBatches(120, 120, { org, calendar, from: '2025-04-01', to: '2026-03-31', today: '2026-04-10', seed: 3 })][0];
    // Written straight to the container: aggregates are missing until rebuilt.
    for (const c of cases) await f.store.containers.cases.items.create({ ...c, id: c.reference, type: 'case', dueOn: '9999-12-31', search: '' });
  });
  after(async () => {
    process.env.CHP_DATA_DIR = saved.data;
    process.env.COSMOS_DATABASE = saved.db;
    await stopFixture(f);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds the aggregates from the cases, and the CSV report then equals computeIndicators', async () => {
    const before = await chp('report', 'annual', '--org', org.orgId, '--period', '2025/26', '--format', 'csv', '--out', path.join(dir, 'before.csv'));
    assert.equal(before.code, 0, before.stderr);
    const empty = parse(fs.readFileSync(path.join(dir, 'before.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(empty.find((r) => r.section === 'Indicators 4 to 9' && r.row === 'Total complaints received')?.value, '0');

    const rebuilt = await chp('rebuild-aggregates', '--org', org.orgId);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(JSON.parse(rebuilt.stdout).cases, 120);

    const out = await chp('report', 'annual', '--org', org.orgId, '--period', '2025/26', '--format', 'csv', '--out', path.join(dir, 'annual.csv'));
    assert.equal(out.code, 0, out.stderr);
    const rows = parse(fs.readFileSync(path.join(dir, 'annual.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const cases = [...generateCaseBatches(120, 120, { org, calendar, from: '2025-04-01', to: '2026-03-31', today: '2026-04-10', seed: 3 })][0];
    const expected = computeIndicators(cases, { from: '2025-04', to: '2026-03' }, { calendar, population: org.population });
    assert.equal(rows.find((r) => r.section === 'Indicators 4 to 9' && r.row === 'Total complaints received')?.value, String(expected.all.kpi4Received.total));
    assert.equal(rows.find((r) => r.section === 'Indicators 4 to 9' && r.row === 'Complaints per 1,000 population')?.value, String(expected.all.kpi4Received.per1000Population));
  });

  it('rebuilds only while holding the fold lease: waits for a folding server, then says why it gave up', async () => {
    const lease = `aggregate-fold:${org.orgId}`;
    assert.ok(await f.store.leases.acquire(lease, 'a-running-server', 300));
    const refused = await chp('rebuild-aggregates', '--org', org.orgId, '--wait', '1');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /being folded by another process .* within 1 s/);
    // The server finishes its fold while the rebuild waits: the rebuild then runs.
    setTimeout(() => void f.store.leases.release(lease, 'a-running-server'), 700);
    const rebuilt = await chp('rebuild-aggregates', '--org', org.orgId, '--wait', '30');
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(JSON.parse(rebuilt.stdout).cases, 120);
    assert.ok(await f.store.leases.acquire(lease, 'the-next-server', 60), 'the rebuild let go of the lease');
    await f.store.leases.release(lease, 'the-next-server');
  });

  it('writes a print-ready PDF with the organisation’s name, and explains a bad period or report', async () => {
    const file = path.join(dir, 'quarterly.pdf');
    const res = await chp('report', 'quarterly', '--org', org.orgId, '--period', '2025/26-Q4', '--format', 'pdf', '--large-print', '--out', file);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(JSON.parse(res.stdout).period, '2025/26-Q4');
    assert.match(await pdfText(fs.readFileSync(file)), /Strathbeag Housing Association/);

    const bad = await chp('report', 'quarterly', '--org', org.orgId, '--period', '2025-Q5', '--out', file);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a quarter: write it as 2026\/27-Q1/);
    const unknown = await chp('report', 'monthly', '--org', org.orgId, '--out', file);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /one of quarterly, annual, you-said-we-did/);
    const noOrg = await chp('report', 'annual', '--org', 'nobody', '--out', file);
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /no organisation "nobody"/);
  });

  it('chp dispose lists what is due with --dry-run, then destroys it; the figures stay in the reports', async () => {
    const received = async (): Promise<string | undefined> => {
      const out = await chp('report', 'annual', '--org', org.orgId, '--period', '2025/26', '--format', 'csv', '--out', path.join(dir, 'received.csv'));
      assert.equal(out.code, 0, out.stderr);
      const rows = parse(fs.readFileSync(path.join(dir, 'received.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
      return rows.find((r) => r.section === 'Indicators 4 to 9' && r.row === 'Total complaints received')?.value;
    };
    const before = await received();
    assert.ok(Number(before) > 0, `the annual report counts complaints (the first test rebuilt the aggregates): ${before}`);
    const { items } = await f.store.cases.list(org.orgId, { scope: { all: true, services: [], userId: '', socialWork: false }, status: ['stage1-closed'], sort: 'reference', limit: 2 });
    const due = items.map((c) => c.reference);
    assert.equal(due.length, 2);
    for (const reference of due) {
      const { resource } = await f.store.containers.cases.item(reference, org.orgId).read();
      await f.store.containers.cases.item(reference, org.orgId).replace({ ...resource, disposalOn: '2026-04-30' });
    }
    const dry = await chp('dispose', '--org', org.orgId, '--dry-run', '--today', '2026-05-01');
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual((JSON.parse(dry.stdout) as { cases: { reference: string }[] }).cases.map((c) => c.reference), due);
    for (const reference of due) assert.ok(await f.store.cases.get(org.orgId, reference), 'a dry run destroys nothing');

    assert.equal((JSON.parse(dry.stdout) as { count: number }).count, 2);

    // A real sweep: never by a future day, and only with the number due confirmed.
    const future = await chp('dispose', '--org', org.orgId, '--today', '2999-01-01', '--confirm', '2');
    assert.equal(future.code, 2);
    assert.match(future.stderr, /--today 2999-01-01 is after today \(\d{4}-\d{2}-\d{2}\): a sweep that destroys records judges by today at the latest; add --dry-run/);
    const unconfirmed = await chp('dispose', '--org', org.orgId, '--today', '2026-05-01');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, new RegExp(`2 cases are due for disposal in ${org.orgId} and would be destroyed for good; check them with --dry-run, then run again with --confirm 2`));
    const wrong = await chp('dispose', '--org', org.orgId, '--today', '2026-05-01', '--confirm', '5');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /2 cases are due for disposal in .* now, not 5; .*--confirm 2/);
    for (const reference of due) assert.ok(await f.store.cases.get(org.orgId, reference), 'a refused sweep destroys nothing');

    const run = await chp('dispose', '--org', org.orgId, '--today', '2026-05-01', '--confirm', '2');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /looked at 2 of 2 cases due\ndisposed of 2 case records/);
    assert.deepEqual((JSON.parse(run.stdout) as { cases: { reference: string }[] }).cases.map((c) => c.reference), due);
    for (const reference of due) assert.equal(await f.store.cases.get(org.orgId, reference), undefined);
    assert.equal(await received(), before, 'the disposed complaints still count in the annual report');
    const bad = await chp('dispose', '--org', org.orgId, '--today', '1 May');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--today "1 May" is not a date/);
  });

  it('chp dispose against Azure Cosmos DB refuses a real sweep without the document storage account, which would leave documents behind', async () => {
    const saved = { endpoint: process.env.COSMOS_ENDPOINT, blob: process.env.BLOB_ACCOUNT_URL };
    // An address nothing answers: the refusal must come before any connection is tried.
    process.env.COSMOS_ENDPOINT = 'https://127.0.0.1:9/';
    delete process.env.BLOB_ACCOUNT_URL;
    try {
      const run = await chp('dispose', '--org', 'any-org', '--confirm', '1');
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /set BLOB_ACCOUNT_URL .* so the cases' documents are destroyed with them/);
    } finally {
      if (saved.endpoint === undefined) delete process.env.COSMOS_ENDPOINT;
      else process.env.COSMOS_ENDPOINT = saved.endpoint;
      if (saved.blob !== undefined) process.env.BLOB_ACCOUNT_URL = saved.blob;
    }
  });
});
