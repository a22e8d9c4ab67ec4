/**
 * One place that decides how a process reaches the store (server, CLI, jobs):
 * - COSMOS_ENDPOINT and COSMOS_KEY set: Azure Cosmos DB (COSMOS_DATABASE, default "chp").
 * - otherwise the embedded server on the data dir (CHP_DATA_DIR, default ./data): attach to the one
 *   another local process already serves, or start it here (COSMOS_PORT, default a free port).
 */
import path from 'node:path';
import { runningEmbeddedServer, startEmbeddedCosmos, type EmbeddedCosmos } from './embedded';
import { EMBEDDED_KEY } from './embedded';
import { openStore, type Store, type StoreConfig } from './index';
import { createPinnedAgent } from './tls';

export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_DATABASE = 'chp';

export interface Connection {
  store: Store;
  /** How it connected, for a log line (never includes the key). */
  description: string;
  /** Set when this process started the embedded server. */
  embedded?: EmbeddedCosmos;
  /** Closes the store and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export async function connectFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<Connection> {
  const databaseId = env.COSMOS_DATABASE || DEFAULT_DATABASE;
  if (env.COSMOS_ENDPOINT || env.COSMOS_KEY) {
    if (!env.COSMOS_ENDPOINT || !env.COSMOS_KEY) throw new Error('Set both COSMOS_ENDPOINT and COSMOS_KEY for Azure Cosmos DB, or neither for the local embedded server.');
    const store = await openStore({ endpoint: env.COSMOS_ENDPOINT, key: env.COSMOS_KEY, databaseId });
    return { store, description: `Azure Cosmos DB ${env.COSMOS_ENDPOINT} database ${databaseId}`, close: () => store.close() };
  }
  const dataDir = path.resolve(cwd, env.CHP_DATA_DIR || DEFAULT_DATA_DIR);
  const running = runningEmbeddedServer(dataDir);
  if (running) {
    const config: StoreConfig = { endpoint: running.endpoint, key: EMBEDDED_KEY, databaseId, agent: createPinnedAgent() };
    const store = await openStore(config);
    return {
      store,
      description: `embedded Cosmos server of process ${running.pid} at ${running.endpoint} (data in ${dataDir})`,
      close: async () => {
        await store.close();
        config.agent?.destroy();
      },
    };
  }
  const port = env.COSMOS_PORT ? Number(env.COSMOS_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`COSMOS_PORT must be a port number, not "${env.COSMOS_PORT}".`);
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
