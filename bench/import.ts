/**
 * Import bench: a previous system's export of 10,000 rows (test/fixtures/legacy-export.ts, iCasework
 * mapping) into Glenmore on the embedded store, through `chp import` — dry run, then the real import,
 * then the same file again (nothing created) — with rows/s, and the switchover year's figures checked
 * against a recount (`chp rebuild-aggregates`).
 * Run: npx tsx bench/import.ts [rows=10000]
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../cli/run';
import { seedDemo } from '../server/seed';
import { connectFromEnv } from '../store/connect';
import { legacyExportCsv, MAPPING_FILE } from '../test/fixtures/legacy-export';

const ROWS = Number(process.argv[2] ?? 10_000);

async function chp(dir: string, ...argv: string[]): Promise<{ seconds: number; json: Record<string, unknown> }> {
  let out = '';
  let err = '';
  const started = performance.now();
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`chp ${argv.join(' ')} failed (${code}): ${err.slice(0, 2000)}`);
  return { seconds, json: JSON.parse(out) };
}

async function monthlyCounts(dir: string) {
  const connection = await connectFromEnv(process.env, dir);
  try {
    return await connection.store.aggregates.monthlyCounts('glenmore', '2025-04', '2026-11');
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bench-import-'));
  delete process.env.COSMOS_ENDPOINT;
  delete process.env.COSMOS_KEY;
  process.env.CHP_DATA_DIR = path.join(dir, 'data');
  try {
    const connection = await connectFromEnv(process.env, dir);
    await seedDemo(connection.store, { history: false });
    await connection.close();
    fs.writeFileSync(path.join(dir, 'export.csv'), legacyExportCsv(ROWS));

    const dry = await chp(dir, 'import', 'export.csv', '--org', 'glenmore', '--mapping', MAPPING_FILE, '--dry-run');
    assert.deepEqual([dry.json.create, (dry.json.refused as unknown[]).length], [ROWS, 0]);
    console.log(`dry run: ${ROWS} rows in ${dry.seconds.toFixed(1)} s (${Math.round(ROWS / dry.seconds)} rows/s); ${(dry.json.periods as unknown[]).length} quarters affected`);

    const real = await chp(dir, 'import', 'export.csv', '--org', 'glenmore', '--mapping', MAPPING_FILE);
    assert.equal(real.json.created, ROWS);
    console.log(`import:  ${ROWS} rows in ${real.seconds.toFixed(1)} s (${Math.round(ROWS / real.seconds)} rows/s)`);

    const again = await chp(dir, 'import', 'export.csv', '--org', 'glenmore', '--mapping', MAPPING_FILE);
    assert.deepEqual([again.json.created, again.json.skipped], [0, ROWS]);
    console.log(`again:   0 created, ${ROWS} skipped in ${again.seconds.toFixed(1)} s`);

    const before = await monthlyCounts(dir);
    const rebuilt = await chp(dir, 'rebuild-aggregates', '--org', 'glenmore');
    assert.equal(rebuilt.json.casesCorrected, 0);
    assert.deepEqual(await monthlyCounts(dir), before);
    console.log(`recount: the switchover year's figures equal a recount (rebuild in ${rebuilt.seconds.toFixed(1)} s)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
