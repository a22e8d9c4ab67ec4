/** `chp rebuild-aggregates`: recompute an organisation's report aggregates from its cases. */
import { WorkingCalendar } from '../../core/calendar';
import os from 'node:os';
import { storedCasePages, withFoldLease } from '../../store/aggregates';
import { connectFromEnv } from '../../store/connect';
import { InputError, type Command } from '../command';
import { integerOption, requiredString } from '../options';

export const rebuildAggregatesCommand: Command = {
  summary: 'rebuild the report aggregates of an organisation from its cases (page by page)',
  help: `Usage: chp rebuild-aggregates --org <id> [--wait <seconds>]

Reads the organisation's cases a page at a time, recomputes the monthly figures (replacing the
aggregate deltas not yet folded) and corrects each stored case's recorded contribution where it
differs. Run it after restoring cases from a backup, or if the aggregates are ever in doubt; reports
read nothing else. It holds the organisation's fold lease while it runs, so a running server does
not fold figures meanwhile; if a server is folding, it waits up to --wait seconds (default 60) for
it to finish. Cases changed while it runs may need it run again.
Output: {"org", "cases", "months", "casesCorrected", "deltasCleared", "seconds", "store"}.`,
  options: { org: { type: 'string' }, wait: { type: 'string' } },
  async run(values, io) {
    const orgId = requiredString(values, 'org');
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      const org = await connection.store.orgs.get(orgId);
      if (!org) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
      const calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
      const started = Date.now();
      let pages = 0;
      const counted = async function* () {
        for await (const page of storedCasePages(connection.store.cases, orgId)) {
          pages += 1;
          if (pages % 10 === 0) io.stderr(`read ${pages} pages\n`);
          yield page;
        }
      };
      const waitSeconds = integerOption(values, 'wait', 0, 3600) ?? 60;
      const holder = `chp-rebuild-aggregates@${os.hostname()}:${process.pid}`;
      const held = await withFoldLease(connection.store.leases, orgId, holder, () => connection.store.aggregates.rebuild(orgId, counted(), calendar), { waitMs: waitSeconds * 1000 });
      if (!held.acquired) {
        throw new InputError(`the aggregates of "${orgId}" are being folded by another process (a running server, or another rebuild) that did not finish within ${waitSeconds} s; try again shortly, or give --wait more seconds`);
      }
      return { org: orgId, ...held.value, seconds: (Date.now() - started) / 1000, store: connection.description };
    } finally {
      await connection.close();
    }
  },
};
