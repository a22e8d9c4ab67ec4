/**
 * Azurite's blob service in a process of its own, started by store/documents-connect.ts (as
 * store/embedded-main.ts is for the Cosmos server). Not run by hand: it needs an IPC channel to its parent.
 *
 * Input (environment): CHP_BLOB_LOCATION (absolute), CHP_BLOB_PORT (0 = a free port).
 * Output (IPC): `{ ready: true, accountUrl }` once serving (blob-server.json in the location says the
 * same), or `{ error }`. Stops, after Azurite has written its metadata, on SIGTERM or when the IPC
 * channel closes (the parent died), so no orphan keeps the location locked.
 */
import { startEmbeddedBlob } from './blob-embedded';

export type BlobProcessMessage = { ready: true; accountUrl: string } | { error: string };

function tell(message: BlobProcessMessage, sent?: () => void): void {
  process.send?.(message, undefined, {}, () => sent?.());
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('store/blob-embedded-main.ts is started by store/documents-connect.ts (it needs an IPC channel); run `npm start` or a `chp` command instead.');
  const location = process.env.CHP_BLOB_LOCATION;
  if (!location) throw new Error('CHP_BLOB_LOCATION is not set.');
  // Ctrl-C signals the whole process group; the parent decides when storage stops (after its requests).
  process.on('SIGINT', () => undefined);
  const blob = await startEmbeddedBlob({ location, port: Number(process.env.CHP_BLOB_PORT ?? '0') });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= blob.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('embedded blob storage: stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  if (!process.connected) return stop();
  tell({ ready: true, accountUrl: blob.accountUrl });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (!process.connected) {
    console.error(message);
    process.exit(1);
  }
  tell({ error: message }, () => process.exit(1));
});
