/**
 * Child process for the compaction crash tests: serves the embedded server on the data dir argv[2]
 * with a small compaction threshold, writes cases 8 at a time and prints `ack <reference>` after each
 * acknowledged write. CHP_EMBEDDED_CRASH_AT (set by the parent) kills it inside the first compaction.
 */
import { startEmbeddedCosmos } from '../../store/embedded';
import { openStore } from '../../store/index';
import { caseRepository } from '../../store/cases';
import { sampleCase } from './helpers';

async function main(): Promise<void> {
  const server = await startEmbeddedCosmos({ dataDir: process.argv[2], compactAfterBytes: 300_000 });
  const store = await openStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId: 'chp-test' });
  const cases = caseRepository(store.containers.cases);
  let next = 0;
  const writer = async () => {
    for (;;) {
      next += 1;
      const reference = `CHP-2026-${String(next).padStart(6, '0')}`;
      await cases.create(sampleCase('org-compact', reference, { nature: 'x'.repeat(2000) }));
      process.stdout.write(`ack ${reference}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
