/** The cases container: create (idempotent), point reads, ETag-guarded updates, scoped paged lists. */
import type { Container, JSONObject, OperationInput, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import type { Result } from '../core/errors';
import type { Case, CaseStatus, IsoDate, SourceLink } from '../core/types';
import type { CaseScope } from '../core/permissions';
import { toCase, toDocument, type CaseDocument, type SourceClaimDocument } from './case-document';
import { ConflictError, NotFoundError, isNotFound, isPreconditionFailed } from './errors';
import { sourceClaimId } from './ids';

export interface CaseListQuery {
  /** From core/permissions caseScope(actor): the store filters by it. */
  scope: CaseScope;
  owner?: string;
  service?: string;
  status?: CaseStatus[];
  stage?: 1 | 2;
  /** Open cases whose running clock was due before this date. */
  overdueOn?: IsoDate;
  text?: string;
  sort?: 'due' | 'received' | 'reference';
  limit: number;
  continuation?: string;
}

export interface CaseRepository {
  create(c: Case): Promise<{ case: Case; created: boolean }>;
  get(orgId: string, reference: string): Promise<Case | undefined>;
  findBySource(orgId: string, ids: { messageId?: string; internetMessageId?: string }): Promise<Case | undefined>;
  /** The earliest case logged from a message of this email conversation (a reply is linked to it, not logged again). */
  findByConversation(orgId: string, conversationId: string): Promise<Case | undefined>;
  update<T>(orgId: string, reference: string, change: (current: Case) => Result<{ case: Case } & T>): Promise<Result<{ case: Case } & T>>;
  list(orgId: string, query: CaseListQuery): Promise<{ items: Case[]; continuation?: string }>;
  /**
   * Deletes the case and its source claims; false if it was not there or `unless` says keep it.
   * Throws ConflictError if the case changed between that check and the delete.
   */
  remove(orgId: string, reference: string, unless?: (current: Case) => boolean): Promise<boolean>;
}

/** Retries after the first attempt when the ETag race is lost (412). */
export const UPDATE_RETRIES = 5;
const MAX_PAGE = 500;
const STAGE_STATUSES: Record<1 | 2, CaseStatus[]> = {
  1: ['stage1', 'stage1-closed'],
  2: ['stage2', 'stage2-signoff', 'stage2-signed-off', 'stage2-closed'],
};
const OPEN_STATUSES: CaseStatus[] = ['stage1', 'stage2', 'stage2-signoff', 'stage2-signed-off'];

function claimsFor(source: SourceLink | undefined): { id: string }[] {
  if (!source) return [];
  const claims = [{ id: sourceClaimId('messageId', source.messageId) }];
  if (source.internetMessageId) claims.push({ id: sourceClaimId('internetMessageId', source.internetMessageId) });
  return claims;
}

export function caseRepository(container: Container): CaseRepository {
  async function readDocument(orgId: string, reference: string): Promise<CaseDocument | undefined> {
    try {
      const { resource } = await container.item(reference, orgId).read<CaseDocument>();
      return resource?.type === 'case' ? resource : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function get(orgId: string, reference: string): Promise<Case | undefined> {
    const doc = await readDocument(orgId, reference);
    return doc && toCase(doc);
  }

  async function findBySource(orgId: string, ids: { messageId?: string; internetMessageId?: string }): Promise<Case | undefined> {
    const claimIds = [
      ids.messageId ? sourceClaimId('messageId', ids.messageId) : undefined,
      ids.internetMessageId ? sourceClaimId('internetMessageId', ids.internetMessageId) : undefined,
    ].filter((id): id is string => id !== undefined);
    for (const id of claimIds) {
      try {
        const { resource } = await container.item(id, orgId).read<SourceClaimDocument>();
        if (resource) {
          const found = await get(orgId, resource.reference);
          if (found) return found;
        }
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return undefined;
  }

  async function findByConversation(orgId: string, conversationId: string): Promise<Case | undefined> {
    const query = "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'case' AND c.source.conversationId = @conversationId ORDER BY c.receivedAt ASC";
    const parameters = [{ name: '@orgId', value: orgId }, { name: '@conversationId', value: conversationId }];
    const { resources } = await container.items.query<CaseDocument>({ query, parameters }, { partitionKey: orgId, maxItemCount: 1 }).fetchNext();
    return resources[0] && toCase(resources[0]);
  }

  // Race-safe idempotency: the case (id = reference) and one claim per source id are created in one
  // atomic batch in the organisation's partition. Whoever loses the race gets a 409 and reads the winner.
  async function create(c: Case, healed = false): Promise<{ case: Case; created: boolean }> {
    const claims: SourceClaimDocument[] = claimsFor(c.source).map(({ id }) => ({ id, orgId: c.orgId, type: 'source-claim', reference: c.reference }));
    const operations: OperationInput[] = [
      ...claims.map((claim) => ({ operationType: 'Create' as const, resourceBody: claim as unknown as JSONObject })),
      { operationType: 'Create', resourceBody: toDocument(c) as unknown as JSONObject },
    ];
    const response = await container.items.batch(operations, c.orgId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode < 400)) {
      const stored = results[results.length - 1].resourceBody as unknown as CaseDocument;
      return { case: toCase(stored), created: true };
    }
    const failed = results.find((r) => r.statusCode !== 424);
    if (failed?.statusCode !== 409) throw new Error(`Creating case ${c.reference} failed with status ${failed?.statusCode ?? response.code}.`);
    const existing = (await get(c.orgId, c.reference)) ?? (await findBySource(c.orgId, c.source ?? {}));
    if (existing) return { case: existing, created: false };
    if (healed) throw new ConflictError(`Case ${c.reference} conflicts with a record that vanished meanwhile; try again.`);
    // Only a claim whose case was deleted (a crash between the two deletes) can be left: clear it, retry once.
    await deleteClaims(c.orgId, c.source);
    return create(c, true);
  }

  async function update<T>(
    orgId: string,
    reference: string,
    change: (current: Case) => Result<{ case: Case } & T>,
  ): Promise<Result<{ case: Case } & T>> {
    for (let attempt = 0; attempt <= UPDATE_RETRIES; attempt += 1) {
      const doc = await readDocument(orgId, reference);
      if (!doc) throw new NotFoundError(`There is no case ${reference} in organisation ${orgId}.`);
      const current = toCase(doc);
      const result = change(current);
      if (!result.ok || result.value.case === current) return result;
      const next = result.value.case;
      if (next.reference !== reference || next.orgId !== orgId) throw new Error(`An update may not change a case's reference or organisation (${reference}).`);
      try {
        const { resource } = await container.item(reference, orgId).replace<CaseDocument>(toDocument(next), { accessCondition: { type: 'IfMatch', condition: doc._etag ?? '' } });
        return { ok: true, value: { ...result.value, case: resource ? toCase(resource) : next } };
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    throw new ConflictError(`Case ${reference} was changed by someone else ${UPDATE_RETRIES + 1} times while saving; reload it and try again.`);
  }

  async function list(orgId: string, query: CaseListQuery): Promise<{ items: Case[]; continuation?: string }> {
    const spec = listQuery(orgId, query);
    if (!spec) return { items: [] };
    const maxItemCount = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
    let continuationToken = query.continuation;
    // Azure may return an empty page with a continuation; keep going until something arrives or the end.
    for (;;) {
      const page = await container.items.query<CaseDocument>(spec, { partitionKey: orgId, maxItemCount, continuationToken }).fetchNext();
      continuationToken = page.continuationToken;
      if (page.resources.length > 0 || !continuationToken) return { items: page.resources.map(toCase), continuation: continuationToken || undefined };
    }
  }

  async function remove(orgId: string, reference: string, unless?: (current: Case) => boolean): Promise<boolean> {
    const doc = await readDocument(orgId, reference);
    if (!doc || (unless && unless(toCase(doc)))) return false;
    // The case first, guarded by the ETag the check above saw; then its claims. A claim left behind by a
    // crash in between is harmless: create() clears a claim whose case is gone.
    try {
      await container.item(reference, orgId).delete({ accessCondition: { type: 'IfMatch', condition: doc._etag ?? '' } });
    } catch (err) {
      if (isNotFound(err)) return false;
      if (isPreconditionFailed(err)) throw new ConflictError(`Case ${reference} changed while it was being deleted; look at it again.`);
      throw err;
    }
    await deleteClaims(orgId, doc.source);
    return true;
  }

  async function deleteClaims(orgId: string, source: SourceLink | undefined): Promise<void> {
    for (const { id } of claimsFor(source)) {
      try {
        await container.item(id, orgId).delete();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  return { create: (c: Case) => create(c), get, findBySource, findByConversation, update, list, remove };
}

/** Parameterised SQL: the text is built only from fixed fragments; every input value is a parameter. */
export function listQuery(orgId: string, q: CaseListQuery): SqlQuerySpec | undefined {
  const where = ['c.orgId = @orgId', "c.type = 'case'"];
  const parameters: SqlParameter[] = [{ name: '@orgId', value: orgId }];
  const add = (name: string, value: SqlParameter['value']) => parameters.push({ name, value });

  if (!q.scope.all) {
    const visible: string[] = [];
    if (q.scope.userId) {
      visible.push('c.owner = @scopeUser', 'c.loggedBy = @scopeUser');
      add('@scopeUser', q.scope.userId);
    }
    if (q.scope.services.length > 0) {
      visible.push('ARRAY_CONTAINS(@scopeServices, c.service)');
      add('@scopeServices', q.scope.services);
    }
    if (q.scope.socialWork) visible.push('c.socialWork = true');
    if (visible.length === 0) return undefined;
    where.push(`(${visible.join(' OR ')})`);
  }
  if (q.owner !== undefined) {
    where.push('c.owner = @owner');
    add('@owner', q.owner);
  }
  if (q.service !== undefined) {
    where.push('c.service = @service');
    add('@service', q.service);
  }
  let statuses = q.status;
  if (q.stage !== undefined) statuses = (statuses ?? STAGE_STATUSES[q.stage]).filter((s) => STAGE_STATUSES[q.stage as 1 | 2].includes(s));
  if (q.overdueOn !== undefined) {
    statuses = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
    where.push('c.dueOn < @overdueOn');
    add('@overdueOn', q.overdueOn);
  }
  if (statuses !== undefined) {
    if (statuses.length === 0) return undefined;
    where.push('ARRAY_CONTAINS(@statuses, c.status)');
    add('@statuses', statuses);
  }
  if (q.text && q.text.trim()) {
    where.push('CONTAINS(c.search, @text)');
    add('@text', q.text.trim().toLowerCase());
  }
  const orderBy = { due: 'c.dueOn ASC', received: 'c.receivedAt DESC', reference: 'c.id ASC' }[q.sort ?? 'due'];
  return { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`, parameters };
}
