/** What the "Import history" page shows of a job: the dry run's counts and refusals, the figures before and after, progress. */
import type { ImportJob } from './import-history-api';

export const number = (n: number): string => n.toLocaleString('en-GB');

export function Figures(props: { job: ImportJob; after: string }) {
  const periods = props.job.summary?.periods ?? [];
  if (periods.length === 0) return <p class="muted">No reporting quarter changes: no case would be added.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Reports before and after">
      <table class="grid">
        <caption>Complaints received (indicator 4) and stage closures (indicator 5) per quarter</caption>
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col" class="num">Received before</th>
            <th scope="col" class="num">Received {props.after}</th>
            <th scope="col" class="num">Closed before</th>
            <th scope="col" class="num">Closed {props.after}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.quarter}>
              <th scope="row">{p.label}</th>
              <td class="num">{number(p.received.before)}</td>
              <td class="num">{number(p.received.after)}</td>
              <td class="num">{number(p.closed.before)}</td>
              <td class="num">{number(p.closed.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DryRunResult(props: { job: ImportJob }) {
  const s = props.job.summary;
  if (!s) return null;
  const unknown = Object.entries(s.unknownValues);
  const owners = Object.entries(s.unassignedOwners);
  return (
    <div class="import-result" aria-label="Dry run result" role="region">
      <dl class="facts">
        <div>
          <dt>Rows in the file</dt>
          <dd>{number(s.rows)}</dd>
        </div>
        <div>
          <dt>Would be created</dt>
          <dd data-count="create">{number(s.create)}</dd>
        </div>
        <div>
          <dt>Skipped (already imported)</dt>
          <dd data-count="skipped">{number(s.skipped)}</dd>
        </div>
        <div>
          <dt>Refused</dt>
          <dd data-count="refused">{number(s.refusedCount)}</dd>
        </div>
      </dl>
      {unknown.length > 0 && (
        <div class="message error" role="alert">
          <strong>Values the mapping does not translate.</strong> Map them above, then run the dry run again:
          <ul>
            {unknown.map(([column, counts]) => (
              <li key={column}>
                {column}: {Object.entries(counts).map(([value, count]) => `“${value}” ×${count}`).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.refused.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Refused rows">
          <table class="grid">
            <caption>
              Refused rows{s.refusedCount > s.refused.length ? ` (the first ${number(s.refused.length)} of ${number(s.refusedCount)})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {s.refused.slice(0, 200).map((r, i) => (
                <tr key={`${r.row}-${i}`}>
                  <td class="num">{r.row}</td>
                  <td>{r.column ?? '—'}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {owners.length > 0 && (
        <p class="message info">
          Owners who are not complaints staff here — their cases are imported unassigned, for the complaints manager to assign: {owners.map(([name, n]) => `${name} (${n})`).join(', ')}.
        </p>
      )}
      {s.ignoredColumns.length > 0 && <p class="muted">Columns not imported: {s.ignoredColumns.join(', ')}.</p>}
      <Figures job={props.job} after="after the import" />
    </div>
  );
}

export function Progress(props: { job: ImportJob }) {
  const { job } = props;
  const { done, total } = job.progress;
  const words = job.phase === 'reading' ? `Reading ${job.fileName} and checking every row…` : `Imported ${number(done)} of ${number(total)} cases…`;
  return (
    <div class="upload-progress" role="status">
      <progress max={total || 1} value={job.phase === 'reading' ? undefined : done} aria-label={job.dryRun ? 'Dry run' : 'Import'} /> {words}
    </div>
  );
}
