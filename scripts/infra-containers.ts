// Writes infra/modules/cosmos-containers.json from store/schema.ts, so the Bicep deployment creates exactly the
// containers, partition keys and indexing policies the store expects (Bicep reads it with loadJsonContent).
// Run after changing store/schema.ts: npx tsx scripts/infra-containers.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINERS, CONTAINER_NAMES } from '../store/schema';

export const INFRA_CONTAINERS_FILE = join(__dirname, '..', 'infra', 'modules', 'cosmos-containers.json');

export function infraContainersJson(): string {
  return JSON.stringify(CONTAINER_NAMES.map((name) => CONTAINERS[name]), null, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(INFRA_CONTAINERS_FILE, infraContainersJson());
  console.log(`wrote ${INFRA_CONTAINERS_FILE}`);
}
