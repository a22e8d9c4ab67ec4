/** `chp rebuild-aggregates`: recompute an organisation's report aggregates from its cases. */
import { WorkingCalendar } from '../../core/calendar';
import { storedCasePages } from '../../store/aggregates';
import { connectFromEnv } from '../../store/connect';
import { InputError, type Command } from '../command';
import { requiredString } from '../options';

export const rebuildAggregatesCommand: Command = {
  summary: 'rebuild the report aggregates of an organisation from its cases (page by page)',
  help: `Usage: chp rebuild-aggregates --org <id>

Reads the organisation's cases a page at a time, recomputes the monthly figures (replacing the
aggregate deltas not yet folded) and corrects each stored case's recorded contribution where it
differs. Run it after restoring cases from a backup, or if the aggregates are ever in doubt; reports
read nothing else. Cases changed while it runs may need it run again.
Output: {"org", "cases", "months", "casesCorrected", "deltasCleared", "seconds", "store"}.`,
  options: { org: { type: 'string' } },
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
      const result = await connection.store.aggregates.rebuild(orgId, counted(), calendar);
      return { org: orgId, ...result, seconds: (Date.now() - started) / 1000, store: connection.description };
    } finally {
      await connection.close();
    }
  },
};
