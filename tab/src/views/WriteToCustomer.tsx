/**
 * "Write to the customer" on a case: start a letter from the organisation's template, finish it (every
 * [[…]] gap filled), send a stage 2 decision for sign-off — naming who will be asked — and send it by
 * email (Microsoft Graph, on your behalf) or print it for post. The API decides what may be sent.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { displayDateTime } from '../format';
import { ErrorMessage, Section } from './common';

interface LetterView {
  id: string;
  kind: string;
  subject: string;
  text: string;
  gaps: string[];
  signOff: 'not-needed' | 'not-requested' | 'requested' | 'approved' | 'changed';
  sent?: { at: string; via: string; to?: string };
}
interface Letters {
  letters: LetterView[];
  kinds: Record<string, string>;
  reach: { routes: ('email' | 'letter')[]; email?: string; nothingToSend?: string };
  approvers: string[];
}

const SIGN_OFF_WORDS: Record<LetterView['signOff'], string> = {
  'not-needed': '',
  'not-requested': 'Needs sign-off before it is sent.',
  requested: 'Waiting for sign-off of this text.',
  approved: 'Signed off: this exact text may be sent.',
  changed: 'Changed since it was sent for sign-off: send it for sign-off again.',
};
const VIA_WORDS: Record<string, string> = { email: 'by email', 'email-reply': 'as a reply to their email', 'outlook-reply': 'from Outlook', letter: 'as a letter', 'large-print-letter': 'as a large-print letter' };
const path = (reference: string, rest = '') => `/cases/${encodeURIComponent(reference)}/letters${rest}`;

export function WriteToCustomer(props: { api: Api; reference: string; onSent?: () => void }) {
  const { api, reference } = props;
  const [data, setData] = useState<Letters | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [kind, setKind] = useState('stage1-acknowledgement');
  const [notice, setNotice] = useState('');
  const load = () => api.request<Letters>('GET', path(reference)).then(setData).catch((e: Error) => setError(e));
  useEffect(() => void load(), [reference]);

  const act = async (work: () => Promise<string>) => {
    setError(undefined);
    setNotice('');
    try {
      setNotice(await work());
      await load();
    } catch (e) {
      setError(e as Error);
    }
  };

  if (!data) return <Section title="Write to the customer" id="letters-title">{error ? <ErrorMessage error={error} /> : <p class="muted">Loading letters…</p>}</Section>;
  return (
    <Section title="Write to the customer" id="letters-title">
      {data.reach.nothingToSend && <p class="message" role="status">{data.reach.nothingToSend}</p>}
      {error && <ErrorMessage error={error} title="Not done" />}
      {notice && <p class="message success" role="status">{notice}</p>}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api.request('POST', path(reference), { kind });
            return 'Draft started from your organisation’s template: fill in every [[…]] gap, then save.';
          });
        }}
      >
        <label for="letter-kind">Start a letter</label>
        <select id="letter-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
          {Object.entries(data.kinds).map(([value, words]) => <option key={value} value={value}>{words}</option>)}
        </select>
        <button type="submit" class="button">Draft from template</button>
      </form>
      {data.letters.map((letter) => (
        <LetterEditor key={letter.id} letter={letter} data={data} act={act} api={api} reference={reference} kindWords={data.kinds[letter.kind] ?? letter.kind} onSent={props.onSent} />
      ))}
    </Section>
  );
}

function LetterEditor(props: { letter: LetterView; data: Letters; api: Api; reference: string; kindWords: string; act: (work: () => Promise<string>) => Promise<void>; onSent?: () => void }) {
  const { letter, api, reference, act, data } = props;
  const [subject, setSubject] = useState(letter.subject);
  const [text, setText] = useState(letter.text);
  const [summary, setSummary] = useState('');
  const [outcome, setOutcome] = useState('upheld');
  const id = `letter-${letter.id}`;
  const dirty = subject !== letter.subject || text !== letter.text;
  const sendable = !letter.sent && !dirty && letter.gaps.length === 0 && (letter.signOff === 'not-needed' || letter.signOff === 'approved');

  const send = (via: string) =>
    act(async () => {
      if (via === 'letter' || via === 'large-print-letter') {
        const file = await api.download(path(reference, `/${letter.id}/send`), { via });
        const url = URL.createObjectURL(file.body);
        const link = document.createElement('a');
        link.href = url;
        link.download = file.filename ?? 'letter.pdf';
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else {
        await api.request('POST', path(reference, `/${letter.id}/send`), { via });
      }
      props.onSent?.();
      const closing = letter.kind === 'stage1-decision' || letter.kind === 'stage2-decision' ? ' You can now close the stage with today’s date (the date of the response).' : '';
      return `Sent ${VIA_WORDS[via] ?? via} and recorded on the case.${closing}`;
    });

  return (
    <article class="letter" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{props.kindWords}</h4>
      {letter.sent ? (
        <p class="muted">Sent {VIA_WORDS[letter.sent.via] ?? letter.sent.via}{letter.sent.to ? ` to ${letter.sent.to}` : ''} on {displayDateTime(letter.sent.at)}.</p>
      ) : (
        letter.signOff !== 'not-needed' && <p class={letter.signOff === 'approved' ? 'message success' : 'message'}>{SIGN_OFF_WORDS[letter.signOff]}</p>
      )}
      <label for={`${id}-subject`}>Subject</label>
      <input id={`${id}-subject`} type="text" value={subject} readOnly={Boolean(letter.sent)} onInput={(e) => setSubject((e.target as HTMLInputElement).value)} />
      <label for={`${id}-text`}>Text</label>
      <textarea id={`${id}-text`} rows={14} value={text} readOnly={Boolean(letter.sent)} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      {!letter.sent && letter.gaps.length > 0 && <p class="muted">Still to fill in: {letter.gaps.length} [[…]] gap{letter.gaps.length === 1 ? '' : 's'}.</p>}
      {!letter.sent && (
        <div class="button-row">
          <button type="button" class="button" disabled={!dirty} onClick={() => act(async () => {
            const saved = await api.request<{ caseStatus?: string; signOff: string }>('PUT', path(reference, `/${letter.id}`), { subject, text });
            return saved.signOff === 'not-requested' && letter.signOff === 'approved' ? 'Saved. The sign-off no longer stands because the text changed: send it for sign-off again.' : 'Saved.';
          })}>Save</button>
          {data.reach.routes.includes('email') && <button type="button" class="button" disabled={!sendable} onClick={() => send('email')}>Email to {data.reach.email}</button>}
          {data.reach.routes.includes('email') && <button type="button" class="button subtle" disabled={!sendable} onClick={() => send('email-reply')}>Reply to their email</button>}
          {data.reach.routes.includes('letter') && <button type="button" class="button subtle" disabled={!sendable} onClick={() => send('letter')}>Print letter (PDF)</button>}
          {data.reach.routes.includes('letter') && <button type="button" class="button subtle" disabled={!sendable} onClick={() => send('large-print-letter')}>Large print (PDF)</button>}
        </div>
      )}
      {!letter.sent && letter.kind === 'stage2-decision' && (letter.signOff === 'not-requested' || letter.signOff === 'changed') && (
        <form class="signoff-request" onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const r = await api.request<{ approvers: string[] }>('POST', path(reference, `/${letter.id}/request-signoff`), { draftSummary: summary, proposedOutcome: outcome });
            return `Sent for sign-off to ${r.approvers.join(', ') || 'the managers who may sign off'}.`;
          });
        }}>
          <p id={`${id}-approvers`}>
            {data.approvers.length ? <>Sign-off will be asked of: <strong>{data.approvers.join(', ')}</strong>.</> : 'Nobody in your organisation can sign this off yet; ask your administrator to give a head of service or director the role.'}
          </p>
          <label for={`${id}-summary`}>Summary for the approver</label>
          <textarea id={`${id}-summary`} rows={2} value={summary} required onInput={(e) => setSummary((e.target as HTMLTextAreaElement).value)} />
          <label for={`${id}-outcome`}>Proposed outcome</label>
          <select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
            <option value="upheld">Upheld</option>
            <option value="partially-upheld">Partially upheld</option>
            <option value="not-upheld">Not upheld</option>
            <option value="resolved">Resolved</option>
          </select>
          <button type="submit" class="button" disabled={dirty || letter.gaps.length > 0} aria-describedby={`${id}-approvers`}>Ask for sign-off of this text</button>
        </form>
      )}
    </article>
  );
}
