/**
 * The case page's notes (file notes and contact records, oldest first, a page at a time) with a form
 * to add one or to correct one — a correction is a new note; the corrected note stays, marked — and the
 * same customer's other cases, which can be linked to this one (a repeat, the same incident).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { CASE_LINK_RELATIONS, CASE_LINK_WORDS } from '../../../core/case-links';
import { isContact, MAX_NOTE_LENGTH, NOTE_KIND_WORDS, NOTE_KINDS, type NoteKind } from '../../../core/notes';
import { ApiError, type Api, type CaseNote, type SameCustomerCase } from '../api';
import { displayDate, displayDateTime, STATUS_WORDS } from '../format';
import { ErrorMessage, Section } from './common';

const PAGE = 50;
const newNoteId = () => globalThis.crypto.randomUUID();

export function CaseNotes(props: { api: Api; reference: string }) {
  const { api, reference } = props;
  const [notes, setNotes] = useState<CaseNote[]>([]);
  const [continuation, setContinuation] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [correcting, setCorrecting] = useState<CaseNote | undefined>();
  const [adding, setAdding] = useState(false);

  const reload = useCallback(async () => {
    const page = await api.notes(reference, PAGE);
    setNotes(page.items);
    setContinuation(page.continuation);
    setError(undefined);
  }, [api, reference]);

  useEffect(() => {
    reload().catch((e: Error) => setError(e));
  }, [reload]);

  async function more() {
    const page = await api.notes(reference, PAGE, continuation).catch((e: Error) => (setError(e), undefined));
    if (!page) return;
    setNotes([...notes, ...page.items]);
    setContinuation(page.continuation);
  }

  const byId = new Map(notes.map((n) => [n.id, n]));
  const formOpen = adding || correcting !== undefined;

  return (
    <Section
      title="Notes"
      id="notes-title"
      actions={
        !formOpen ? (
          <button type="button" class="button subtle" onClick={() => setAdding(true)}>
            Add a note
          </button>
        ) : undefined
      }
    >
      {error && <ErrorMessage error={error} title="The notes could not be loaded" />}
      {formOpen && (
        <NoteForm
          api={api}
          reference={reference}
          correcting={correcting}
          onDone={async () => {
            setAdding(false);
            setCorrecting(undefined);
            await reload();
          }}
          onCancel={() => {
            setAdding(false);
            setCorrecting(undefined);
          }}
        />
      )}
      {notes.length === 0 && !error ? (
        <p class="muted">No notes yet. Record phone calls, meetings, visits and file notes here.</p>
      ) : (
        <ol class="timeline notes" aria-label="Notes, oldest first">
          {notes.map((n) => (
            <li key={n.id} id={n.id} data-note={n.kind} class={n.correctedBy.length > 0 ? 'corrected' : undefined}>
              <div class="when">
                <time dateTime={n.at}>{displayDateTime(n.at)}</time> · {n.byName} · {NOTE_KIND_WORDS[n.kind]}
                {n.with ? ` with ${n.with}` : ''}
                {n.contactAt ? ` on ${displayDateTime(n.contactAt)}` : ''}
              </div>
              {n.corrects && (
                <div class="note-flag">
                  Corrects <a href={`#${n.corrects}`} onClick={(e) => (e.preventDefault(), document.getElementById(n.corrects!)?.scrollIntoView())}>the note of {byId.get(n.corrects) ? displayDateTime(byId.get(n.corrects)!.at) : 'an earlier page'}</a>
                </div>
              )}
              <div class="pre">{n.text}</div>
              {n.correctedBy.length > 0 ? (
                <div class="note-flag">Corrected by a later note: read it below.</div>
              ) : (
                !formOpen && (
                  <button type="button" class="button subtle small" onClick={() => setCorrecting(n)} aria-label={`Correct the note of ${displayDateTime(n.at)} by ${n.byName}`}>
                    Correct
                  </button>
                )
              )}
            </li>
          ))}
        </ol>
      )}
      {continuation && (
        <button type="button" class="button subtle" onClick={() => void more()}>
          Show more notes
        </button>
      )}
    </Section>
  );
}

function NoteForm(props: { api: Api; reference: string; correcting?: CaseNote; onDone: () => Promise<void>; onCancel: () => void }) {
  const { correcting } = props;
  const [kind, setKind] = useState<NoteKind>(correcting?.kind ?? 'file-note');
  const [withWhom, setWithWhom] = useState(correcting?.with ?? '');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  // One id per form: pressing "Save" again after a network failure adds the note once.
  const [noteId] = useState(newNoteId);

  async function submit(event: Event) {
    event.preventDefault();
    if (!text.trim()) return setProblem('Write the note.');
    if (isContact(kind) && !withWhom.trim()) return setProblem(`Say with whom the ${NOTE_KIND_WORDS[kind].toLowerCase()} was.`);
    setSending(true);
    setProblem(undefined);
    try {
      await props.api.addNote(props.reference, { noteId, kind, text, ...(isContact(kind) ? { with: withWhom } : {}), ...(correcting ? { corrects: correcting.id } : {}) });
      await props.onDone();
    } catch (error) {
      setProblem(error instanceof ApiError && error.fields.length > 0 ? error.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : error instanceof Error ? error.message : String(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <form class="action-form note-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && !sending && props.onCancel()} aria-labelledby="note-form-title" noValidate>
      <h4 id="note-form-title">{correcting ? 'Correct a note' : 'Add a note'}</h4>
      {correcting && (
        <p class="muted">
          Notes are never changed. Your note will be recorded as correcting the note of {displayDateTime(correcting.at)} by {correcting.byName}, which stays on the record marked as corrected.
        </p>
      )}
      {problem && (
        <div class="message error" role="alert">
          {problem}
        </div>
      )}
      <div class="field">
        <label for="note-kind">Kind of note</label>
        <select id="note-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as NoteKind)}>
          {NOTE_KINDS.map((k) => (
            <option key={k} value={k}>
              {NOTE_KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </div>
      {isContact(kind) && (
        <div class="field">
          <label for="note-with">With whom</label>
          <input id="note-with" type="text" maxLength={200} value={withWhom} onInput={(e) => setWithWhom((e.target as HTMLInputElement).value)} />
        </div>
      )}
      <div class="field">
        <label for="note-text">{correcting ? 'The corrected note' : 'Note'}</label>
        <textarea id="note-text" rows={5} maxLength={MAX_NOTE_LENGTH} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} autoFocus />
      </div>
      <div class="buttons">
        <button type="submit" class="button primary" disabled={sending}>
          {correcting ? 'Save the correction' : 'Save the note'}
        </button>
        <button type="button" class="button" onClick={props.onCancel} disabled={sending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Has this person complained before?": the customer's other cases the viewer can see, and linking. */
export function SameCustomer(props: { api: Api; reference: string; linked: { reference: string; relation: string }[]; canLink: boolean; onLinked: (message: string) => Promise<void> }) {
  const { api, reference } = props;
  const [found, setFound] = useState<{ items: SameCustomerCase[]; more: boolean } | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [linkError, setLinkError] = useState<string | undefined>();

  useEffect(() => {
    api.sameCustomer(reference).then(setFound, (e: Error) => setError(e));
  }, [api, reference]);

  const linkedTo = new Map(props.linked.map((l) => [l.reference, l.relation]));

  async function link(other: string, relation: string) {
    setLinkError(undefined);
    try {
      await api.linkCase(reference, { reference: other, relation, actionId: `tab-${newNoteId()}` });
      await props.onLinked(`Linked to ${other}.`);
    } catch (e) {
      setLinkError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Section title="Same customer" id="same-customer-title">
      {error && <ErrorMessage error={error} title="The customer's other cases could not be found" />}
      {linkError && (
        <div class="message error" role="alert">
          {linkError}
        </div>
      )}
      {props.linked.length > 0 && (
        <>
          <h4>Linked cases</h4>
          <ul class="linked-cases">
            {props.linked.map((l) => (
              <li key={l.reference}>
                <a href={`#/case/${l.reference}`}>{l.reference}</a> — {CASE_LINK_WORDS[l.relation as keyof typeof CASE_LINK_WORDS] ?? l.relation}
              </li>
            ))}
          </ul>
        </>
      )}
      {!found && !error && <p class="muted">Looking for the customer's other cases…</p>}
      {found && found.items.length === 0 && <p class="muted">No other case you can see has this customer's email, phone or name.</p>}
      {found && found.items.length > 0 && (
        <ul class="same-customer" aria-label="The customer's other cases, newest first">
          {found.items.map((o) => (
            <li key={o.reference}>
              <a href={`#/case/${o.reference}`}>{o.reference}</a> — {o.service}, received {displayDate(o.receivedOn)}, {STATUS_WORDS[o.status] ?? o.status}
              <span class="muted"> (same {o.matched.join(', ')})</span>
              {linkedTo.has(o.reference) ? (
                <span class="tag">Linked</span>
              ) : (
                props.canLink && <LinkButton other={o.reference} onLink={link} />
              )}
            </li>
          ))}
        </ul>
      )}
      {found?.more && <p class="muted">Only the newest {found.items.length} are listed.</p>}
    </Section>
  );
}

function LinkButton(props: { other: string; onLink: (other: string, relation: string) => Promise<void> }) {
  const [relation, setRelation] = useState<string>('repeat');
  const id = `link-${props.other}`;
  return (
    <span class="link-case">
      <label for={id} class="sr-only">
        How {props.other} is linked
      </label>
      <select id={id} value={relation} onChange={(e) => setRelation((e.target as HTMLSelectElement).value)}>
        {CASE_LINK_RELATIONS.map((r) => (
          <option key={r} value={r}>
            {CASE_LINK_WORDS[r]}
          </option>
        ))}
      </select>
      <button type="button" class="button subtle small" onClick={() => void props.onLink(props.other, relation)}>
        Link {props.other}
      </button>
    </span>
  );
}
