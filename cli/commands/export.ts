/** `chp export`: write an organisation's cases from the store to a CSV or JSON file. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { casesToCsv } from '../../core/case-format';
import type { Case } from '../../core/types';
import { connectFromEnv } from '../../store/connect';
import type { Store } from '../../store/index';
import { UsageError, type Command } from '../command';
import { requiredString } from '../options';

const PAGE = 500;

/** Every case of the organisation, by reference, a page at a time. */
export async function allCases(store: Store, orgId: string): Promise<Case[]> {
  const cases: Case[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.cases.list(orgId, { scope: { all: true, services: [], userId: '', socialWork: false }, sort: 'reference', limit: PAGE, continuation });
    cases.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return cases;
}

export const exportCommand: Command = {
  summary: "export an organisation's cases from the store to a CSV or JSON file",
  help: `Usage: chp export --org <id> --format json|csv --out <file>

  --org     the organisation whose cases are exported
  --format  csv: one row per case (the interchange columns, README "Case files");
            json: an array of full Case objects (events included), which chp import reads back
  --out     the file to write (overwritten)

Store: as for chp import. Output: {"org", "format", "out", "cases", "store"}.`,
  options: { org: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(values, io) {
    const orgId = requiredString(values, 'org');
    const format = requiredString(values, 'format');
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, not "${format}"`);
    const out = path.resolve(io.cwd, requiredString(values, 'out'));
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      const cases = await allCases(connection.store, orgId);
      writeFileSync(out, format === 'csv' ? casesToCsv(cases) : `${JSON.stringify(cases, null, 2)}\n`);
      return { org: orgId, format, out, cases: cases.length, store: connection.description };
    } finally {
      await connection.close();
    }
  },
};
