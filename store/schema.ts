/**
 * Containers, partition keys and indexing policies. The reasoning and RU costs are in docs/storage.md.
 * Every container is partitioned by organisation except leases (one document per job name, shared
 * by all organisations' job runners).
 */
import type { ContainerDefinition, IndexingPolicy } from '@azure/cosmos';

export const CONTAINER_NAMES = ['cases', 'orgs', 'references', 'aggregates', 'conversations', 'leases', 'improvements', 'awareness', 'audit'] as const;
export type ContainerName = (typeof CONTAINER_NAMES)[number];

const onlyThese = (paths: string[], composite: IndexingPolicy['compositeIndexes'] = []): IndexingPolicy => ({
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: paths.map((path) => ({ path })),
  excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }],
  compositeIndexes: composite,
});

/** Only the properties the list, caseload and retention queries filter or sort on (and a case's notes: reference, at, corrects). */
const casesIndexing = onlyThese(
  ['/type/?', '/open/?', '/status/?', '/owner/?', '/loggedBy/?', '/service/?', '/socialWork/?', '/kind/?', '/dueOn/?', '/receivedAt/?', '/receivedOn/?', '/search/?', '/disposalOn/?', '/source/conversationId/?', '/stage2/signOff/author/?', '/reference/?', '/at/?', '/corrects/?', '/spso/referredOn/?'],
  [
    [{ path: '/owner', order: 'ascending' }, { path: '/dueOn', order: 'ascending' }],
    [{ path: '/service', order: 'ascending' }, { path: '/dueOn', order: 'ascending' }],
    [{ path: '/status', order: 'ascending' }, { path: '/dueOn', order: 'ascending' }],
    // The open working set in due order (the caseload's default list): an index seek on open = true.
    [{ path: '/open', order: 'ascending' }, { path: '/dueOn', order: 'ascending' }],
  ],
);

/** Point reads only: nothing to index. */
const pointReadsOnly: IndexingPolicy = { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] };

export const CONTAINERS: Record<ContainerName, ContainerDefinition> = {
  cases: { id: 'cases', partitionKey: { paths: ['/orgId'] }, indexingPolicy: casesIndexing },
  orgs: { id: 'orgs', partitionKey: { paths: ['/orgId'] }, indexingPolicy: onlyThese(['/type/?']) },
  references: { id: 'references', partitionKey: { paths: ['/orgId'] }, indexingPolicy: pointReadsOnly },
  aggregates: { id: 'aggregates', partitionKey: { paths: ['/orgId'] }, indexingPolicy: onlyThese(['/month/?', '/type/?']) },
  conversations: { id: 'conversations', partitionKey: { paths: ['/orgId'] }, indexingPolicy: pointReadsOnly },
  leases: { id: 'leases', partitionKey: { paths: ['/id'] }, indexingPolicy: pointReadsOnly },
  improvements: { id: 'improvements', partitionKey: { paths: ['/orgId'] }, indexingPolicy: onlyThese(['/type/?', '/open/?', '/status/?', '/owner/?', '/targetOn/?', '/reference/?']) },
  /** Training records and survey results: listed whole per organisation and kind. */
  awareness: { id: 'awareness', partitionKey: { paths: ['/orgId'] }, indexingPolicy: onlyThese(['/type/?']) },
  /**
   * Append-only records: who opened a sensitive case, who exported a person's data. Listed by case
   * (access) or whole (exports), newest first.
   */
  audit: {
    id: 'audit',
    partitionKey: { paths: ['/orgId'] },
    indexingPolicy: onlyThese(['/type/?', '/reference/?', '/at/?'], [[{ path: '/type', order: 'ascending' }, { path: '/reference', order: 'ascending' }, { path: '/at', order: 'descending' }]]),
  },
};
