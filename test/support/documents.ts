/**
 * Real document storage for tests: Azurite's blob service (in this process, on loopback, in a temporary
 * folder) reached through @azure/storage-blob, exactly as `npm start` reaches it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDocumentsFromEnv, type DocumentConnection } from '../../store/documents-connect';

export interface TestDocuments extends DocumentConnection {
  dataDir: string;
}

export async function startTestDocuments(options: { embedded?: 'child' | 'in-process'; container?: string } = {}): Promise<TestDocuments> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-documents-test-'));
  const env = { CHP_DATA_DIR: dataDir, ...(options.container ? { BLOB_CONTAINER: options.container } : {}) };
  const connection = await connectDocumentsFromEnv(env, dataDir, { embedded: options.embedded ?? 'in-process' });
  return {
    ...connection,
    dataDir,
    close: async () => {
      await connection.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
