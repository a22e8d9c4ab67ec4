/**
 * A real server for the tab's browser tests and bench: the tab built with the production build, the
 * embedded Cosmos-protocol store in a temporary directory, the demo organisations seeded through the
 * core, and the express app with development sign-in on a free loopback port.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type Logger } from '../../server/app';
import { seedDemo } from '../../server/seed';
import type { DocumentStore } from '../../store/documents';
import { startEmbeddedCosmos } from '../../store/embedded';
import { openStore, type Store } from '../../store/index';
import { buildTab } from '../../scripts/build-web';

export interface TabServer {
  baseUrl: string;
  store: Store;
  stop(): Promise<void>;
}

const quietLogger: Logger = { info: () => undefined, error: (message, fields) => console.error(message, fields) };

/** `history: false` seeds only the hand-written demo cases, not the generated 15 months of history. */
/** `documents`: document storage for the case page's Documents section (test/support/documents.ts). */
export async function startTabServer(options: { build?: boolean; history?: boolean; documents?: DocumentStore } = {}): Promise<TabServer> {
  if (options.build ?? true) await buildTab();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-tab-test-'));
  const embedded = await startEmbeddedCosmos({ dataDir });
  const store = await openStore({ endpoint: embedded.endpoint, key: embedded.key, agent: embedded.agent, databaseId: 'tab-tests' });
  await seedDemo(store, { history: options.history ?? true });
  const app = createApp({ store, devSignIn: true, logger: quietLogger, orgCacheMs: 0, documents: options.documents });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    store,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
