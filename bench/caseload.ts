/**
 * The caseload at scale: bench/api.ts with 100,000 generated cases in the demo organisation (written
 * straight through the cases container), fewer page requests since each local page scans them all.
 * Run: `npx tsx bench/caseload.ts [--cases N] [--warmup N]` (default 100,000 cases, 20 warm-up requests).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

// A page at this size costs ~0.3 s of the local server's CPU, so the warm-up is 20 requests a route, not 500.
const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, 'page-requests': { type: 'string', default: '100' }, warmup: { type: 'string', default: '20' } } });
const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'api.ts'), '--cases', values.cases, '--page-requests', values['page-requests'], '--warmup', values.warmup], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
