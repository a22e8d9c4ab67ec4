/**
 * "Import history from a previous system" (administrators, from Organisation settings): choose the
 * export, see its first rows, map each column to one of our fields and their words to ours, save the
 * mapping for the next file, run a dry run (what would be created, skipped, refused, and the reports
 * before and after), then import — all or nothing, with progress. Every rule is the server's (the
 * same code as `chp import --mapping`); this page only gathers the mapping and shows the answers.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { ErrorMessage, Section } from './common';
import { FieldControl } from './FieldControl';
import { DryRunResult, Figures, number, Progress } from './ImportHistoryResults';
import { importFields, loadMapping, mappingNames, readJob, saveMapping, startJob, uploadExport, type ImportFields, type ImportJob, type ImportMapping, type ImportPreview } from './import-history-api';

const FIELD_WORDS: Record<string, string> = {
  legacy_reference: 'Their reference (kept on the case)',
  date_received: 'Date received',
  stage: 'Stage the case reached',
  outcome: 'Outcome of the stage reached',
  closed_on: 'Date the stage reached closed',
  staff_member: 'Owner',
  nature: 'What the complaint is about',
};
const fieldWords = (id: string): string => {
  const words = FIELD_WORDS[id] ?? id.replace(/^stage([12])_/, 'stage $1 ').replace(/^spso_/, 'SPSO ').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const DATE_FORMATS: [string, string][] = [
  ['', 'YYYY-MM-DD (e.g. 2025-04-07)'],
  ['dd/mm/yyyy', 'DD/MM/YYYY (e.g. 07/04/2025)'],
  ['mm/dd/yyyy', 'MM/DD/YYYY (e.g. 04/07/2025)'],
];

/** A column named like one of our fields ("Service", "date received") is mapped to it to start with. */
function guessColumns(columns: string[], fields: ImportFields): Record<string, string | null> {
  const ids = new Set(fields.fields.map((f) => f.id));
  return Object.fromEntries(columns.map((c) => [c, ids.has(c.toLowerCase().replace(/[^a-z0-9]+/g, '_')) ? c.toLowerCase().replace(/[^a-z0-9]+/g, '_') : null]));
}

/** The mapping as the API takes it: every column named (null: ignored), only the values chosen. */
function mappingToSend(form: ImportMapping, columns: string[]): ImportMapping {
  const values: ImportMapping['values'] = {};
  for (const [map, words] of Object.entries(form.values)) {
    const chosen = Object.entries(words).filter(([, ours]) => ours !== '');
    if (chosen.length) values[map] = Object.fromEntries(chosen.map(([their, ours]) => [their, map === 'stage' ? Number(ours) : ours]));
  }
  return {
    ...(form.system?.trim() ? { system: form.system.trim() } : {}),
    ...(form.dateFormat ? { dateFormat: form.dateFormat } : {}),
    columns: Object.fromEntries(columns.map((c) => [c, form.columns[c] ?? null])),
    values,
  };
}

/** A labelled select whose first choice is the "none" choice (FieldControl adds its own "Choose…" and "(optional)"). */
function Choice(props: { id: string; label: string; hint?: string; choices: [string, string][]; value: string; onValue: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} aria-describedby={props.hint ? `${props.id}-hint` : undefined} onChange={(e) => props.onValue(e.currentTarget.value)}>
        {props.choices.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
      {props.hint && (
        <small id={`${props.id}-hint`} class="muted">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function ImportHistory(props: { api: Api }) {
  const { api } = props;
  const [fields, setFields] = useState<ImportFields | undefined>();
  const [names, setNames] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<Error | undefined>();
  const [preview, setPreview] = useState<ImportPreview | undefined>();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<Error | undefined>();
  const [form, setForm] = useState<ImportMapping>({ columns: {}, values: {}, dateFormat: '' });
  const [chosenName, setChosenName] = useState('');
  const [saveName, setSaveName] = useState('');
  const [saved, setSaved] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<Error | undefined>();
  const [job, setJob] = useState<ImportJob | undefined>();
  const [jobError, setJobError] = useState<Error | undefined>();
  /** The last finished dry run, and the mapping it ran with: the import is offered for that mapping only. */
  const [dryRun, setDryRun] = useState<{ job: ImportJob; mapping: string } | undefined>();
  const [result, setResult] = useState<ImportJob | undefined>();

  useEffect(() => {
    Promise.all([importFields(api), mappingNames(api)])
      .then(([f, n]) => (setFields(f), setNames(n)))
      .catch((e: Error) => setLoadError(e));
  }, []);

  if (loadError) return <ErrorMessage error={loadError} title="The import page could not be loaded" />;
  if (!fields) return <p class="muted">Loading…</p>;

  const columns = preview?.columns ?? [];
  const toSend = mappingToSend(form, columns);
  const current = JSON.stringify(toSend);
  const running = job?.state === 'running';

  async function choose(file: File | undefined) {
    if (!file || !fields) return;
    setUploading(true);
    setUploadError(undefined);
    setPreview(undefined);
    setDryRun(undefined);
    setResult(undefined);
    try {
      const p = await uploadExport(api, file);
      setPreview(p);
      setForm((f) => ({ ...f, columns: Object.keys(f.columns).length ? Object.fromEntries(p.columns.map((c) => [c, f.columns[c] ?? null])) : guessColumns(p.columns, fields) }));
    } catch (e) {
      setUploadError(e as Error);
    } finally {
      setUploading(false);
    }
  }

  async function useSaved() {
    if (!chosenName) return;
    setSaveError(undefined);
    try {
      const m = await loadMapping(api, chosenName);
      setForm({ system: m.system ?? '', dateFormat: m.dateFormat ?? '', columns: { ...Object.fromEntries(columns.map((c) => [c, null])), ...m.columns }, values: m.values });
      setSaveName(chosenName);
      setSaved(`Mapping “${chosenName}” loaded.`);
    } catch (e) {
      setSaveError(e as Error);
    }
  }

  async function save() {
    setSaved(undefined);
    setSaveError(undefined);
    try {
      await saveMapping(api, saveName.trim(), toSend);
      setNames((n) => [...new Set([...n, saveName.trim()])].sort());
      setSaved(`Mapping saved as “${saveName.trim()}”.`);
    } catch (e) {
      setSaveError(e as Error);
    }
  }

  async function run(asDryRun: boolean) {
    if (!preview) return;
    setJobError(undefined);
    if (!asDryRun) setResult(undefined);
    try {
      let j = await startJob(api, preview.uploadId, toSend, asDryRun);
      setJob(j);
      while (j.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 700));
        j = await readJob(api, j.jobId);
        setJob(j);
      }
      if (asDryRun && j.state === 'finished') setDryRun({ job: j, mapping: current });
      if (!asDryRun) setResult(j);
    } catch (e) {
      setJobError(e as Error);
    }
  }

  const setColumn = (column: string) => (target: string) => (setForm({ ...form, columns: { ...form.columns, [column]: target || null } }), setSaved(undefined));
  const setValue = (map: string, their: string) => (ours: string) => setForm({ ...form, values: { ...form.values, [map]: { ...(form.values[map] ?? {}), [their]: ours } } });
  const valueColumns = columns.flatMap((c) => {
    const map = fields.fields.find((f) => f.id === form.columns[c])?.valueMap;
    return map ? [{ column: c, map }] : [];
  });
  /** Their value when it is already one of our words (any letter case): the import takes it as it is. */
  const ownWord = (map: string, value: string): string | number | undefined => (map === 'staff_member' ? undefined : (fields.values[map] ?? []).find((w) => String(w).toLowerCase() === value.toLowerCase()));
  /** Their values neither mapped nor already our words (matched in any letter case, as the import does). */
  const unmapped = (map: string, column: string): string[] => {
    const ours = (map === 'staff_member' ? [] : (fields.values[map] ?? [])).map((w) => String(w).toLowerCase());
    return (preview?.values[column]?.top ?? []).map((v) => v.value).filter((v) => map !== 'staff_member' && !form.values[map]?.[v] && !ours.includes(v.toLowerCase()));
  };
  const stillUnmapped = valueColumns.flatMap(({ column, map }) => unmapped(map, column).map((v) => `${column}: “${v}”`));
  const missing = fields.fields.filter((f) => f.required && !Object.values(form.columns).includes(f.id));
  const dryRunCurrent = dryRun && dryRun.mapping === current ? dryRun.job : undefined;
  const importable = dryRunCurrent?.summary && dryRunCurrent.summary.refusedCount === 0;

  return (
    <div class="import-history">
      <div class="page-head">
        <h2>Import history from a previous system</h2>
      </div>
      <p class="muted">
        <a href="#/settings">Organisation settings</a> › Import history. Bring the complaints your previous system holds — this reporting year’s, so its reports count them, and the open ones, so they carry on here. Each case keeps its old reference and gets one of
        ours. Nothing is written until you import, and the import is all or nothing. Importing the same file again creates nothing twice.
      </p>

      <Section id="import-file" title="1. Choose the export">
        <div class="form-grid">
          <div class="field wide">
            <label for="import-file-input">Export file (CSV, at most {Math.round(fields.maxBytes / 1048576)} MB)</label>
            <input id="import-file-input" type="file" accept=".csv,text/csv" disabled={uploading || running} onChange={(e) => void choose(e.currentTarget.files?.[0])} />
          </div>
          {names.length > 0 && (
            <div class="add-row">
              <Choice id="import-saved-mapping" label="Use a saved mapping" choices={[['', 'Choose…'], ...names.map((n): [string, string] => [n, n])]} value={chosenName} onValue={setChosenName} />
              <button type="button" class="button" disabled={!chosenName || !preview} onClick={() => void useSaved()}>
                Load mapping
              </button>
            </div>
          )}
        </div>
        <div aria-live="polite">
          {uploading && <p class="muted">Reading the file…</p>}
          {uploadError && <ErrorMessage error={uploadError} title="The file was not accepted" />}
        </div>
      </Section>

      {preview && (
        <>
          <Section id="import-preview" title={`2. ${preview.fileName}: ${number(preview.rowCount)} rows`}>
            {preview.refusedCells > 0 && <p class="message error">{number(preview.refusedCells)} cells hold characters the product refuses; they are shown blank here and their rows will be refused.</p>}
            <div class="table-wrap" tabIndex={0} role="region" aria-label="The file’s first rows">
              <table class="grid">
                <caption>The first {preview.rows.length} rows</caption>
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th scope="col" key={c}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>

          <Section id="import-columns" title="3. Map each column to a field">
            <p class="muted">Which of our fields each of their columns holds. A column left as “Not imported” is ignored. Their reference, the date received, what the complaint is about and the service are needed.</p>
            <div class="form-grid">
              <FieldControl id="import-system" name="system" label="Their system’s name (for the case timeline)" kind="text" value={form.system ?? ''} onValue={(v) => setForm({ ...form, system: v })} />
              <Choice id="import-date-format" label="How their dates are written" choices={DATE_FORMATS.some(([f]) => f === form.dateFormat) ? DATE_FORMATS : [...DATE_FORMATS, [form.dateFormat ?? '', form.dateFormat ?? '']]} value={form.dateFormat ?? ''} onValue={(v) => setForm({ ...form, dateFormat: v })} />
            </div>
            <div class="form-grid import-columns">
              {columns.map((c, ci) => (
                <Choice
                  key={c}
                  id={`import-column-${ci}`}
                  label={c}
                  hint={preview.rows[0]?.[columns.indexOf(c)] ? `e.g. ${preview.rows[0][columns.indexOf(c)].slice(0, 60)}` : undefined}
                  choices={[['', 'Not imported'], ...fields.fields.map((f): [string, string] => [f.id, `${fieldWords(f.id)}${f.required ? ' (needed)' : ''}`])]}
                  value={form.columns[c] ?? ''}
                  onValue={setColumn(c)}
                />
              ))}
            </div>
            {missing.length > 0 && <p class="message info">Still to map: {missing.map((f) => fieldWords(f.id)).join(', ')}.</p>}
          </Section>

          <Section id="import-values" title="4. Map their words to ours">
            {valueColumns.length === 0 && <p class="muted">No mapped column needs its words translated.</p>}
            {valueColumns.map(({ column, map }, ci) => {
              const choices: [string, string][] =
                map === 'staff_member'
                  ? [['', 'Not complaints staff here: leave unassigned'], ...fields.values.staff_member.map((s): [string, string] => [s.userId, s.displayName])]
                  : [['', 'Not mapped'], ...(fields.values[map] ?? []).map((w): [string, string] => [String(w), map === 'stage' ? `Stage ${w}` : String(w)])];
              const top = preview.values[column]?.top ?? [];
              return (
                <fieldset key={column} class="import-values">
                  <legend>
                    {column} (as {fieldWords(form.columns[column] ?? '').toLowerCase()})
                  </legend>
                  {preview.values[column].distinct > top.length && <p class="muted">The {top.length} most frequent of {number(preview.values[column].distinct)} values.</p>}
                  <div class="form-grid">
                    {top.map(({ value, count }, vi) => (
                      <Choice
                        key={value}
                        id={`import-value-${ci}-${vi}`}
                        label={`${value} (${number(count)})`}
                        choices={choices}
                        value={String(form.values[map]?.[value] ?? ownWord(map, value) ?? '')}
                        onValue={setValue(map, value)}
                      />
                    ))}
                  </div>
                </fieldset>
              );
            })}
            <div role="status">
              {stillUnmapped.length > 0 ? (
                <p class="message info">
                  Not mapped yet ({stillUnmapped.length}): {stillUnmapped.slice(0, 20).join(', ')}
                  {stillUnmapped.length > 20 ? '…' : ''}. Rows with these values would be refused.
                </p>
              ) : null}
            </div>
          </Section>

          <Section id="import-save" title="5. Save the mapping for the next file">
            <div class="add-row">
              <FieldControl id="import-save-name" name="mappingName" label="Save as (letters, digits, dots, hyphens)" kind="text" value={saveName} onValue={(v) => (setSaveName(v), setSaved(undefined))} />
              <button type="button" class="button" disabled={!saveName.trim()} onClick={() => void save()}>
                Save mapping
              </button>
            </div>
            <div aria-live="polite">
              {saved && <p class="message success">{saved}</p>}
              {saveError && <ErrorMessage error={saveError} title="The mapping was not saved" />}
            </div>
          </Section>

          <Section id="import-dry-run" title="6. Dry run: what the import would do">
            <p class="muted">Reads every row through the mapping and writes nothing.</p>
            <div class="buttons">
              <button type="button" class="button primary" disabled={running} onClick={() => void run(true)}>
                Run the dry run
              </button>
            </div>
            <div aria-live="polite">
              {running && job?.dryRun && <Progress job={job} />}
              {job?.dryRun && job.state !== 'running' && job.state !== 'finished' && <p class="message error" role="alert">{job.error}</p>}
              {jobError && <ErrorMessage error={jobError} title="The job could not run" />}
            </div>
            {dryRun && (dryRunCurrent ? <DryRunResult job={dryRun.job} /> : <p class="message info">The mapping changed since the dry run; run it again.</p>)}
          </Section>

          <Section id="import-run" title="7. Import">
            <p class="muted">
              {importable
                ? `Creates ${number(dryRunCurrent?.summary?.create ?? 0)} cases, all or nothing; ${number(dryRunCurrent?.summary?.skipped ?? 0)} already here are skipped.`
                : 'Run the dry run with this mapping first; the import is offered when no row is refused.'}
            </p>
            <div class="buttons">
              <button type="button" class="button primary" disabled={!importable || running} onClick={() => void run(false)}>
                Import {importable ? number(dryRunCurrent?.summary?.create ?? 0) : ''} cases
              </button>
            </div>
            <div aria-live="polite">
              {running && job && !job.dryRun && <Progress job={job} />}
              {result && result.state === 'finished' && (
                <div class="message success" role="status">
                  <strong>Imported.</strong> <span data-count="created">{number(result.created ?? 0)}</span> cases created, <span data-count="skipped">{number(result.skipped ?? 0)}</span> skipped (already here). Open cases are in the
                  caseload with their own dates; the reports count the closed ones.
                </div>
              )}
              {result && result.state !== 'finished' && (
                <p class="message error" role="alert">
                  {result.error}
                </p>
              )}
            </div>
            {result?.state === 'finished' && result.summary && <Figures job={result} after="now" />}
          </Section>
        </>
      )}
    </div>
  );
}
