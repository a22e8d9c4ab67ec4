/**
 * The Cosmos DB store. openStore() creates the database and containers if missing and returns one
 * repository per concern. Works the same against Azure and the embedded local server (store/embedded.ts).
 */
import type https from 'node:https';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { AggregateStore, calendarLookup, contributionLookup } from './aggregates';
import { AuditStore } from './audit';
import { AwarenessStore } from './awareness';
import { caseRepository, type CaseRepository } from './cases';
import { ImprovementStore } from './improvements';
import { NoteStore } from './notes';
import { flagOpenCases } from './open-flag';
import { CONTAINERS, CONTAINER_NAMES, type ContainerName } from './schema';
import { StaffStore } from './staff';
import {
  conversationRepository,
  leaseRepository,
  orgRepository,
  referenceRepository,
  type OrgRecord,
  type StoredConversation,
} from './records';

export { ConflictError, NotFoundError } from './errors';
export type { CaseListQuery, CaseRepository } from './cases';
export type { OrgRecord, RoleAssignment, StoredConversation } from './records';
export type { ContainerName } from './schema';
export type { StaffMember } from './staff';
export { StaffStore } from './staff';

export interface StoreConfig {
  endpoint: string;
  key: string;
  databaseId: string;
  /** For the embedded server: the agent that trusts its pinned certificate (store/tls.ts). */
  agent?: https.Agent;
}

export interface Store {
  cases: CaseRepository;
  orgs: {
    get(orgId: string): Promise<OrgRecord | undefined>;
    /** Creates or overwrites the whole record (seeding, imports); people's edits go through `update`. */
    put(org: OrgRecord): Promise<void>;
    /** Creates the record if the organisation is new; false, writing nothing, if it exists (`chp org create`). */
    create(org: OrgRecord): Promise<boolean>;
    /** ETag-guarded read–modify–replace; ConflictError after a few lost races (store/records.ts). */
    update(orgId: string, change: (current: OrgRecord) => OrgRecord): Promise<OrgRecord>;
    list(): Promise<OrgRecord[]>;
  };
  references: {
    next(orgId: string, year: number): Promise<string>;
    reserveBlock(orgId: string, year: number, size: number): Promise<string[]>;
    reserveThrough(orgId: string, year: number, sequence: number): Promise<void>;
  };
  conversations: { save(ref: StoredConversation): Promise<void>; get(orgId: string, userId: string): Promise<StoredConversation | undefined> };
  leases: { acquire(name: string, holder: string, ttlSeconds: number): Promise<boolean>; release(name: string, holder: string): Promise<void> };
  /** Report aggregates per organisation and month: every case write leaves a delta, folded later (store/aggregates.ts). */
  aggregates: AggregateStore;
  /** Improvement actions and published reports (store/improvements.ts). */
  improvements: ImprovementStore;
  /** Training records and survey results (indicators 3 and 2). */
  awareness: AwarenessStore;
  /** The staff directory: people seen signing in, with their groups; who may own a case (store/staff.ts). */
  staff: StaffStore;
  /** Case notes and contact records, beside their case in the cases container (store/notes.ts). */
  notes: NoteStore;
  /** Append-only: who opened sensitive cases, subject access exports (store/audit.ts). */
  audit: AuditStore;
  /** Raw containers, for modules that own their documents and for tests. */
  containers: Record<ContainerName, Container>;
  database: Database;
  close(): Promise<void>;
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const client = new CosmosClient({
    endpoint: config.endpoint,
    key: config.key,
    agent: config.agent,
    // The embedded server has one region; discovery would send the SDK to addresses it advertises.
    connectionPolicy: { enableEndpointDiscovery: !config.agent },
  });
  const { database } = await client.databases.createIfNotExists({ id: config.databaseId });
  const containers = {} as Record<ContainerName, Container>;
  for (const name of CONTAINER_NAMES) {
    containers[name] = (await database.containers.createIfNotExists(CONTAINERS[name])).container;
  }
  await flagOpenCases(containers.cases);
  const orgs = orgRepository(containers.orgs);
  const aggregates = new AggregateStore(containers.aggregates, containers.cases);
  return {
    cases: caseRepository(containers.cases, { contributionOf: contributionLookup(calendarLookup(orgs)) }),
    orgs,
    aggregates,
    improvements: new ImprovementStore(containers.improvements),
    awareness: new AwarenessStore(containers.awareness),
    staff: new StaffStore(containers.orgs),
    audit: new AuditStore(containers.audit),
    notes: new NoteStore(containers.cases),
    references: referenceRepository(containers.references),
    conversations: conversationRepository(containers.conversations),
    leases: leaseRepository(containers.leases),
    containers,
    database,
    async close() {
      client.dispose();
    },
  };
}
