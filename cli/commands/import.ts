/** `chp import`: load a case file (CSV or JSON) into the store, all or nothing, idempotent on reference. */
import path from 'node:path';
import { formatRowErrors, parseCasesCsv, parseCasesJson } from '../../core/case-format';
import { ownerCheck } from '../../core/ownership';
import { connectFromEnv } from '../../store/connect';
import { importCases, ImportValidationError } from '../../store/import';
import { InputError, UsageError, type Command } from '../command';
import { calendarOption, HOLIDAYS_OPTION, optionalString, readTextFile, requiredString } from '../options';
import { runLegacyImport } from './import-legacy';

export const importCommand: Command = {
  summary: 'import a CSV or JSON case file into the store (all or nothing; cases already there are skipped)',
  help: `Usage: chp import <cases.csv|cases.json> --org <id> [--holidays <file.json>] [--by <user>]
       chp import <export.csv> --org <id> --mapping <mapping.json>|--mapping-name <name>
                  [--save-mapping <name>] [--dry-run] [--by <user>]
       (the file may also be given as --input <file>)

A previous system's export (README, "Bringing your history") is read through a column mapping:
  --mapping       JSON file: their column → our field, their words → ours, their date format
  --mapping-name  a mapping saved for the organisation earlier
  --save-mapping  save the mapping given under this name, for the next file
  --dry-run       write nothing: say how many cases would be created, skipped (their reference is
                  already here) and refused (row, column, reason), every unknown value by column,
                  owners left unassigned, and indicators 4 and 5 per quarter before and after
Without --dry-run it writes all or nothing, and only if no row is refused. Cases keep their
reference as legacyReference and get a product reference; importing again creates nothing twice.

  --input     case file in the interchange format (README, "Case files"); .csv or .json
  --org       the organisation the cases belong to
  --holidays  JSON file {"localHolidays": [...], "workedHolidays": [...]} for the stage clocks
  --by        who is importing (recorded as loggedBy of CSV rows; default "import")

A case's staff_member (owner) must be one of the organisation's complaints staff who handles its
service (a role assignment, or a group member who has signed in); any other is refused by row and
column, like any bad row.

Store: Azure Cosmos DB when COSMOS_ENDPOINT and COSMOS_KEY are set, else the local embedded server
on CHP_DATA_DIR (default ./data). Output: {"org", "created", "existing", "store"}. Progress goes to
stderr. A file with a bad row is refused whole; if a write fails midway, the cases this import wrote
are removed again. Importing the same file twice changes nothing the second time.`,
  positional: 'input',
  options: {
    input: { type: 'string' },
    org: { type: 'string' },
    by: { type: 'string' },
    mapping: { type: 'string' },
    'mapping-name': { type: 'string' },
    'save-mapping': { type: 'string' },
    'dry-run': { type: 'boolean' },
    ...HOLIDAYS_OPTION,
  },
  async run(values, io) {
    const input = requiredString(values, 'input');
    const orgId = requiredString(values, 'org');
    const legacy = optionalString(values, 'mapping') ?? optionalString(values, 'mapping-name');
    if (!legacy && (values['dry-run'] || optionalString(values, 'save-mapping'))) throw new UsageError('--dry-run and --save-mapping go with --mapping <file> or --mapping-name <name> (a previous system\'s export)');
    if (legacy) {
      if (path.extname(input).toLowerCase() !== '.csv') throw new UsageError(`--input "${input}": a previous system's export is read as a .csv file`);
      const connection = await connectFromEnv(process.env, io.cwd);
      try {
        return await runLegacyImport(values, io, input, orgId, connection);
      } catch (error) {
        if (error instanceof ImportValidationError) throw new InputError(`${input}: ${error.message}`);
        throw error;
      } finally {
        await connection.close();
      }
    }
    const format = path.extname(input).toLowerCase();
    if (format !== '.csv' && format !== '.json') throw new UsageError(`--input "${input}" must be a .csv or .json file`);
    const calendar = calendarOption(values, io);
    const text = readTextFile(input, io, 'case file');
    const connection = await connectFromEnv(process.env, io.cwd);
    try {
      // Only the organisation's complaints staff may own its cases (core/ownership), imported ones too.
      const org = await connection.store.orgs.get(orgId);
      const staff = org ? await connection.store.staff.list(orgId) : [];
      const ownerProblem = ownerCheck(org?.roleAssignments ?? [], staff, org?.settings.name ?? `organisation "${orgId}"`, org?.roleDefinitions);
      const options = { orgId, calendar, importedBy: optionalString(values, 'by') ?? 'import', ownerProblem };
      const parsed = format === '.csv' ? parseCasesCsv(text, options) : parseCasesJson(text, options);
      if (!parsed.ok) {
        const count = parsed.errors.length;
        throw new InputError(`${input}: ${count} problem${count === 1 ? '' : 's'}, nothing was imported\n${formatRowErrors(parsed.errors, format === '.csv' ? 'row' : 'item')}`);
      }
      const result = await importCases(connection.store, orgId, parsed.cases, (p) => io.stderr(`imported ${p.done}/${p.total}\n`));
      return { org: orgId, created: result.created.length, existing: result.existing.length, store: connection.description };
    } catch (error) {
      if (error instanceof ImportValidationError) throw new InputError(`${input}: ${error.message}`);
      throw error;
    } finally {
      await connection.close();
    }
  },
};
