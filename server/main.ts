/**
 * `npm start`: configuration from the environment (.env loaded first), the store (Azure Cosmos DB
 * when COSMOS_ENDPOINT/COSMOS_KEY are set, else the embedded server on ./data), the demo
 * organisations on first run — only with development sign-in or `--demo`, never in production
 * (`--no-seed` skips them) — then the HTTP server. SIGINT/SIGTERM stop it cleanly: no new
 * connections, in-flight requests finish, then the store is closed.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import dotenv from 'dotenv';
import { createTeamsBot, loadBotConfig } from '../bot/index';
import { createEntraVerifier } from './auth/entra';
import { createApp, consoleLogger } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { seedDemo } from './seed';
import { connectFromEnv } from '../store/connect';
import { connectDocumentsFromEnv } from '../store/documents-connect';
import { startAggregateFolder } from '../store/aggregates';

const SHUTDOWN_GRACE_MS = 10_000;

function urls(config: ServerConfig, port: number): Record<string, string> {
  const base = (config.publicBaseUrl ?? `http://${config.host}:${port}`).replace(/\/$/, '');
  return {
    'Teams tab': `${base}/tab/`,
    'Outlook add-in pane': `${base}/addin/`,
    'Bot endpoint': `${base}/api/messages`,
    API: `${base}/api (OpenAPI: ${base}/api/openapi.json)`,
    Health: `${base}/healthz (liveness)`,
    Ready: `${base}/readyz (the store answers)`,
  };
}

/** A failure to listen that a person can fix, in words; undefined for anything else. */
function listenProblem(error: unknown, config: ServerConfig): ConfigError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new ConfigError(`Port ${config.port} on ${config.host} is already in use (is CHP complaints already running?). Stop the other process, or choose another port: PORT=${config.port + 1} npm start`);
  if (code === 'EACCES') return new ConfigError(`Not allowed to listen on port ${config.port}; choose a port above 1023: PORT=3978 npm start`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError(`HOST=${config.host} is not an address of this machine; use localhost (or 0.0.0.0 in a container).`);
  return undefined;
}

/**
 * `.env` if there is one. Without it, outside production, the development defaults of .env.example
 * (which switch development sign-in on explicitly), so `npm install && npm start` runs with no setup.
 * Variables already in the environment always win.
 */
function loadEnvFile(): void {
  const root = path.resolve(__dirname, '..');
  const own = path.join(root, '.env');
  const example = path.join(root, '.env.example');
  if (fs.existsSync(own)) dotenv.config({ path: own, quiet: true });
  else if (process.env.NODE_ENV !== 'production' && fs.existsSync(example)) {
    dotenv.config({ path: example, quiet: true });
    console.log('No .env found: using the development defaults of .env.example.');
  }
}

/**
 * Ctrl-C while starting: the demo seed is written in one go (an interrupted seed would leave a
 * half-made demo that is never completed, as an existing store is not seeded again), so a stop asked
 * for now waits for start-up to reach a safe point. A second Ctrl-C stops at once.
 */
function deferStopsDuringStartUp(): { requested(): string | undefined; release(): void } {
  let requested: string | undefined;
  const onSignal = (signal: string) => {
    if (requested) {
      console.log('Stopping now. If the demo data was being written, delete the data folder (CHP_DATA_DIR) to have it written again.');
      process.exit(130);
    }
    requested = signal;
    console.log(`${signal}: stopping as soon as start-up reaches a safe point (Ctrl-C again to stop at once)…`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested: () => requested,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Whether to write the demo organisations into a new store: with development sign-in (the demo users
 * are how one signs in) or when asked with `--demo`; never in production, where organisations are
 * created on purpose with `chp org create`.
 */
function demoSeedWanted(config: Pick<ServerConfig, 'production' | 'devSignIn'>, argv: readonly string[]): boolean {
  if (argv.includes('--demo') && config.production) {
    throw new ConfigError('--demo is refused when NODE_ENV=production: a live service never holds demo data. Create the organisation with "chp org create" (README: Going live).');
  }
  if (argv.includes('--no-seed')) return false;
  return config.devSignIn || argv.includes('--demo');
}

async function main(): Promise<void> {
  const startUp = deferStopsDuringStartUp();
  loadEnvFile();
  const config = loadConfig();
  const seed = demoSeedWanted(config, process.argv.slice(2));
  // The store and document storage decide from the same (validated) environment: Azure when configured,
  // else the local servers, started side by side (each in its own child process).
  const [storeResult, documentsResult] = await Promise.allSettled([connectFromEnv(), connectDocumentsFromEnv()]);
  if (storeResult.status === 'rejected' || documentsResult.status === 'rejected') {
    if (storeResult.status === 'fulfilled') await storeResult.value.close();
    if (documentsResult.status === 'fulfilled') await documentsResult.value.close();
    throw storeResult.status === 'rejected' ? storeResult.reason : (documentsResult as PromiseRejectedResult).reason;
  }
  const connection = storeResult.value;
  const documentsConnection = documentsResult.value;
  const { store } = connection;
  const closeAll = async () => {
    await documentsConnection.close();
    await connection.close();
  };
  if (seed && !startUp.requested()) {
    console.log('Writing the demo data if the store is new…');
    const seeded = await seedDemo(store, { tenantId: config.entra?.allowedTenants[0] });
    if (seeded.seeded) console.log(`Seeded ${seeded.orgs} demo organisations with ${seeded.cases} cases.`);
  } else if ((await store.orgs.list()).length === 0) {
    console.log('The store holds no organisation yet: create one with "chp org create" (README: Going live); nobody can sign in until then.');
  }
  if (startUp.requested()) {
    await closeAll();
    console.log('Stopped cleanly.');
    process.exit(0);
  }
  const botConfig = loadBotConfig(process.env, config.production);
  const teamsBot = createTeamsBot({ store, config: botConfig, logger: consoleLogger, orgCacheMs: config.orgCacheMs });
  const app = createApp({
    store,
    documents: documentsConnection.documents,
    orgCacheMs: config.orgCacheMs,
    verifier: config.entra ? createEntraVerifier(config.entra) : undefined,
    devSignIn: config.devSignIn,
    botHandler: teamsBot.handler,
    modules: [teamsBot.jobs],
  });
  const server = app.listen(config.port, config.host);
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  } catch (error) {
    await closeAll();
    throw listenProblem(error, config) ?? error;
  }
  const port = (server.address() as AddressInfo).port;
  console.log(`CHP complaints is running (${connection.description}; documents in ${documentsConnection.description}).`);
  if (config.devSignIn) console.log('Development sign-in is ON: open the Teams tab below and pick a demo user in its yellow banner. Never use this in production.');
  if (botConfig.auth.mode === 'unauthenticated-dev') console.log('Bot authentication is OFF (no MicrosoftAppId): local Emulator/test calls only. Refused in production.');
  const stopReminders = teamsBot.scheduleDailyReminders();
  // Folds case writes' aggregate deltas into month documents (reports are exact either way).
  const stopFolder = startAggregateFolder(store, { holder: `server-${process.pid}-${Date.now()}` });
  for (const [name, url] of Object.entries(urls(config, port))) console.log(`  ${name.padEnd(20)} ${url}`);

  let stopping = false;
  // While stopping, each answer closes its connection: a client that keeps a connection busy would
  // otherwise hold the server open until the grace period runs out.
  server.prependListener('request', (_req: unknown, res: { setHeader(name: string, value: string): void }) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping — finishing requests in flight…`);
    const forced = setTimeout(() => {
      console.log(`Closing the connections still open after ${SHUTDOWN_GRACE_MS / 1000} s.`);
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(forced);
    stopReminders();
    await stopFolder();
    await teamsBot.notifier.idle();
    await closeAll();
    console.log('Stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  startUp.release();
  const asked = startUp.requested();
  if (asked) void stop(asked);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else consoleLogger.error('startup failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
