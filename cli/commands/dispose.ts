/** `chp dispose`: the retention sweep of an organisation — list what is due, or destroy it. */
import { londonDate } from '../../core/calendar';
import { casesAre, checkSweep, type SweepRefusal } from '../../core/retention';
import { connectFromEnv } from '../../store/connect';
import { connectDocumentsFromEnv, type DocumentConnection } from '../../store/documents-connect';
import { casesDueForDisposal, disposeCases } from '../../store/retention';
import { InputError, UsageError, type Command } from '../command';
import { dateOption, integerOption, requiredString } from '../options';

function refusal(refused: SweepRefusal, orgId: string): Error {
  switch (refused.reason) {
    case 'today-in-future':
      return new UsageError(`--today ${refused.today} is after today (${refused.realToday}): a sweep that destroys records judges by today at the latest; add --dry-run to see what will be due then`);
    case 'not-confirmed':
      return new InputError(`${casesAre(refused.due)} due for disposal in ${orgId} and would be destroyed for good; check them with --dry-run, then run again with --confirm ${refused.due}`);
    case 'count-changed':
      return new InputError(`${casesAre(refused.due)} due for disposal in ${orgId} now, not ${refused.confirmed}; check them with --dry-run, then run again with --confirm ${refused.due}`);
  }
}

export const disposeCommand: Command = {
  summary: "dispose of an organisation's cases past their retention date (list and count them first with --dry-run)",
  help: `Usage: chp dispose --org <id> --dry-run [--today YYYY-MM-DD]
       chp dispose --org <id> --confirm <number> [--today YYYY-MM-DD]

Destroys the records of the organisation's closed cases whose disposal date (the case's
\`disposalOn\`: the end of the retention period after its final state) has come, except those on
legal hold, with their notes, letters, documents and access log. Their figures stay in the reports. Run it with --dry-run first to see what would go and
how many; then run it with --confirm and that number, which must still be the number due.

  --org      the organisation
  --dry-run  list and count the cases that are due, destroy nothing
  --confirm  the number of cases the sweep will destroy (required without --dry-run)
  --today    the day to judge by (default: today in Europe/London); a later day only with --dry-run

Store: as for chp import. Documents: BLOB_ACCOUNT_URL (required with COSMOS_ENDPOINT for a real sweep),
else the local document storage beside the local store. Output: {"org", "today", "dryRun", "count", "cases": [{"reference", "disposalOn", "status"}], "store"}.`,
  options: { org: { type: 'string' }, 'dry-run': { type: 'boolean' }, today: { type: 'string' }, confirm: { type: 'string' } },
  async run(values, io) {
    const orgId = requiredString(values, 'org');
    const realToday = londonDate(new Date());
    const today = values.today === undefined ? realToday : dateOption(values, 'today');
    const dryRun = values['dry-run'] === true;
    const confirmCount = integerOption(values, 'confirm', 0);
    if (dryRun && confirmCount !== undefined) throw new UsageError('--confirm is for a real sweep; leave it out with --dry-run');
    // Refuse a future day before touching the store: it is the command line that is wrong.
    const early = checkSweep({ dryRun, today, realToday, due: 0, confirmCount: 0 });
    if (early) throw refusal(early, orgId);
    // Against Azure, the documents are in Azure too: a sweep without their account would leave them behind.
    if (!dryRun && process.env.COSMOS_ENDPOINT && !process.env.BLOB_ACCOUNT_URL) {
      throw new UsageError('set BLOB_ACCOUNT_URL to the document storage account as well, so the cases\' documents are destroyed with them');
    }
    const connection = await connectFromEnv(process.env, io.cwd);
    let documents: DocumentConnection | undefined;
    try {
      if (!(await connection.store.orgs.get(orgId))) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}`);
      const due = await casesDueForDisposal(connection.store, orgId, today);
      const refused = checkSweep({ dryRun, today, realToday, due: due.length, confirmCount });
      if (refused) throw refusal(refused, orgId);
      const progress = (done: number, of: number) => (done % 100 === 0 || done === of) && io.stderr(`looked at ${done} of ${of} cases due\n`);
      if (!dryRun && due.length > 0) documents = await connectDocumentsFromEnv(process.env, io.cwd);
      const cases = dryRun ? due : await disposeCases(connection.store, orgId, today, due, { documents: documents?.documents, onProgress: progress });
      if (!dryRun) io.stderr(`disposed of ${cases.length} case record${cases.length === 1 ? '' : 's'}\n`);
      return { org: orgId, today, dryRun, count: cases.length, cases, store: connection.description };
    } finally {
      await documents?.close();
      await connection.close();
    }
  },
};
