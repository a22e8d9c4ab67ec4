/**
 * Where copied attachment content is kept: one file per attachment under the data directory, named by its
 * SHA-256 (the same file attached twice is stored once). Only ever written for attachments a person ticked.
 * In Azure, point CHP_DATA_DIR at a mounted Azure Files share (see README "Outlook add-in").
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredAttachment {
  name: string;
  size: number;
  contentType?: string;
  sha256: string;
}

export interface AttachmentVault {
  put(orgId: string, reference: string, attachment: { name: string; contentType?: string; content: Buffer }): Promise<StoredAttachment>;
}

const safeSegment = (value: string): string => value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);

export function fileAttachmentVault(directory: string): AttachmentVault {
  return {
    async put(orgId, reference, attachment) {
      const sha256 = createHash('sha256').update(attachment.content).digest('hex');
      const folder = path.join(directory, safeSegment(orgId), safeSegment(reference));
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, sha256), attachment.content, { mode: 0o600 });
      return { name: attachment.name, size: attachment.content.length, contentType: attachment.contentType, sha256 };
    },
  };
}
