/** `chp dispose`: the retention sweep of an organisation — list what is due, or destroy it. */
import { londonDate } from '../../core/calendar';
import { connectFromEnv } from '../../store/connect';
import { casesDueForDisposal, disposeDueCases } from '../../store/retention';
import { InputError, type Command } from '../command';
import { dateOption, requiredString } from '../options';

export const disposeCommand: Command = {
  summary: "dispose of an organisation's cases past their retention date (lists them first with --dry-run)",
  help: `Usage: chp dispose --org <id> [--dry-run] [--today YYYY-MM-DD]

Destroys the records of the organisation's closed cases whose disposal date (the case's
\`disposalOn\`: the end of the retention period after its final state) has come, except those on
legal hold. Their figures stay in the reports. Run it with --dry-run first to see what would go.

  --org      the organisation
  --dry-run  list the cases that are due, destroy nothing
  --today    the day to judge by (default: today in Europe/London)

Store: as for chp import. Output: {"org", "today", "dryRun", "cases": [{"reference", "disposalOn", "status"}], "store"}.`,
  options: { org: { type: 'string' }, 'dry-run': { type: 'boolean' }, today: { type: 'string' } },
  async run(values, io) {
    const orgId = requiredString(values, 'org');
    const today = values.today === undefined ? londonDate(new Date()) : dateOption(values, 'today');
    const dryRun = values['dry-run'] === true;
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      if (!(await connection.store.orgs.get(orgId))) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
      const progress = (done: number, of: number) => (done % 100 === 0 || done === of) && io.stderr(`looked at ${done} of ${of} cases due\n`);
      const cases = dryRun ? await casesDueForDisposal(connection.store, orgId, today) : await disposeDueCases(connection.store, orgId, today, progress);
      if (!dryRun) io.stderr(`disposed of ${cases.length} case record${cases.length === 1 ? '' : 's'}\n`);
      return { org: orgId, today, dryRun, cases, store: connection.description };
    } finally {
      await connection.close();
    }
  },
};
