/**
 * "Who opened this case": the access log of a social-work case or one under legal hold, for those who
 * may read it (privacy.access-log.read: the complaints manager, the Chief Social Work Officer). Read
 * only: the log is written by the API whenever the case is opened and cannot be changed.
 */
import { useEffect, useState } from 'preact/hooks';
import { ACCESS_CHANNEL_WORDS, type AccessChannel } from '../../../core/access-log';
import type { Api, CaseAccess } from '../api';
import { displayDateTime, plural } from '../format';
import { ErrorMessage, Section } from './common';

export function AccessLog(props: { api: Api; reference: string }) {
  const [items, setItems] = useState<CaseAccess[] | undefined>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    props.api
      .accessLog(props.reference)
      .then((log) => {
        setItems(log.items);
        setMore(log.continuation !== undefined);
      })
      .catch((e: Error) => setError(e));
  }, [props.api, props.reference]);

  return (
    <Section title="Who opened this case" id="access-log-title">
      <p class="muted">Every opening of a social-work case or a case under legal hold is recorded; the record cannot be changed.</p>
      {error && <ErrorMessage error={error} title="The access log could not be loaded" />}
      {!error && !items && <p class="muted">Loading the access log…</p>}
      {items && items.length === 0 && <p class="empty">Nobody has opened it since openings began to be recorded.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="grid" id="access-log">
            <caption class="sr-only">Openings of this case, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td class="nowrap">
                    <time dateTime={e.at}>{displayDateTime(e.at)}</time>
                  </td>
                  <td>{e.displayName}</td>
                  <td>{ACCESS_CHANNEL_WORDS[e.via as AccessChannel] ?? e.via}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more && <p class="muted">Showing the latest {plural(items.length, 'opening')}.</p>}
        </div>
      )}
    </Section>
  );
}
