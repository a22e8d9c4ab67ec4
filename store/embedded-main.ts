/**
 * The embedded Cosmos-protocol server in a process of its own, started by store/connect.ts so the
 * app and the database use separate cores (as the app and Azure Cosmos DB are separate in
 * production). Not run by hand: it needs an IPC channel to its parent.
 *
 * Input (environment): CHP_EMBEDDED_DATA_DIR (absolute), CHP_EMBEDDED_PORT (0 = a free port).
 * Output (IPC): `{ ready: true, endpoint }` once serving (server.json in the data dir says the same),
 * or `{ error }` if it could not start (e.g. the data dir is served by another process).
 * Stops, after its journal writes are on disk, on SIGTERM (the parent closed its connection) or when
 * the IPC channel closes (the parent died), so no orphan keeps the data dir locked.
 */
import { startEmbeddedCosmos } from './embedded';

export type EmbeddedProcessMessage = { ready: true; endpoint: string } | { error: string };

function tell(message: EmbeddedProcessMessage, sent?: () => void): void {
  process.send?.(message, undefined, {}, () => sent?.());
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('store/embedded-main.ts is started by store/connect.ts (it needs an IPC channel); run `npm start` or a `chp` command instead.');
  const dataDir = process.env.CHP_EMBEDDED_DATA_DIR;
  if (!dataDir) throw new Error('CHP_EMBEDDED_DATA_DIR is not set.');
  const port = Number(process.env.CHP_EMBEDDED_PORT ?? '0');
  // Ctrl-C signals the whole process group. The parent decides when the store stops: only after its
  // own in-flight requests have finished writing, so this process ignores SIGINT.
  process.on('SIGINT', () => undefined);
  const embedded = await startEmbeddedCosmos({ dataDir, port });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= embedded.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('embedded cosmos: stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  if (!process.connected) return stop();
  tell({ ready: true, endpoint: embedded.endpoint });
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  if (!process.connected) {
    console.error(message);
    process.exit(1);
  }
  tell({ error: message }, () => process.exit(1));
});
