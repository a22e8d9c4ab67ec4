/**
 * The local Blob Storage server: Azurite's blob service (the real emulator Microsoft ships), on
 * 127.0.0.1 only, keeping its data under `<CHP_DATA_DIR>/blobs`. It is what `npm start`, the CLI and the
 * tests use when BLOB_ACCOUNT_URL is not set, so documents go through the same @azure/storage-blob code
 * as in Azure.
 *
 * Started like the embedded Cosmos server: by store/documents-connect.ts in a child process
 * (store/blob-embedded-main.ts), or in this process for tests. `blob-server.json` in the location is
 * both the lock (one server per location: Azurite's files must not be shared by two servers) and how
 * another local process (the `chp` command while the server runs) finds the endpoint to attach to.
 * Azurite's telemetry is replaced by a silent stand-in and its access and debug logs are off: nothing leaves
 * the machine.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft; only ever on loopback). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SERVER_INFO_FILE = 'blob-server.json';

// Deep imports: the package has no "exports" map and no type declarations; these are its own building blocks.
interface AzuriteBlobServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}
/**
 * Azurite's telemetry module loads an Application Insights / OpenTelemetry stack (some 3,000 modules, most
 * of the start-up time) and would send usage data to Microsoft once initialised. We never initialise it, and
 * to be sure it can never send anything (and to start in a second or two) the module is replaced, before
 * Azurite loads it, by one whose calls do nothing.
 */
const silentTelemetry = { AzuriteTelemetryClient: { init() {}, TraceRequest() {}, TraceStartEvent() {}, TraceStopEvent() {} } };
const telemetryModule = require.resolve('azurite/dist/src/common/Telemetry');
require.cache[telemetryModule] = { id: telemetryModule, filename: telemetryModule, loaded: true, exports: silentTelemetry } as NodeJS.Module;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const BlobServer = require('azurite/dist/src/blob/BlobServer').default as new (config: unknown) => AzuriteBlobServer;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BlobConfiguration = require('azurite/dist/src/blob/BlobConfiguration').default as new (...args: unknown[]) => unknown;

export interface EmbeddedBlob {
  /** The service URL of the development account, e.g. http://127.0.0.1:41234/devstoreaccount1 */
  accountUrl: string;
  stop(): Promise<void>;
}

export interface BlobServerInfo {
  pid: number;
  accountUrl: string;
}

/** Starts Azurite's blob service in this process on 127.0.0.1, with its files in `location`. */
export async function startEmbeddedBlob(options: { location: string; port?: number }): Promise<EmbeddedBlob> {
  const location = path.resolve(options.location);
  fs.mkdirSync(location, { recursive: true });
  lock(location);
  try {
    const config = new BlobConfiguration(
      '127.0.0.1',
      options.port ?? 0,
      5, // keep-alive timeout, seconds (Azurite's default)
      path.join(location, '__azurite_db_blob__.json'),
      path.join(location, '__azurite_db_blob_extent__.json'),
      [{ locationId: 'Default', locationPath: path.join(location, '__blobstorage__'), maxConcurrency: 10 }],
      false, // access log (the --silent of the command line)
      undefined,
      false, // debug log
      undefined,
      false, // loose
      true, // skip the API version check: the client library may be newer than this emulator
    );
    const server = new BlobServer(config);
    await server.start();
    const address = new URL(server.getHttpServerAddress());
    const accountUrl = `http://127.0.0.1:${address.port}/${AZURITE_ACCOUNT}`;
    writeInfo(location, { pid: process.pid, accountUrl });
    let stopping: Promise<void> | undefined;
    return {
      accountUrl,
      stop() {
        // Closing writes Azurite's metadata database to disk.
        stopping ??= server.close().finally(() => {
          if (readInfo(location)?.pid === process.pid) fs.rmSync(path.join(location, SERVER_INFO_FILE), { force: true });
        });
        return stopping;
      },
    };
  } catch (error) {
    fs.rmSync(path.join(location, SERVER_INFO_FILE), { force: true });
    throw error;
  }
}

/** The server already serving this location, if its process is alive. */
export function runningEmbeddedBlob(location: string): BlobServerInfo | undefined {
  const info = readInfo(path.resolve(location));
  return info && info.accountUrl && isAlive(info.pid) ? info : undefined;
}

function readInfo(location: string): BlobServerInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(location, SERVER_INFO_FILE), 'utf8')) as BlobServerInfo;
  } catch {
    return undefined;
  }
}

function writeInfo(location: string, info: BlobServerInfo): void {
  fs.writeFileSync(path.join(location, SERVER_INFO_FILE), JSON.stringify(info));
}

/** Created exclusively, so two servers never share Azurite's files; a lock left by a dead process is taken over. */
function lock(location: string): void {
  const file = path.join(location, SERVER_INFO_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, accountUrl: '' }), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const running = readInfo(location);
    if (running && isAlive(running.pid)) {
      throw new Error(`The document folder ${location} is already served by process ${running.pid}${running.accountUrl ? ` at ${running.accountUrl}` : ''}; stop it or attach to it.`);
    }
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the document folder ${location}; another process is starting on it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
