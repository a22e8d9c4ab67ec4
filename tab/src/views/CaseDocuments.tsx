/**
 * The case's documents on its page: attachments copied from Outlook and files uploaded here (evidence,
 * photos, scanned letters). Upload with a file input (progress shown, the server's refusal beside the
 * control), download each, and remove one with a reason (asked first, so removing is never one click).
 * Who may upload and remove is the API's decision (`canAdd` from available-actions, `canRemove` per
 * document); the page only offers what it would allow.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import { displayDateTime } from '../format';
import { ErrorMessage, Section } from './common';
import { ACCEPTED_FILES, fileSize, MAX_UPLOAD_BYTES, uploadDocument, type CaseDocument } from './documents-upload';
import { FieldControl } from './FieldControl';

const TYPE_WORDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG photo',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/heic': 'HEIC photo',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'text/plain': 'Text',
  'application/vnd.ms-outlook': 'Outlook message',
  'message/rfc822': 'Email',
};
const typeWords = (contentType: string) => TYPE_WORDS[contentType.split(';')[0]] ?? 'File';

export interface CaseDocumentsProps {
  api: Api;
  reference: string;
  /** The viewer may add documents (available-actions offers add-document). */
  canAdd: boolean;
  who: (id: string | undefined) => string | undefined;
  /** The case changed (an upload or removal is on its timeline): reload it. */
  onChanged: () => Promise<void>;
}

export function CaseDocuments(props: CaseDocumentsProps) {
  const { api, reference } = props;
  const [documents, setDocuments] = useState<CaseDocument[] | undefined>();
  const [loadError, setLoadError] = useState<Error | undefined>();
  const [progress, setProgress] = useState<{ name: string; fraction: number } | undefined>();
  const [uploadProblem, setUploadProblem] = useState('');
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<string | undefined>();
  const [downloadError, setDownloadError] = useState<Error | undefined>();
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setDocuments(await api.documents(reference));
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error as Error);
    }
  }, [api, reference]);

  useEffect(() => {
    setDocuments(undefined);
    void load();
  }, [load]);

  async function upload(file: File) {
    setUploadProblem('');
    setNotice('');
    if (file.size > MAX_UPLOAD_BYTES) {
      setUploadProblem(`${file.name} is ${fileSize(file.size)}; the largest file a case keeps is 20 MB. Reduce it (e.g. scan at a lower resolution) or split it.`);
      return;
    }
    setProgress({ name: file.name, fraction: 0 });
    try {
      const kept = await uploadDocument(reference, file, api.signInHeaders(), (fraction) => setProgress({ name: file.name, fraction }));
      await Promise.all([load(), props.onChanged()]);
      setNotice(`Added ${kept.name} (${fileSize(kept.size)}).`);
      if (input.current) input.current.value = '';
    } catch (error) {
      setUploadProblem((error as Error).message);
      input.current?.focus();
    } finally {
      setProgress(undefined);
    }
  }

  async function download(doc: CaseDocument) {
    setDownloadError(undefined);
    try {
      const file = await api.download(`/cases/${encodeURIComponent(reference)}/documents/${doc.id}`);
      const url = URL.createObjectURL(file.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = doc.name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setDownloadError(error as Error);
    }
  }

  async function removed(doc: CaseDocument) {
    setRemoving(undefined);
    await Promise.all([load(), props.onChanged()]);
    setNotice(`Removed ${doc.name}. The removal and its reason are on the timeline.`);
    document.getElementById('documents-title')?.focus();
  }

  // A server run without document storage (503) is not an error the person can act on.
  const unavailable = loadError instanceof ApiError && loadError.status === 503;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <Section title="Documents" id="documents-title">
      {notice && (
        <div class="message success" role="status">
          {notice}
        </div>
      )}
      {loadError && unavailable && <p class="muted">Documents cannot be kept on this server (no document storage).</p>}
      {loadError && !unavailable && <ErrorMessage error={loadError} title="Cannot list the documents" />}
      {downloadError && <ErrorMessage error={downloadError} title="Cannot download it" />}
      {documents && documents.length === 0 && <p class="muted">No documents yet.</p>}
      {documents && documents.length > 0 && (
        <div class="table-wrap">
          <table class="grid documents">
            <caption class="sr-only">Documents kept with {reference}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Type</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((doc) => (
                <DocumentRow key={doc.id} doc={doc} who={props.who} removing={removing === doc.id} onDownload={() => download(doc)} onAskRemove={() => setRemoving(doc.id)} onKeep={() => setRemoving(undefined)} onRemove={async (reason) => {
                  await api.removeDocument(reference, doc.id, reason);
                  await removed(doc);
                }} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canAdd && !unavailable && (
        <div class={`field upload${uploadProblem ? ' invalid' : ''}`}>
          <label for="document-file">Add a document</label>
          <small class="muted" id="document-file-hint">
            PDF, photos (JPEG, PNG, GIF, WebP, HEIC), Word, Excel, text or a saved email (.msg, .eml); up to 20 MB. It is added as soon as you choose it.
          </small>
          <input
            ref={input}
            id="document-file"
            type="file"
            accept={ACCEPTED_FILES}
            disabled={progress !== undefined}
            aria-invalid={uploadProblem ? true : undefined}
            aria-describedby={`document-file-hint${uploadProblem ? ' document-file-problem' : ''}`}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
          {progress && (
            <div class="upload-progress" role="status">
              <progress max={100} value={percent} aria-label={`Uploading ${progress.name}`} /> Uploading {progress.name}: {percent}%
            </div>
          )}
          {uploadProblem && (
            <small class="problem" id="document-file-problem" role="alert">
              {uploadProblem}
            </small>
          )}
        </div>
      )}
    </Section>
  );
}

function DocumentRow(props: {
  doc: CaseDocument;
  who: (id: string | undefined) => string | undefined;
  removing: boolean;
  onDownload: () => void;
  onAskRemove: () => void;
  onKeep: () => void;
  onRemove: (reason: string) => Promise<void>;
}) {
  const { doc } = props;
  return (
    <>
      <tr data-document={doc.id}>
        <td class="document-name">{doc.name}</td>
        <td>{fileSize(doc.size)}</td>
        <td>{typeWords(doc.contentType)}</td>
        <td>
          {doc.addedAt ? (
            <>
              <time dateTime={doc.addedAt}>{displayDateTime(doc.addedAt)}</time> · {props.who(doc.addedBy)}
              {doc.via === 'email' ? ' (from the email)' : ''}
            </>
          ) : (
            <span class="muted">Not recorded</span>
          )}
        </td>
        <td class="row-actions">
          <button type="button" class="button subtle" aria-label={`Download ${doc.name}`} onClick={props.onDownload}>
            Download
          </button>
          {doc.canRemove && !props.removing && (
            <button type="button" class="button subtle" aria-label={`Remove ${doc.name}`} data-remove={doc.id} onClick={props.onAskRemove}>
              Remove
            </button>
          )}
        </td>
      </tr>
      {props.removing && (
        <tr class="confirm-row">
          <td colSpan={5}>
            <RemoveForm doc={doc} onKeep={props.onKeep} onRemove={props.onRemove} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The confirmation: why it goes (kept on the timeline), then "Remove" or "Keep it". */
function RemoveForm(props: { doc: CaseDocument; onKeep: () => void; onRemove: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLElement | null>(null);
  useEffect(() => field.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!reason.trim()) {
      setProblem('Say why the document is being removed; the reason is kept on the timeline.');
      field.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await props.onRemove(reason.trim());
    } catch (error) {
      setProblem((error as Error).message);
      setBusy(false);
      field.current?.focus();
    }
  }

  return (
    <form class="remove-document" onSubmit={submit} aria-label={`Remove ${props.doc.name}?`} noValidate>
      <p>
        Remove <strong>{props.doc.name}</strong> from the case? It can no longer be downloaded here; the removal, by you, is recorded on the timeline.
      </p>
      <FieldControl
        id={`remove-reason-${props.doc.id.slice(0, 12)}`}
        name="reason"
        label="Why is it being removed?"
        kind="textarea"
        required
        problem={problem || undefined}
        value={reason}
        onValue={(value) => {
          setReason(value);
          setProblem('');
        }}
        controlRef={(el) => (field.current = el)}
        wide
      />
      <div class="buttons">
        <button type="submit" class="button danger" disabled={busy}>
          {busy ? 'Removing…' : 'Remove document'}
        </button>
        <button type="button" class="button" disabled={busy} onClick={props.onKeep}>
          Keep it
        </button>
      </div>
    </form>
  );
}
