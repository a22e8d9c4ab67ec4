/**
 * Child process for the start-up tests: starts the embedded server on the data dir argv[2] (which
 * replays it, and compacts when the journal is long) and stops it. CHP_EMBEDDED_CRASH_AT (set by the
 * parent) kills it inside that start-up compaction instead.
 */
import { startEmbeddedCosmos } from '../../store/embedded';

async function main(): Promise<void> {
  const server = await startEmbeddedCosmos({ dataDir: process.argv[2] });
  await server.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
