/**
 * `npm run bench`: runs every bench/*.ts except this file, one after another, each in its own child
 * process (so one bench's server or memory never skews the next), under a heading with its run time.
 * A helper module such as generate-cases.ts has no side effects when run, so it just prints nothing.
 * New benches join by being here: issue 18's archive.ts, memory.ts, floor.ts (CPU per request against
 * the floor) and openloop.ts (open-loop mixed workload) run like the rest, and each also runs alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = __dirname;
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== path.basename(__filename))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(here, file)], { stdio: 'inherit', cwd: path.dirname(here) });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed += 1;
    console.log(`--- ${file} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
  } else console.log(`--- ${file} done in ${seconds}s`);
}
console.log(`\n${benches.length - failed}/${benches.length} bench files ran successfully.`);
process.exitCode = failed > 0 ? 1 : 0;
