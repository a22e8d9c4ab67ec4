/**
 * Sending one file to a case: the file's bytes as the body, its name percent-encoded in X-File-Name
 * (server/routes/documents.ts). XMLHttpRequest rather than fetch, because only it reports upload
 * progress, which a person waiting on a 20 MB scan needs to see.
 */
import { ApiError } from '../../../web/api-client';

export interface CaseDocument {
  id: string;
  name: string;
  contentType: string;
  size: number;
  addedBy?: string;
  addedAt?: string;
  via?: 'upload' | 'email';
  canRemove: boolean;
}

/** Mirrors core/document-files.ts for the file picker and a quick answer; the server decides. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.docx,.xlsx,.txt,.msg,.eml';

export function uploadDocument(
  reference: string,
  file: File,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<CaseDocument> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/cases/${encodeURIComponent(reference)}/documents`);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    request.setRequestHeader('Accept', 'application/json');
    request.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    request.onerror = () => reject(new ApiError(0, 'The complaints service cannot be reached; check your connection and try again.'));
    request.onload = () => {
      let body: { document?: CaseDocument; detail?: string } = {};
      try {
        body = JSON.parse(request.responseText || '{}') as typeof body;
      } catch {
        // not JSON: say what the status says
      }
      if (request.status === 201 && body.document) return resolve(body.document);
      reject(new ApiError(request.status, body.detail ?? `The service answered ${request.status} ${request.statusText}.`));
    };
    request.send(file);
  });
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
