/**
 * The `audit` container (partition = organisation): append-only records of who opened a sensitive
 * case (core/access-log accessIsLogged), of every subject access export, of every change to the
 * organisation's role definitions (core/roles.ts) and of every change to who holds the roles
 * (core/role-assignments.ts). Documents are only ever created (never upserted or replaced), and this
 * class offers no way to change one; the API has no route that could. The only deletion is the
 * retention sweep's: a case's access log goes with the case.
 */
import type { Container, SqlQuerySpec } from '@azure/cosmos';
import { accessIsLogged, type AccessChannel, type CaseAccess, type SubjectAccessExport } from '../core/access-log';
import type { Case } from '../core/types';
import type { RoleAssignmentsChange } from '../core/role-assignments';
import type { RoleDefinitionsChange } from '../core/roles';
import { isNotFound } from './errors';

type Kinds = {
  'case-access': CaseAccess;
  'subject-access-export': SubjectAccessExport;
  'role-definitions-change': RoleDefinitionsChange;
  'role-assignments-change': RoleAssignmentsChange;
};

const STORAGE_ONLY = new Set(['type', '_etag', '_rid', '_self', '_ts', '_attachments', '_lsn']);
const MAX_PAGE = 200;

function withoutStorageFields<T>(doc: object): T {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !STORAGE_ONLY.has(key))) as T;
}

export interface AuditPage<T> {
  items: T[];
  continuation?: string;
}

export class AuditStore {
  constructor(private readonly container: Container) {}

  private async append<K extends keyof Kinds>(type: K, record: Kinds[K]): Promise<void> {
    await this.container.items.create({ ...record, type });
  }

  private async page<K extends keyof Kinds>(orgId: string, spec: SqlQuerySpec, limit: number, continuation?: string): Promise<AuditPage<Kinds[K]>> {
    const maxItemCount = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
    let continuationToken = continuation;
    // Azure may answer an empty page with a continuation; keep going until something arrives or the end.
    for (;;) {
      const page = await this.container.items.query<Kinds[K]>(spec, { partitionKey: orgId, maxItemCount, continuationToken }).fetchNext();
      continuationToken = page.continuationToken;
      if (page.resources.length > 0 || !continuationToken) {
        return { items: page.resources.map((doc) => withoutStorageFields<Kinds[K]>(doc)), continuation: continuationToken || undefined };
      }
    }
  }

  /**
   * Records that a person opened the case, if it is one whose openings are logged. Awaited before
   * the case is shown: a case whose opening could not be recorded is not shown.
   */
  async recordOpening(c: Case, who: { userId: string; displayName: string }, via: AccessChannel, at: string, id: string): Promise<boolean> {
    if (!accessIsLogged(c)) return false;
    await this.append('case-access', { id: `access:${id}`, orgId: c.orgId, reference: c.reference, at, userId: who.userId, displayName: who.displayName, via });
    return true;
  }

  /**
   * Deletes the log of who opened the case, with the case: the log names the case and the people who
   * looked at it, so it is kept exactly as long as the record it is about (the retention sweep).
   */
  async removeCaseAccess(orgId: string, reference: string): Promise<number> {
    const spec = {
      query: "SELECT c.id FROM c WHERE c.orgId = @orgId AND c.type = 'case-access' AND c.reference = @reference",
      parameters: [{ name: '@orgId', value: orgId }, { name: '@reference', value: reference }],
    };
    const { resources } = await this.container.items.query<{ id: string }>(spec, { partitionKey: orgId }).fetchAll();
    for (const { id } of resources) {
      try {
        await this.container.item(id, orgId).delete();
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return resources.length;
  }

  /** Who opened the case, newest first. */
  listAccess(orgId: string, reference: string, limit = 100, continuation?: string): Promise<AuditPage<CaseAccess>> {
    const spec = {
      query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'case-access' AND c.reference = @reference ORDER BY c.at DESC",
      parameters: [{ name: '@orgId', value: orgId }, { name: '@reference', value: reference }],
    };
    return this.page<'case-access'>(orgId, spec, limit, continuation);
  }

  recordExport = (record: SubjectAccessExport): Promise<void> => this.append('subject-access-export', record);

  /** Every subject access export of the organisation, newest first. */
  listExports(orgId: string, limit = 100, continuation?: string): Promise<AuditPage<SubjectAccessExport>> {
    const spec = { query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'subject-access-export' ORDER BY c.at DESC", parameters: [{ name: '@orgId', value: orgId }] };
    return this.page<'subject-access-export'>(orgId, spec, limit, continuation);
  }

  /** Records a change to the organisation's role definitions (who, when, before and after). */
  recordRoleChange = (record: RoleDefinitionsChange): Promise<void> => this.append('role-definitions-change', record);

  /** Every change to the organisation's role definitions, newest first. */
  listRoleChanges(orgId: string, limit = 50, continuation?: string): Promise<AuditPage<RoleDefinitionsChange>> {
    const spec = { query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'role-definitions-change' ORDER BY c.at DESC", parameters: [{ name: '@orgId', value: orgId }] };
    return this.page<'role-definitions-change'>(orgId, spec, limit, continuation);
  }

  /** Records a change to who holds the organisation's roles (who changed it, when, and each person's roles before and after). */
  recordAssignmentChange = (record: RoleAssignmentsChange): Promise<void> => this.append('role-assignments-change', record);

  /** Every change to who holds the organisation's roles, newest first. */
  listAssignmentChanges(orgId: string, limit = 50, continuation?: string): Promise<AuditPage<RoleAssignmentsChange>> {
    const spec = { query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'role-assignments-change' ORDER BY c.at DESC", parameters: [{ name: '@orgId', value: orgId }] };
    return this.page<'role-assignments-change'>(orgId, spec, limit, continuation);
  }
}
