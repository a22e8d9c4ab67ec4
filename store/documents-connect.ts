/**
 * How a process reaches document storage (server, CLI), as store/connect.ts does for the case store:
 * - BLOB_ACCOUNT_URL set: that Azure Storage account (https://<account>.blob.core.windows.net), signed in
 *   with DefaultAzureCredential, i.e. the web app's managed identity in Azure (AZURE_CLIENT_ID picks a
 *   user-assigned one). No account key is ever read: the deployed account refuses shared keys.
 * - otherwise Azurite on `<CHP_DATA_DIR>/blobs` with its well-known development account: attach to the
 *   one another local process already serves, or start it (BLOB_PORT, default a free port) in a child
 *   process (store/blob-embedded-main.ts), stopped when this process closes the connection.
 * Either way the container (BLOB_CONTAINER, default "documents") is created if missing, and the same
 * @azure/storage-blob code path serves the documents.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { AZURITE_ACCOUNT, AZURITE_KEY, runningEmbeddedBlob, startEmbeddedBlob } from './blob-embedded';
import type { BlobProcessMessage } from './blob-embedded-main';
import { DEFAULT_DATA_DIR } from './connect';
import { blobDocumentStore, type DocumentStore } from './documents';

export const DEFAULT_BLOB_CONTAINER = 'documents';
/** Azure's rule for container names: 3-63 lower-case letters, digits and single dashes. */
export const BLOB_CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

export interface DocumentConnection {
  documents: DocumentStore;
  /** How it connected, for a log line (never a key). */
  description: string;
  /** Stops the local blob server if this process (or its child) started it. */
  close(): Promise<void>;
}

export interface DocumentConnectOptions {
  /** Where a newly started Azurite runs; default 'child' unless CHP_EMBEDDED_IN_PROCESS=1. */
  embedded?: 'child' | 'in-process';
}

export async function connectDocumentsFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), options: DocumentConnectOptions = {}): Promise<DocumentConnection> {
  const containerName = env.BLOB_CONTAINER || DEFAULT_BLOB_CONTAINER;
  if (!BLOB_CONTAINER_NAME.test(containerName)) throw new Error(`BLOB_CONTAINER "${containerName}" is not a container name: 3 to 63 lower-case letters, digits and single dashes.`);
  if (env.BLOB_ACCOUNT_URL) {
    const accountUrl = env.BLOB_ACCOUNT_URL.replace(/\/+$/, '');
    if (!/^https:\/\//.test(accountUrl)) throw new Error(`BLOB_ACCOUNT_URL must be the account's https address (https://<account>.blob.core.windows.net), not "${accountUrl}".`);
    // Loaded only here: local runs never need it.
    const { DefaultAzureCredential } = await import('@azure/identity');
    const credential = new DefaultAzureCredential(env.AZURE_CLIENT_ID ? { managedIdentityClientId: env.AZURE_CLIENT_ID } : {});
    const description = `Azure Blob Storage ${accountUrl} container ${containerName}`;
    const documents = await open(new BlobServiceClient(accountUrl, credential), containerName, description);
    return { documents, description, close: async () => undefined };
  }

  const location = path.join(path.resolve(cwd, env.CHP_DATA_DIR || DEFAULT_DATA_DIR), 'blobs');
  const port = env.BLOB_PORT ? Number(env.BLOB_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BLOB_PORT must be a port number, not "${env.BLOB_PORT}".`);
  const running = runningEmbeddedBlob(location);
  const mode = options.embedded ?? (env.CHP_EMBEDDED_IN_PROCESS === '1' ? 'in-process' : 'child');
  const server = running
    ? { accountUrl: running.accountUrl, how: `of process ${running.pid}`, stop: async () => undefined }
    : mode === 'child'
      ? await startBlobProcess(location, port)
      : { ...(await startEmbeddedBlob({ location, port })), how: 'in this process' };
  try {
    const description = `local blob storage (Azurite) ${server.how} at ${server.accountUrl}, container ${containerName} (data in ${location})`;
    const client = new BlobServiceClient(server.accountUrl, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    const documents = await open(client, containerName, description);
    return { documents, description, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function open(client: BlobServiceClient, containerName: string, description: string): Promise<DocumentStore> {
  const container = client.getContainerClient(containerName);
  // In Azure the deployment creates it; creating it here too keeps one code path (and a fresh local data dir working).
  await container.createIfNotExists();
  return blobDocumentStore(container, description);
}

/** How long Azurite may take to load its metadata and listen. */
const CHILD_START_TIMEOUT_MS = 60_000;

/** Starts store/blob-embedded-main in a child with an IPC channel; the child ends if this process dies. */
async function startBlobProcess(location: string, port: number): Promise<{ accountUrl: string; how: string; stop(): Promise<void> }> {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `blob-embedded-main${extension}`);
  const loader = extension === '.ts' ? ['--import', 'tsx'] : [];
  const env: NodeJS.ProcessEnv = { ...process.env, CHP_BLOB_LOCATION: location, CHP_BLOB_PORT: String(port) };
  delete env.AZURITE_DB; // Azurite would switch to an SQL database named there
  const child = spawn(process.execPath, [...loader, entry], { cwd: path.resolve(__dirname, '..'), env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let timer: NodeJS.Timeout | undefined;
  try {
    const accountUrl = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: BlobProcessMessage) => ('error' in message ? reject(new Error(message.error)) : resolve(message.accountUrl)));
      child.once('error', (error) => reject(new Error(`Could not start the local blob storage process: ${error.message}`)));
      void exited.then((code) => reject(new Error(`The local blob storage process exited (code ${code}) before it was ready; see its messages above.`)));
      timer = setTimeout(() => reject(new Error(`The local blob storage process did not become ready within ${CHILD_START_TIMEOUT_MS / 1000} s (data in ${location}).`)), CHILD_START_TIMEOUT_MS);
    });
    // Neither the child nor its channel keeps this process alive: a CLI command ends when its work does.
    child.unref();
    (child.channel as { unref?(): void } | undefined)?.unref?.();
    return {
      accountUrl,
      how: `in child process ${child.pid}`,
      async stop() {
        child.ref();
        (child.channel as { ref?(): void } | undefined)?.ref?.();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const code = await exited;
        if (code !== 0) throw new Error(`The local blob storage process ${child.pid} stopped with code ${code}.`);
      },
    };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
