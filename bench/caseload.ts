/**
 * The caseload at scale: bench/api.ts with 100,000 generated cases in the demo organisation (written
 * straight through the cases container), fewer page requests since each local page scans them all.
 * Run: `npx tsx bench/caseload.ts [--cases N]` (default 100,000).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, 'page-requests': { type: 'string', default: '100' } } });
const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'api.ts'), '--cases', values.cases, '--page-requests', values['page-requests']], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
