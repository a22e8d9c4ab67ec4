import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/cases-example.csv');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command, `node bin/chp.js …`, as a child process. */
function chp(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/chp.js'), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function json(...args: string[]): Promise<unknown> {
  const run = await chp(...args);
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

async function fails(code: number, pattern: RegExp, ...args: string[]): Promise<void> {
  const run = await chp(...args);
  assert.equal(run.code, code, `expected exit ${code}, got ${run.code}; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, pattern);
}

describe('chp command line (child process)', function () {
  this.timeout(120_000); // each run starts node + tsx; the machine is shared
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'chp-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const full = path.join(dir, name);
    writeFileSync(full, content);
    return full;
  };

  it('lists its commands with --help, and refuses an unknown one', async () => {
    const help = await chp('--help');
    assert.equal(help.code, 0);
    for (const name of ['deadline', 'working-days', 'kpi']) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    assert.match((await chp('deadline', '--help')).stdout, /--received/);
    await fails(2, /unknown command "deadlines"/, 'deadlines');
    await fails(2, /Usage: chp <command>/);
  });

  describe('deadline', () => {
    it('gives stage 1 and stage 2 due dates over Christmas', async () => {
      // Thu 24 Dec 2026: 24, 29, 30, 31 Dec, 5 Jan → due 5 Jan; +3 → 8 Jan.
      assert.deepEqual(await json('deadline', '--received', '2026-12-24T10:00:00Z', '--stage', '1', '--extension', '3'), {
        received: '2026-12-24', due: '2027-01-08', acknowledgeBy: null,
      });
      // Stage 2 from Wed 2 Dec: acknowledge by day 3, respond by day 20.
      assert.deepEqual(await json('deadline', '--received', '2026-12-02', '--stage', '2'), {
        received: '2026-12-02', due: '2026-12-31', acknowledgeBy: '2026-12-04',
      });
    });

    it('takes the London date of the receipt: 23:30 UTC on Fri 3 July 2026 is Saturday in London', async () => {
      // Day 1 is Mon 6 July; the 5th working day is Fri 10 July.
      assert.deepEqual(await json('deadline', '--received', '2026-07-03T23:30:00Z', '--stage', '1'), {
        received: '2026-07-04', due: '2026-07-10', acknowledgeBy: null,
      });
    });

    it('uses local holidays and worked bank holidays from --holidays', async () => {
      // Mon 21 Dec: 21, 22, 23, 24, 29 → 29 Dec; closed 29 and 30 Dec as well → 31 Dec.
      const closed = file('closed.json', JSON.stringify({ localHolidays: ['2026-12-29', '2026-12-30'] }));
      assert.deepEqual(await json('deadline', '--received', '2026-12-21', '--stage', '1', '--holidays', closed), {
        received: '2026-12-21', due: '2026-12-31', acknowledgeBy: null,
      });
      // Working Boxing Day's substitute (Mon 28 Dec) brings the due date forward to 28 Dec.
      const worked = file('worked.json', JSON.stringify({ workedHolidays: ['2026-12-28'] }));
      assert.equal(((await json('deadline', '--received', '2026-12-21', '--stage', '1', '--holidays', worked)) as { due: string }).due, '2026-12-28');
    });

    it('refuses a stage 1 extension above 5, a bad date, a missing flag and a bad holidays file', async () => {
      await fails(2, /stage 1 extension is at most 5 working days/, 'deadline', '--received', '2026-12-01', '--stage', '1', '--extension', '6');
      await fails(2, /--received "2026-02-30" is not a date/, 'deadline', '--received', '2026-02-30', '--stage', '1');
      await fails(2, /--stage is required/, 'deadline', '--received', '2026-12-01');
      await fails(2, /--stage must be 1 or 2/, 'deadline', '--received', '2026-12-01', '--stage', '3');
      await fails(2, /Unknown option '--recieved'/, 'deadline', '--recieved', '2026-12-01', '--stage', '1');
      const bad = file('bad-holidays.json', JSON.stringify({ localHolidays: ['28/09/2026'], closures: [] }));
      await fails(1, /holidays file .* is not usable — localHolidays\.0: must be a date written YYYY-MM-DD/, 'deadline', '--received', '2026-12-01', '--stage', '1', '--holidays', bad);
      await fails(1, /does not exist/, 'deadline', '--received', '2026-12-01', '--stage', '1', '--holidays', path.join(dir, 'nope.json'));
    });
  });

  describe('working-days', () => {
    it('counts both ends', async () => {
      assert.deepEqual(await json('working-days', '--from', '2026-12-07', '--to', '2026-12-11'), { workingDays: 5 });
      // Thu 24 Dec to Tue 5 Jan: 24, 29, 30, 31, 5 (Christmas, Boxing Day substitute, New Year and its substitute skipped).
      assert.deepEqual(await json('working-days', '--from', '2026-12-24', '--to', '2027-01-05'), { workingDays: 5 });
      // From a Saturday: the Saturday is not counted.
      assert.deepEqual(await json('working-days', '--from', '2026-12-05', '--to', '2026-12-07'), { workingDays: 1 });
    });

    it('refuses a range that ends before it starts', async () => {
      await fails(2, /--to \(2026-12-01\) is before --from \(2026-12-07\)/, 'working-days', '--from', '2026-12-07', '--to', '2026-12-01');
      await fails(2, /--from "7 Dec" is not a date/, 'working-days', '--from', '7 Dec', '--to', '2026-12-01');
    });
  });

  describe('kpi', () => {
    it('computes the indicators of the example CSV', async () => {
      const kpi = (await json('kpi', '--input', FIXTURE, '--from', '2026-12', '--to', '2027-01', '--population', '9000')) as {
        period: { from: string; to: string };
        all: { kpi4Received: { total: number; per1000Population: number }; kpi5Closed: { total: number } };
        byService: Record<string, unknown>;
      };
      assert.deepEqual(kpi.period, { from: '2026-12-01', to: '2027-01-31' });
      // 9 complaints received (see test/core/case-format.test.ts) → 9 / 9,000 × 1,000 = 1.0.
      assert.equal(kpi.all.kpi4Received.total, 9);
      assert.equal(kpi.all.kpi4Received.per1000Population, 1);
      // Closures: stage 1 × 7, direct 102, escalated 104 → 9.
      assert.equal(kpi.all.kpi5Closed.total, 9);
      assert.deepEqual(Object.keys(kpi.byService), ['Housing', 'Leisure', 'Revenues', 'Roads', 'Social Work', 'Waste']);
    });

    it('reads a JSON case file too', async () => {
      const rows = [{ reference: 'J1', date_received: '2026-12-01', nature: 'x', service: 'Waste', stage1_outcome: 'upheld', stage1_closed: '2026-12-03' }];
      const kpi = (await json('kpi', '--input', file('cases.json', JSON.stringify(rows)), '--from', '2026-12-01', '--to', '2026-12-31')) as {
        all: { kpi7AverageWorkingDays: { stage1: number } };
        population: null;
      };
      assert.equal(kpi.all.kpi7AverageWorkingDays.stage1, 3);
      assert.equal(kpi.population, null);
    });

    it('refuses a file with bad rows, naming every row, and prints nothing on stdout', async () => {
      const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
      lines[2] = lines[2].replace('2026-12-02T14:40:00Z', '2026-12-32');
      lines[5] = lines[5].replace(',resolved,', ',solved,');
      const bad = file('bad.csv', `${lines.join('\n')}\n`);
      const run = await chp('kpi', '--input', bad, '--from', '2026-12', '--to', '2027-01');
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /2 problems, nothing was read/);
      assert.match(run.stderr, /row 3, date_received: must be a date/);
      assert.match(run.stderr, /row 6, stage1_outcome: must be one of upheld, partially-upheld, not-upheld, resolved/);
    });

    it('refuses a missing --input, a bad period and an unknown file type', async () => {
      await fails(2, /--input is required/, 'kpi', '--from', '2026-12', '--to', '2027-01');
      await fails(2, /--to "Jan" is not a date/, 'kpi', '--input', FIXTURE, '--from', '2026-12', '--to', 'Jan');
      await fails(2, /ends \(2026-11-30\) before it starts/, 'kpi', '--input', FIXTURE, '--from', '2026-12', '--to', '2026-11');
      await fails(2, /must be a \.csv or \.json file/, 'kpi', '--input', 'cases.xlsx', '--from', '2026-12', '--to', '2027-01');
      await fails(1, /case file .* does not exist/, 'kpi', '--input', path.join(dir, 'missing.csv'), '--from', '2026-12', '--to', '2027-01');
    });
  });
});
