/**
 * "Case file for the SPSO": the whole case file (every recorded field, the timeline, notes, letters
 * and the documents list) as one accessible HTML or PDF document, produced in one step by people who
 * hold `case.file.export` (the complaints manager, as SPSO liaison officer). The API records each
 * request on the case's timeline before sending the file; this shows who produced it and when.
 */
import { useState } from 'preact/hooks';
import type { Api, Case } from '../api';
import { displayDateTime } from '../format';
import { ErrorMessage, Section } from './common';

type CaseFileFormat = 'pdf' | 'html';

const FORMAT_WORDS: Record<CaseFileFormat, string> = { pdf: 'PDF (to print or send)', html: 'HTML (web page)' };

/** The format a recorded request names ("Whole case file produced (PDF) by …"). */
const formatOf = (summary: string): string => /\((HTML|PDF)\)/.exec(summary)?.[1] ?? '';

export function CaseFileExport(props: { api: Api; current: Case; who: (id: string | undefined) => string | undefined; onProduced: () => Promise<void> }) {
  const { api, current: c } = props;
  const [format, setFormat] = useState<CaseFileFormat>('pdf');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const produced = c.events.filter((e) => e.type === 'case-file-exported').reverse();

  async function produce() {
    setBusy(true);
    setDone('');
    setError(undefined);
    try {
      const file = await api.download(`/case-files/${encodeURIComponent(c.reference)}?format=${format}`, {});
      const url = URL.createObjectURL(file.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename ?? `case-file-${c.reference}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(`Case file produced as ${format.toUpperCase()} and downloaded. The request is recorded on the timeline.`);
      await props.onProduced();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="Case file for the SPSO" id="case-file-title">
      <p class="muted">Every recorded field, the timeline, notes, letters and the list of documents in one document, as the SPSO asks for when it investigates. Producing it is recorded on the case.</p>
      <fieldset class="segmented-choice" id="case-file-format">
        <legend>Format</legend>
        {(Object.keys(FORMAT_WORDS) as CaseFileFormat[]).map((f) => (
          <label key={f}>
            <input type="radio" name="case-file-format" value={f} checked={format === f} onChange={() => setFormat(f)} /> {FORMAT_WORDS[f]}
          </label>
        ))}
      </fieldset>
      <button type="button" class="button primary" id="case-file-produce" disabled={busy} onClick={() => void produce()}>
        {busy ? 'Producing the case file…' : 'Produce case file'}
      </button>
      <div id="case-file-status" aria-live="polite">{done && <div class="message success" role="status">{done}</div>}</div>
      {error && <ErrorMessage error={error} title="The case file was not produced" />}
      {produced.length > 0 && (
        <ul class="case-file-history" aria-label="Case files produced">
          {produced.map((e) => (
            <li key={e.id}>
              Case file produced by {props.who(e.by)} on {displayDateTime(e.at)}
              {formatOf(e.summary) && ` (${formatOf(e.summary)})`}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
