/**
 * One place that decides how a process reaches the store (server, CLI, jobs):
 * - COSMOS_ENDPOINT and COSMOS_KEY set: Azure Cosmos DB (COSMOS_DATABASE, default "chp").
 * - otherwise the embedded server on the data dir (CHP_DATA_DIR, default ./data): attach to the one
 *   another local process already serves, or start it (COSMOS_PORT, default a free port) in a child
 *   process (store/embedded-main.ts) and attach to that, so the app and the database server use
 *   separate cores, as with Azure. CHP_EMBEDDED_IN_PROCESS=1 (or `{ embedded: 'in-process' }`) runs it
 *   inside this process instead.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runningEmbeddedServer, startEmbeddedCosmos, type EmbeddedCosmos } from './embedded';
import { EMBEDDED_KEY } from './embedded';
import { openStore, type Store, type StoreConfig } from './index';
import { createPinnedAgent } from './tls';
import type { EmbeddedProcessMessage } from './embedded-main';

export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_DATABASE = 'chp';

export interface Connection {
  store: Store;
  /** How it connected, for a log line (never includes the key). */
  description: string;
  /** Set when this process runs the embedded server itself (in-process mode). */
  embedded?: EmbeddedCosmos;
  /** Closes the store, then stops the embedded server if this process (or its child) started it. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Where a newly started embedded server runs; default 'child' unless CHP_EMBEDDED_IN_PROCESS=1. */
  embedded?: 'child' | 'in-process';
}

export async function connectFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), options: ConnectOptions = {}): Promise<Connection> {
  const databaseId = env.COSMOS_DATABASE || DEFAULT_DATABASE;
  if (env.COSMOS_ENDPOINT || env.COSMOS_KEY) {
    if (!env.COSMOS_ENDPOINT || !env.COSMOS_KEY) throw new Error('Set both COSMOS_ENDPOINT and COSMOS_KEY for Azure Cosmos DB, or neither for the local embedded server.');
    const store = await openStore({ endpoint: env.COSMOS_ENDPOINT, key: env.COSMOS_KEY, databaseId });
    return { store, description: `Azure Cosmos DB ${env.COSMOS_ENDPOINT} database ${databaseId}`, close: () => store.close() };
  }
  const dataDir = path.resolve(cwd, env.CHP_DATA_DIR || DEFAULT_DATA_DIR);
  const running = runningEmbeddedServer(dataDir);
  if (running) return attach(running.endpoint, databaseId, `embedded Cosmos server of process ${running.pid} at ${running.endpoint} (data in ${dataDir})`);
  const port = env.COSMOS_PORT ? Number(env.COSMOS_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`COSMOS_PORT must be a port number, not "${env.COSMOS_PORT}".`);
  const mode = options.embedded ?? (env.CHP_EMBEDDED_IN_PROCESS === '1' ? 'in-process' : 'child');
  if (mode === 'child') {
    const child = await startEmbeddedProcess(dataDir, port);
    try {
      const attached = await attach(child.endpoint, databaseId, `embedded Cosmos server in child process ${child.pid} at ${child.endpoint} (data in ${dataDir})`);
      return {
        ...attached,
        close: async () => {
          await attached.close();
          await child.stop();
        },
      };
    } catch (err) {
      await child.stop();
      throw err;
    }
  }
  const embedded = await startEmbeddedCosmos({ dataDir, port });
  try {
    const store = await openStore({ endpoint: embedded.endpoint, key: embedded.key, agent: embedded.agent, databaseId });
    return {
      store,
      embedded,
      description: `embedded Cosmos server at ${embedded.endpoint} (data in ${dataDir})`,
      close: async () => {
        await store.close();
        await embedded.stop();
      },
    };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

async function attach(endpoint: string, databaseId: string, description: string): Promise<Connection> {
  const config: StoreConfig = { endpoint, key: EMBEDDED_KEY, databaseId, agent: createPinnedAgent() };
  const store = await openStore(config);
  return {
    store,
    description,
    close: async () => {
      await store.close();
      config.agent?.destroy();
    },
  };
}

interface EmbeddedProcess {
  pid: number;
  endpoint: string;
  /** SIGTERM: the child finishes its journal writes, stops serving and exits; resolves on exit. */
  stop(): Promise<void>;
}

/** How long a child may take to replay the data dir and listen before we give up on it. */
const CHILD_START_TIMEOUT_MS = 120_000;

/**
 * Starts store/embedded-main in a child with an IPC channel and waits for its endpoint. The child
 * exits by itself if this process dies (the channel closes), and neither the child nor the channel
 * keeps this process alive: a CLI command ends when its work does.
 */
async function startEmbeddedProcess(dataDir: string, port: number): Promise<EmbeddedProcess> {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `embedded-main${extension}`);
  // From TypeScript sources the child needs tsx as this process has it; compiled JS runs as is.
  const loader = extension === '.ts' ? ['--import', 'tsx'] : [];
  // CHP_EMBEDDED_CPU_PROF=<dir>: a CPU profile of the database process (how bench/api.ts profiles both sides).
  const profile = process.env.CHP_EMBEDDED_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.CHP_EMBEDDED_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, ...loader, entry], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, CHP_EMBEDDED_DATA_DIR: dataDir, CHP_EMBEDDED_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let timer: NodeJS.Timeout | undefined;
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: EmbeddedProcessMessage) => {
        if ('error' in message) reject(new Error(message.error));
        else resolve(message.endpoint);
      });
      child.once('error', (err) => reject(new Error(`Could not start the embedded Cosmos server process: ${err.message}`)));
      void exited.then((code) => reject(new Error(`The embedded Cosmos server process exited (code ${code}) before it was ready; see its messages above.`)));
      timer = setTimeout(() => reject(new Error(`The embedded Cosmos server process did not become ready within ${CHILD_START_TIMEOUT_MS / 1000} s (data in ${dataDir}).`)), CHILD_START_TIMEOUT_MS);
    });
    child.unref();
    (child.channel as { unref?(): void } | undefined)?.unref?.();
    return {
      pid: child.pid as number,
      endpoint,
      async stop() {
        // Held again while stopping, so this process waits for the child's exit.
        child.ref();
        (child.channel as { ref?(): void } | undefined)?.ref?.();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const code = await exited;
        if (code !== 0) throw new Error(`The embedded Cosmos server process ${child.pid} stopped with code ${code}.`);
      },
    };
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
