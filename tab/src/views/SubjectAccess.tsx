/**
 * Subject access requests (UK GDPR art. 15), for the complaints manager (privacy.subject-access):
 * find a person by name, email or phone across the whole organisation, choose which of the cases found
 * are theirs, export them as one bundle (PDF, JSON or HTML) with other people's data marked for
 * redaction review, and see every export made. The search and the marking are the API's; loaded on
 * demand (lazy chunk).
 */
import { useEffect, useState } from 'preact/hooks';
import { MATCHED_FIELD_WORDS, type MatchedField } from '../../../core/subject-access';
import { ApiError, type Api, type ExportFormat, type SubjectAccessExport, type SubjectCase, type SubjectSearch } from '../api';
import { displayDate, displayDateTime, plural, STATUS_WORDS } from '../format';
import { ErrorMessage } from './common';
import { FieldControl } from './FieldControl';

const FIELDS = [
  { name: 'name', label: 'Name', hint: 'As the person gives it; case, accents and spacing do not matter' },
  { name: 'email', label: 'Email address', hint: 'For example: elspeth.baird@example.net' },
  { name: 'phone', label: 'Phone number', hint: 'Any way of writing it: 07700 900461 and +44 7700 900461 match' },
] as const;
type FieldName = (typeof FIELDS)[number]['name'];

const ROLE_WORDS: Record<SubjectCase['subjectRole'], string> = { customer: 'Customer', representative: 'Representative', mentioned: 'Named in the complaint' };
const FORMATS: [ExportFormat, string][] = [
  ['pdf', 'Export PDF'],
  ['json', 'Export JSON'],
  ['html', 'Export HTML'],
];

const sentence = (message: string): string => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

const searchWords = (s: SubjectSearch): string => [s.name, s.email, s.phone].filter(Boolean).join(', ');

export function SubjectAccess(props: { api: Api }) {
  const { api } = props;
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', email: '', phone: '' });
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const [general, setGeneral] = useState('');
  const [searching, setSearching] = useState(false);
  const [result, setResult] = useState<{ search: SubjectSearch; cases: SubjectCase[] } | undefined>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [exporting, setExporting] = useState<ExportFormat | undefined>();
  const [exported, setExported] = useState('');
  const [exportError, setExportError] = useState<Error | undefined>();
  const [exports, setExports] = useState<SubjectAccessExport[] | undefined>();
  const [exportsError, setExportsError] = useState<Error | undefined>();
  /** The element to focus once the render that shows a problem or the results is done. */
  const [focusOn, setFocusOn] = useState<{ id: string } | undefined>();
  useEffect(() => {
    if (focusOn) document.getElementById(focusOn.id)?.focus();
  }, [focusOn]);

  const loadExports = () =>
    api
      .subjectExports()
      .then((page) => setExports(page.items))
      .catch((e: Error) => setExportsError(e));
  useEffect(() => void loadExports(), [api]);

  async function search(event: Event) {
    event.preventDefault();
    setProblems({});
    setGeneral('');
    setExported('');
    setExportError(undefined);
    const asked: SubjectSearch = Object.fromEntries(FIELDS.map((f) => [f.name, values[f.name].trim()]).filter(([, v]) => v !== ''));
    if (Object.keys(asked).length === 0) {
      setGeneral('Enter the person’s name, email address or phone number (any one will do; more finds more).');
      setFocusOn({ id: 'sar-name' });
      return;
    }
    setSearching(true);
    try {
      const found = await api.subjectSearch(asked);
      setResult(found);
      setChosen(new Set(found.cases.map((c) => c.reference)));
      // Focus follows the answer, so a screen reader reads how many cases were found.
      setFocusOn({ id: 'sar-results-title' });
    } catch (error) {
      setResult(undefined);
      if (error instanceof ApiError && error.fields.length > 0) {
        const byField: Partial<Record<FieldName, string>> = {};
        const unplaced: string[] = [];
        for (const f of error.fields) {
          const field = FIELDS.find((x) => x.name === f.field);
          if (field) byField[field.name] = sentence(f.message);
          else unplaced.push(sentence(f.message));
        }
        setProblems(byField);
        setGeneral(unplaced.length > 0 ? unplaced.join(' ') : 'Correct the fields marked below and search again.');
        const first = FIELDS.find((f) => byField[f.name]);
        setFocusOn({ id: first ? `sar-${first.name}` : 'sar-name' });
      } else setGeneral(`The search could not be made. ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSearching(false);
    }
  }

  async function exportBundle(format: ExportFormat) {
    if (!result) return;
    setExporting(format);
    setExported('');
    setExportError(undefined);
    try {
      const references = result.cases.filter((c) => chosen.has(c.reference)).map((c) => c.reference);
      const file = await api.subjectExport({ ...result.search, format, references });
      const url = URL.createObjectURL(file.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename ?? `subject-access.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setExported(`Exported ${plural(references.length, 'case')} as ${format.toUpperCase()}. The export is recorded below.`);
      await loadExports();
    } catch (error) {
      setExportError(error as Error);
    } finally {
      setExporting(undefined);
    }
  }

  const toggle = (reference: string) => {
    const next = new Set(chosen);
    if (next.has(reference)) next.delete(reference);
    else next.add(reference);
    setChosen(next);
  };

  return (
    <section class="subject-access" aria-labelledby="sar-title">
      <div class="page-head">
        <h2 id="sar-title">Subject access requests</h2>
      </div>
      <p class="muted">
        Find everything the organisation holds about a person in its complaints — every service, social work included, open and closed — and export it for their subject access request. Other people’s
        details are marked for you to review and redact before release. Every export is recorded.
      </p>

      <section class="card" aria-labelledby="sar-search-title">
        <div class="card-head">
          <h3 id="sar-search-title">Find the person</h3>
        </div>
        <form class="action-form" id="sar-form" onSubmit={search} noValidate aria-labelledby="sar-search-title">
          {general && (
            <div class="message error" role="alert" id="sar-general">
              {general}
            </div>
          )}
          <div class="form-grid">
            {FIELDS.map((f) => (
              <FieldControl
                key={f.name}
                id={`sar-${f.name}`}
                name={f.name}
                label={f.label}
                kind="text"
                hint={f.hint}
                problem={problems[f.name]}
                value={values[f.name]}
                onValue={(v) => setValues({ ...values, [f.name]: v })}
              />
            ))}
          </div>
          <div class="buttons">
            <button type="submit" class="button primary" disabled={searching}>
              {searching ? 'Searching…' : 'Search'}
            </button>
          </div>
        </form>
      </section>

      {result && (
        <section class="card" aria-labelledby="sar-results-title">
          <div class="card-head">
            <h3 id="sar-results-title" tabIndex={-1}>
              {result.cases.length === 0 ? 'No cases found' : `${plural(result.cases.length, 'case')} found`} for {searchWords(result.search)}
            </h3>
          </div>
          {result.cases.length === 0 ? (
            <p class="empty">No case about this person is held. You can still export the bundle to say so.</p>
          ) : (
            <div class="table-wrap">
              <table class="grid" id="sar-results">
                <caption class="sr-only">Cases about the person; untick a case that is about someone else</caption>
                <thead>
                  <tr>
                    <th scope="col">Include</th>
                    <th scope="col">Case</th>
                    <th scope="col">Received</th>
                    <th scope="col">Service</th>
                    <th scope="col">Status</th>
                    <th scope="col">The person is</th>
                    <th scope="col">Found by</th>
                  </tr>
                </thead>
                <tbody>
                  {result.cases.map((c) => (
                    <tr key={c.reference}>
                      <td>
                        <input type="checkbox" id={`sar-include-${c.reference}`} checked={chosen.has(c.reference)} onChange={() => toggle(c.reference)} aria-label={`Include ${c.reference} in the export`} />
                      </td>
                      <td class="nowrap">
                        <a class="case-link" href={`#/case/${c.reference}`}>
                          {c.reference}
                        </a>
                        {c.socialWork && <> <span class="tag">Social work</span></>}
                        {c.legalHold && <> <span class="tag warn">Legal hold</span></>}
                      </td>
                      <td class="nowrap">{displayDate(c.receivedOn)}</td>
                      <td>{c.service}</td>
                      <td>{STATUS_WORDS[c.status] ?? c.status}</td>
                      <td>{ROLE_WORDS[c.subjectRole]}</td>
                      <td>{c.matchedOn.map((m) => MATCHED_FIELD_WORDS[m as MatchedField] ?? m).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="buttons exports" role="group" aria-label="Export the chosen cases">
            {FORMATS.map(([format, words]) => (
              <button key={format} type="button" class="button" data-format={format} disabled={exporting !== undefined} onClick={() => exportBundle(format)}>
                {exporting === format ? 'Preparing…' : words}
              </button>
            ))}
            <span class="muted">{plural(chosen.size, 'case')} chosen</span>
          </div>
          {exported && (
            <div class="message success" role="status" id="sar-exported">
              {exported}
            </div>
          )}
          {exportError && <ErrorMessage error={exportError} title="The export could not be made" />}
        </section>
      )}

      <section class="card" aria-labelledby="sar-exports-title">
        <div class="card-head">
          <h3 id="sar-exports-title">Exports made</h3>
        </div>
        <p class="muted">Who exported whose data, and when. This record cannot be changed.</p>
        {exportsError && <ErrorMessage error={exportsError} title="The exports could not be listed" />}
        {!exportsError && !exports && <p class="muted">Loading the exports…</p>}
        {exports && exports.length === 0 && <p class="empty">No subject access export has been made yet.</p>}
        {exports && exports.length > 0 && (
          <div class="table-wrap">
            <table class="grid" id="sar-exports">
              <caption class="sr-only">Subject access exports, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Search</th>
                  <th scope="col">Format</th>
                  <th scope="col" class="num">
                    Cases
                  </th>
                </tr>
              </thead>
              <tbody>
                {exports.map((e) => (
                  <tr key={e.id}>
                    <td class="nowrap">
                      <time dateTime={e.at}>{displayDateTime(e.at)}</time>
                    </td>
                    <td>{e.displayName}</td>
                    <td>{searchWords(e.search)}</td>
                    <td>{e.format.toUpperCase()}</td>
                    <td class="num">{e.caseCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
