/**
 * Child process for the kill -9 test: serves the embedded server on the data dir given as argv[2] and
 * writes cases as fast as it can, 8 at a time, printing `ack <reference>` after each acknowledged write.
 * The parent SIGKILLs it mid-burst.
 */
import { startEmbeddedCosmos } from '../../store/embedded';
import { openStore } from '../../store/index';
import { caseRepository } from '../../store/cases';
import { sampleCase } from './helpers';

async function main(): Promise<void> {
  const server = await startEmbeddedCosmos({ dataDir: process.argv[2] });
  const store = await openStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId: 'chp-test' });
  // The bare case repository: this test is about the server's durability, not the aggregates layer.
  const cases = caseRepository(store.containers.cases);
  process.stdout.write('ready\n');
  let next = 0;
  const writer = async () => {
    for (;;) {
      next += 1;
      const reference = `CHP-2026-${String(next).padStart(6, '0')}`;
      await cases.create(sampleCase('org-burst', reference, { nature: 'x'.repeat(2000) }));
      process.stdout.write(`ack ${reference}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
