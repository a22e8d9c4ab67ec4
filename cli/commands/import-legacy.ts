/**
 * `chp import <export.csv> --mapping <file.json>|--mapping-name <name>`: a previous system's export,
 * through a column mapping (core/legacy-import.ts). A dry run reports; a real run writes all or
 * nothing, and only when no row is refused and no value is unknown.
 */
import { formatRowErrors } from '../../core/case-format';
import { legacyMappingSchema, type LegacyMapping, type LegacyReadResult } from '../../core/legacy-import';
import type { Connection } from '../../store/connect';
import { importLegacyCases, loadMapping, MAPPING_NAME, mappingFits, mappingNames, prepareLegacyImport, saveMapping } from '../../store/legacy-import';
import { InputError, UsageError, type CommandIo, type OptionValues } from '../command';
import { optionalString, readTextFile } from '../options';

function parseMappingFile(file: string, io: CommandIo): LegacyMapping {
  const text = readTextFile(file, io, 'mapping file');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`mapping file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = legacyMappingSchema.safeParse(data);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('\n');
    throw new InputError(`mapping file "${file}" is not usable (README, "Bringing your history"):\n${reasons}`);
  }
  return parsed.data;
}

async function chooseMapping(values: OptionValues, io: CommandIo, connection: Connection, orgId: string): Promise<LegacyMapping> {
  const file = optionalString(values, 'mapping');
  const name = optionalString(values, 'mapping-name');
  if (file && name) throw new UsageError('give --mapping <file> or --mapping-name <name>, not both');
  if (file) return parseMappingFile(file, io);
  const mapping = await loadMapping(connection.store, orgId, name as string);
  if (!mapping) {
    const saved = await mappingNames(connection.store, orgId);
    throw new InputError(`"${orgId}" has no saved mapping "${name}"; ${saved.length ? `saved: ${saved.join(', ')}` : 'none is saved yet (save one with --save-mapping <name>)'}`);
  }
  return mapping;
}

/** Every unknown value, grouped by their column, most frequent first: `"Outcome": "Part Upheld" ×12`. */
function unknownValueLines(unknown: LegacyReadResult['unknownValues']): string {
  return Object.entries(unknown)
    .map(([column, counts]) => `  "${column}": ${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([v, n]) => `"${v}" ×${n}`).join(', ')}`)
    .join('\n');
}

export async function runLegacyImport(values: OptionValues, io: CommandIo, input: string, orgId: string, connection: Connection): Promise<unknown> {
  const saveAs = optionalString(values, 'save-mapping');
  if (saveAs && !MAPPING_NAME.test(saveAs)) throw new UsageError(`--save-mapping "${saveAs}": a name is letters, digits, dots, hyphens and underscores (up to 64)`);
  const dryRun = values['dry-run'] === true;
  const org = await connection.store.orgs.get(orgId);
  if (!org) throw new InputError(`there is no organisation "${orgId}" in ${connection.description}; create it first (chp org create)`);
  const mapping = await chooseMapping(values, io, connection, orgId);
  const text = readTextFile(input, io, 'export file');
  const { summary: dryRunSummary, toCreate } = await prepareLegacyImport(connection.store, org, text, mapping, optionalString(values, 'by') ?? 'import');
  const summary = { org: orgId, ...dryRunSummary };
  const fits = mappingFits(summary);
  if (saveAs && fits) await saveMapping(connection.store, orgId, saveAs, mapping, new Date().toISOString());
  if (dryRun) return { dryRun: true, ...summary, mappingSaved: saveAs && fits ? saveAs : undefined, store: connection.description };

  if (summary.refused.length > 0) {
    const unknown = Object.keys(summary.unknownValues).length ? `\nValues the mapping does not translate (add them to its "values"):\n${unknownValueLines(summary.unknownValues)}` : '';
    throw new InputError(`${input}: ${summary.refused.length} problem(s) in ${new Set(summary.refused.map((e) => e.row)).size} row(s), nothing was imported${unknown}\n${formatRowErrors(summary.refused)}`);
  }
  const owners = Object.keys(summary.unassignedOwners);
  if (owners.length) io.stderr(`${owners.length} owner(s) are not complaints staff of ${org.settings.name}; their cases are imported unassigned: ${owners.join(', ')}\n`);
  const result = await importLegacyCases(connection.store, orgId, toCreate, (p) => io.stderr(`imported ${p.done}/${p.total}\n`));
  return { ...summary, refused: undefined, created: result.created.length, skipped: summary.skipped + result.existing.length, mappingSaved: saveAs, store: connection.description };
}
