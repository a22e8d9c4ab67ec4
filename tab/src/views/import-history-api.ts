/** The calls of the "Import history" page (server/routes/legacy-import.ts), on the tab's Api. */
import { ApiError, type Api } from '../api';

export interface ImportFields {
  fields: { id: string; required: boolean; valueMap: string | null }[];
  values: Record<string, (string | number)[]> & { staff_member: { userId: string; displayName: string }[] };
  maxBytes: number;
}

export interface ImportPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  columns: string[];
  rows: string[][];
  rowCount: number;
  values: Record<string, { distinct: number; top: { value: string; count: number }[] }>;
  refusedCells: number;
}

export interface ImportMapping {
  system?: string;
  dateFormat?: string;
  columns: Record<string, string | null>;
  values: Record<string, Record<string, string | number>>;
}

export interface QuarterFigures {
  quarter: string;
  label: string;
  received: { before: number; after: number };
  closed: { before: number; after: number };
}

export interface ImportJob {
  jobId: string;
  dryRun: boolean;
  fileName: string;
  state: 'running' | 'finished' | 'failed' | 'interrupted';
  phase: 'reading' | 'writing' | 'done';
  progress: { done: number; total: number };
  summary?: {
    rows: number;
    create: number;
    skipped: number;
    refused: { row: number; column?: string; message: string }[];
    refusedCount: number;
    unknownValues: Record<string, Record<string, number>>;
    unassignedOwners: Record<string, number>;
    ignoredColumns: string[];
    periods: QuarterFigures[];
  };
  created?: number;
  skipped?: number;
  error?: string;
}

export const importFields = (api: Api) => api.request<ImportFields>('GET', '/import/fields');
export const mappingNames = (api: Api) => api.request<{ names: string[] }>('GET', '/import/mappings').then((r) => r.names);
export const loadMapping = (api: Api, name: string) => api.request<{ mapping: ImportMapping }>('GET', `/import/mappings/${encodeURIComponent(name)}`).then((r) => r.mapping);
export const saveMapping = (api: Api, name: string, mapping: ImportMapping) => api.request<{ name: string }>('PUT', `/import/mappings/${encodeURIComponent(name)}`, { mapping });
export const startJob = (api: Api, uploadId: string, mapping: ImportMapping, dryRun: boolean) => api.request<ImportJob>('POST', '/import/jobs', { uploadId, mapping, dryRun });
export const readJob = (api: Api, jobId: string) => api.request<ImportJob>('GET', `/import/jobs/${encodeURIComponent(jobId)}`);

/** The file as it is, as CSV: the server checks its type, size and text. */
export async function uploadExport(api: Api, file: File): Promise<ImportPreview> {
  let res: Response;
  try {
    res = await fetch('/api/import/uploads', {
      method: 'POST',
      headers: { ...api.signInHeaders(), 'Content-Type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name), Accept: 'application/json' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'The complaints service cannot be reached; check your connection and try again.');
  }
  const body = (await res.json().catch(() => ({}))) as ImportPreview & { detail?: string };
  if (res.status !== 201) throw new ApiError(res.status, body.detail ?? `The service answered ${res.status} ${res.statusText}.`);
  return body;
}
