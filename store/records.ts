/** The small containers: organisations, reference counters, bot conversations, job leases. */
import type { Container } from '@azure/cosmos';
import type { OrgSettings, RoleId } from '../core/types';
import type { RoleDefinition } from '../core/roles';
import { ConflictError, isConflict, isNotFound, isPreconditionFailed, NotFoundError } from './errors';
import { formatReference, safeId } from './ids';

export interface RoleAssignment {
  principalId: string;
  roles: RoleId[];
  services: string[];
  displayName: string;
  /** What principalId names: an Entra user (object id) or an Entra security group. Absent means a user. */
  kind?: 'user' | 'group';
}
export interface OrgRecord {
  settings: OrgSettings;
  roleAssignments: RoleAssignment[];
  /**
   * The organisation's own roles and what each may do (core/roles.ts). Absent: the product's default
   * roles (core/permissions ROLE_PERMISSIONS), exactly as before organisations could set their own.
   */
  roleDefinitions?: RoleDefinition[];
  tenantId?: string;
  /** When an administrator finished the setup page in the tab; unset on an organisation just created (`chp org create`). */
  setupCompletedAt?: string;
}
export interface StoredConversation { orgId: string; userId: string; reference: unknown /* botbuilder ConversationReference */ }

async function readOrUndefined<T>(container: Container, id: string, partitionKey: string): Promise<(T & { _etag?: string }) | undefined> {
  try {
    const { resource } = await container.item(id, partitionKey).read<T & { _etag?: string }>();
    return resource;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Small random back-off so parallel losers of an ETag race do not collide again in lock-step. */
const jitter = (attempt: number) => pause(Math.random() * Math.min(50, 2 + attempt * 3));

const ORG_DOC = 'org';
interface OrgDocument { id: string; orgId: string; type: 'org'; record: OrgRecord; _etag?: string }
/** Settings are saved by people, rarely at once: a few retries, then ask them to reload. */
const ORG_UPDATE_ATTEMPTS = 5;

export function orgRepository(container: Container) {
  return {
    async get(orgId: string): Promise<OrgRecord | undefined> {
      return (await readOrUndefined<OrgDocument>(container, ORG_DOC, orgId))?.record;
    },
    async put(org: OrgRecord): Promise<void> {
      const doc: OrgDocument = { id: ORG_DOC, orgId: org.settings.orgId, type: 'org', record: org };
      await container.items.upsert(doc);
    },
    /** Creates the record only if the organisation does not exist yet; false (nothing written) when it does. */
    async create(org: OrgRecord): Promise<boolean> {
      const doc: OrgDocument = { id: ORG_DOC, orgId: org.settings.orgId, type: 'org', record: org };
      try {
        await container.items.create(doc);
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    },
    /**
     * Read–modify–replace guarded by the ETag, so two people saving different parts of the settings
     * at once both keep their change: the loser of the race re-reads and applies its change again.
     * `change` must be pure (it may run more than once). Throws NotFoundError for an unknown
     * organisation and ConflictError when the record kept changing under it.
     */
    async update(orgId: string, change: (current: OrgRecord) => OrgRecord): Promise<OrgRecord> {
      for (let attempt = 0; attempt < ORG_UPDATE_ATTEMPTS; attempt += 1) {
        const current = await readOrUndefined<OrgDocument>(container, ORG_DOC, orgId);
        if (!current) throw new NotFoundError(`There is no organisation ${orgId}.`);
        const record = change(current.record);
        if (record.settings.orgId !== orgId) throw new RangeError(`An organisation update may not change its id (${orgId} to ${record.settings.orgId}).`);
        const doc: OrgDocument = { id: ORG_DOC, orgId, type: 'org', record };
        try {
          await container.item(ORG_DOC, orgId).replace(doc, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
          return record;
        } catch (err) {
          if (!isPreconditionFailed(err)) throw err;
          await jitter(attempt);
        }
      }
      throw new ConflictError(`The settings of ${orgId} kept changing while saving; reload and try again.`);
    },
    async list(): Promise<OrgRecord[]> {
      const { resources } = await container.items.query<OrgDocument>({ query: "SELECT * FROM c WHERE c.type = 'org'" }).fetchAll();
      return resources.map((d) => d.record);
    },
  };
}

/** Reference counters: one document per organisation and year, advanced only by ETag-guarded replaces. */
interface CounterDocument { id: string; orgId: string; type: 'counter'; year: number; last: number; _etag?: string }
const COUNTER_ATTEMPTS = 200;

export function referenceRepository(container: Container) {
  /** Moves the counter to max(last, atLeast) or last + 1; returns the new value. */
  async function advance(orgId: string, year: number, next: (last: number) => number | undefined): Promise<number> {
    if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`A reference year must be a four-digit year, not ${year}.`);
    const id = `counter-${year}`;
    for (let attempt = 0; attempt < COUNTER_ATTEMPTS; attempt += 1) {
      const current = await readOrUndefined<CounterDocument>(container, id, orgId);
      const last = current?.last ?? 0;
      const value = next(last);
      if (value === undefined) return last;
      const doc: CounterDocument = { id, orgId, type: 'counter', year, last: value };
      try {
        if (current) await container.item(id, orgId).replace(doc, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
        else await container.items.create(doc);
        return value;
      } catch (err) {
        if (!isPreconditionFailed(err) && !isConflict(err)) throw err;
        await jitter(attempt);
      }
    }
    throw new ConflictError(`Could not take a reference number for ${orgId} ${year}: too many people at once; try again.`);
  }

  return {
    /** 'CHP-2026-000123'; a number once handed out is never handed out again (gaps are possible). */
    async next(orgId: string, year: number): Promise<string> {
      return formatReference(year, await advance(orgId, year, (last) => last + 1));
    },
    /**
     * Reserves `size` consecutive references with one counter update (ETag-guarded like next()), for a
     * process to hand out without a round trip each. Numbers it never hands out (it stopped) are gaps.
     */
    async reserveBlock(orgId: string, year: number, size: number): Promise<string[]> {
      if (!Number.isInteger(size) || size < 1 || size > 1000) throw new RangeError(`A reference block holds 1 to 1000 numbers, not ${size}.`);
      const last = await advance(orgId, year, (current) => current + size);
      return Array.from({ length: size }, (_, i) => formatReference(year, last - size + 1 + i));
    },
    /** Makes sure later next() calls come after `sequence` (used after importing existing references). */
    async reserveThrough(orgId: string, year: number, sequence: number): Promise<void> {
      await advance(orgId, year, (last) => (sequence > last ? sequence : undefined));
    },
  };
}

interface ConversationDocument extends StoredConversation { id: string }

export function conversationRepository(container: Container) {
  return {
    async save(ref: StoredConversation): Promise<void> {
      const doc: ConversationDocument = { id: safeId(ref.userId), orgId: ref.orgId, userId: ref.userId, reference: ref.reference };
      await container.items.upsert(doc);
    },
    async get(orgId: string, userId: string): Promise<StoredConversation | undefined> {
      const doc = await readOrUndefined<ConversationDocument>(container, safeId(userId), orgId);
      return doc && { orgId: doc.orgId, userId: doc.userId, reference: doc.reference };
    },
  };
}

/** Job leases: a holder owns a lease until it expires or is released; taking one is ETag-guarded. */
interface LeaseDocument { id: string; holder: string; expiresAt: number; _etag?: string }

export function leaseRepository(container: Container, now: () => number = Date.now) {
  return {
    async acquire(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
      const id = safeId(name);
      const current = await readOrUndefined<LeaseDocument>(container, id, id);
      const doc: LeaseDocument = { id, holder, expiresAt: now() + ttlSeconds * 1000 };
      try {
        if (!current) await container.items.create(doc);
        else if (current.holder === holder || current.expiresAt <= now()) {
          await container.item(id, id).replace(doc, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
        } else return false;
        return true;
      } catch (err) {
        if (isConflict(err) || isPreconditionFailed(err)) return false;
        throw err;
      }
    },
    async release(name: string, holder: string): Promise<void> {
      const id = safeId(name);
      const current = await readOrUndefined<LeaseDocument>(container, id, id);
      if (!current || current.holder !== holder) return;
      try {
        await container.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
      } catch (err) {
        if (!isNotFound(err) && !isPreconditionFailed(err)) throw err;
      }
    },
  };
}
