/** The cases container: create (idempotent), point reads, ETag-guarded updates, scoped paged lists. */
import { randomUUID } from 'node:crypto';
import type { Container, JSONObject, OperationInput, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { addCounts, subtractCounts, type IndicatorCounts } from '../core/indicators';
import type { Result } from '../core/errors';
import type { Case, CaseStatus, IsoDate } from '../core/types';
import type { CaseScope } from '../core/permissions';
import { ownerOrderedPage, ownerSegments } from './owner-order';
import { OPEN_STATUSES, type CaseSort } from '../core/caseload';
import { toCase, toDocument, type CaseDocument, type LegacyClaimDocument, type SourceClaimDocument } from './case-document';
import { ConflictError, NotFoundError, isNotFound, isPreconditionFailed } from './errors';
import { legacyClaimId, sourceClaimId } from './ids';

export interface CaseListQuery {
  /** From core/permissions caseScope(actor): the store filters by it. */
  scope: CaseScope;
  owner?: string;
  /** One service name, or several (a renamed service's current and former names). */
  service?: string | string[];
  status?: CaseStatus[];
  stage?: 1 | 2;
  /** Open cases whose running clock was due before this date. */
  overdueOn?: IsoDate;
  /** Open cases whose running clock is due in [from, before) (the "due soon" range of core/caseload). */
  dueRange?: { from: IsoDate; before: IsoDate };
  /** Leave out cases whose stage 2 sign-off draft this person wrote (the sign-off queue). */
  notDraftedBy?: string;
  text?: string;
  sort?: CaseSort;
  /** With sort "owner": the owners' ids in the order of their names, so the list reads by name (store/owner-order.ts). */
  ownersByName?: string[];
  /** Only cases with no owner / only cases whose owner is not one of these (the parts of the owner-sorted list). */
  unowned?: boolean;
  ownerNotIn?: string[];
  limit: number;
  continuation?: string;
}


/** What a count needs of a list query: its filters, not its order or page. */
export type CaseCountQuery = Omit<CaseListQuery, 'sort' | 'limit' | 'continuation' | 'ownersByName'>;

/** What a list row shows (the caseload): no timeline, no nature text — a fraction of the document. */
export const CASE_ROW_FIELDS = ['reference', 'orgId', 'kind', 'status', 'customer', 'service', 'owner', 'receivedOn', 'stage1', 'stage2', 'contractor', 'socialWork'] as const;
export type CaseRow = Pick<Case, (typeof CASE_ROW_FIELDS)[number]>;
const ROW_SELECT = CASE_ROW_FIELDS.map((field) => `c.${field}`).join(', ');

export interface CaseRepository {
  create(c: Case): Promise<{ case: Case; created: boolean }>;
  /**
   * Creates many cases of one organisation (an import), as few requests as the batch limits allow:
   * see createMany below. Per case, in order: whether this call created it or it was already there.
   */
  createMany(cases: readonly Case[]): Promise<{ reference: string; created: boolean }[]>;
  get(orgId: string, reference: string): Promise<Case | undefined>;
  findBySource(orgId: string, ids: { messageId?: string; internetMessageId?: string }): Promise<Case | undefined>;
  /** The case imported with this reference of the previous system (trimmed, any case). */
  findByLegacyReference(orgId: string, legacyReference: string): Promise<Case | undefined>;
  /** Every legacy reference of the organisation's imported cases → the product reference (an import's plan). */
  legacyReferences(orgId: string): Promise<Map<string, string>>;
  /** The earliest case logged from a message of this email conversation (a reply is linked to it, not logged again). */
  findByConversation(orgId: string, conversationId: string): Promise<Case | undefined>;
  update<T>(orgId: string, reference: string, change: (current: Case) => Result<{ case: Case } & T>): Promise<Result<{ case: Case } & T>>;
  list(orgId: string, query: CaseListQuery): Promise<{ items: Case[]; continuation?: string }>;
  /** The same page as list(), projected to the row fields (less to read, send and parse). */
  listRows(orgId: string, query: CaseListQuery): Promise<{ items: CaseRow[]; continuation?: string }>;
  /** How many cases a list query finds in all (for "1–25 of 190" and the caseload's counts). */
  count(orgId: string, query: CaseCountQuery): Promise<number>;
  /**
   * Deletes the case and its source claims; false if it was not there or `unless` says keep it.
   * Throws ConflictError if the case changed between that check and the delete. Its figures leave
   * the reports (an import rolled back: the case never was), or with `keepFigures` stay in them (a
   * disposal: the complaint was made, only its record is destroyed).
   */
  remove(orgId: string, reference: string, unless?: (current: Case) => boolean, options?: { keepFigures?: boolean }): Promise<boolean>;
}

/** Retries after the first attempt when the ETag race is lost (412). */
export const UPDATE_RETRIES = 5;
const MAX_PAGE = 500;
const STAGE_STATUSES: Record<1 | 2, CaseStatus[]> = {
  1: ['stage1', 'stage1-closed'],
  2: ['stage2', 'stage2-signoff', 'stage2-signed-off', 'stage2-closed'],
};

type Claimed = Pick<Case, 'source' | 'legacyReference'>;

function claimsFor({ source, legacyReference }: Claimed): { id: string; legacyReference?: string }[] {
  const claims: { id: string; legacyReference?: string }[] = [];
  if (source) claims.push({ id: sourceClaimId('messageId', source.messageId) });
  if (source?.internetMessageId) claims.push({ id: sourceClaimId('internetMessageId', source.internetMessageId) });
  if (legacyReference) claims.push({ id: legacyClaimId(legacyReference), legacyReference });
  return claims;
}

/** Counts per month: what one version of a case contributes to the report figures. */
export type MonthlyContribution = Record<string, IndicatorCounts>;

/** An immutable record of how one case write changed the figures; folded into month documents later. */
export interface AggregateDeltaDocument {
  id: string;
  orgId: string;
  type: 'aggregate-delta';
  reference: string;
  months: MonthlyContribution;
}

/**
 * What a disposed case contributed to the figures, kept when the case itself is destroyed: counts by
 * month and no personal data, so past reports keep their figures and a rebuild still counts them.
 */
export interface RetainedFiguresDocument {
  id: string;
  orgId: string;
  type: 'retained-figures';
  reference: string;
  months: MonthlyContribution;
}
export const RETAINED_FIGURES_TYPE = 'retained-figures';

/** `next − previous`, month by month, keeping only months that changed. */
export function contributionDelta(previous: MonthlyContribution, next: MonthlyContribution): MonthlyContribution {
  const delta: MonthlyContribution = {};
  for (const month of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    const diff = subtractCounts(next[month] ?? {}, previous[month] ?? {});
    if (Object.keys(diff).length > 0) delta[month] = diff;
  }
  return delta;
}

export interface CaseRepositoryOptions {
  /**
   * The case's report contribution (store/aggregates.ts). Given, every write stores it with the case
   * and adds an aggregate delta document to the same transactional batch; absent, cases are written
   * alone (tests of the bare repository).
   */
  contributionOf?: (c: Case) => Promise<MonthlyContribution>;
}

/** createMany failed partway: `created` are the cases it had created (for an import to remove again). */
export class PartialCreateError extends Error {
  override readonly name = 'PartialCreateError';
  constructor(override readonly cause: unknown, readonly created: string[]) {
    super((cause as Error)?.message ?? String(cause));
  }
}

/** Cosmos DB's limits on a transactional batch: 100 operations, 2 MB (documents kept well under). */
const BATCH_OPERATIONS = 100;
const BATCH_BYTES = 1_000_000;

function deltaOperation(orgId: string, reference: string, months: MonthlyContribution): OperationInput[] {
  if (Object.keys(months).length === 0) return [];
  const delta: AggregateDeltaDocument = { id: `delta:${randomUUID()}`, orgId, type: 'aggregate-delta', reference, months };
  return [{ operationType: 'Create', resourceBody: delta as unknown as JSONObject }];
}

function retainedFiguresOperation(orgId: string, reference: string, months: MonthlyContribution): OperationInput[] {
  if (Object.keys(months).length === 0) return [];
  const retained: RetainedFiguresDocument = { id: `retained-figures:${reference}`, orgId, type: RETAINED_FIGURES_TYPE, reference, months };
  return [{ operationType: 'Create', resourceBody: retained as unknown as JSONObject }];
}

export function caseRepository(container: Container, options: CaseRepositoryOptions = {}): CaseRepository {
  const { contributionOf } = options;
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

  async function findByLegacyReference(orgId: string, legacyReference: string): Promise<Case | undefined> {
    if (!legacyReference.trim()) return undefined;
    try {
      const { resource } = await container.item(legacyClaimId(legacyReference), orgId).read<LegacyClaimDocument>();
      return resource ? get(orgId, resource.reference) : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function legacyReferences(orgId: string): Promise<Map<string, string>> {
    const query = { query: "SELECT c.legacyReference, c.reference FROM c WHERE c.orgId = @orgId AND c.type = 'legacy-claim'", parameters: [{ name: '@orgId', value: orgId }] };
    const { resources } = await container.items.query<Pick<LegacyClaimDocument, 'legacyReference' | 'reference'>>(query, { partitionKey: orgId }).fetchAll();
    return new Map(resources.map((r) => [r.legacyReference, r.reference]));
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
    const claims: (SourceClaimDocument | LegacyClaimDocument)[] = claimsFor(c).map(({ id, legacyReference }) =>
      legacyReference ? { id, orgId: c.orgId, type: 'legacy-claim', reference: c.reference, legacyReference } : { id, orgId: c.orgId, type: 'source-claim', reference: c.reference },
    );
    const document = toDocument(c);
    if (contributionOf) document.reported = await contributionOf(c);
    const operations: OperationInput[] = [
      ...claims.map((claim) => ({ operationType: 'Create' as const, resourceBody: claim as unknown as JSONObject })),
      { operationType: 'Create', resourceBody: document as unknown as JSONObject },
      ...deltaOperation(c.orgId, c.reference, document.reported ?? {}),
    ];
    const response = await container.items.batch(operations, c.orgId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode < 400)) {
      const stored = results[claims.length].resourceBody as unknown as CaseDocument;
      return { case: toCase(stored), created: true };
    }
    const failed = results.find((r) => r.statusCode !== 424);
    if (failed?.statusCode !== 409) throw new Error(`Creating case ${c.reference} failed with status ${failed?.statusCode ?? response.code}.`);
    const existing = (await get(c.orgId, c.reference)) ?? (await findBySource(c.orgId, c.source ?? {})) ?? (c.legacyReference ? await findByLegacyReference(c.orgId, c.legacyReference) : undefined);
    if (existing) return { case: existing, created: false };
    if (healed) throw new ConflictError(`Case ${c.reference} conflicts with a record that vanished meanwhile; try again.`);
    // Only a claim whose case was deleted (a crash between the two deletes) can be left: clear it, retry once.
    await deleteClaims(c.orgId, c);
    return create(c, true);
  }

  /**
   * Many new cases to one atomic batch: each case's claims and document, and ONE aggregate delta with
   * their contributions summed (the figures change exactly when the cases appear, as with create()).
   * A batch is within Cosmos DB's limits (100 operations, BATCH_BYTES of documents). A batch that
   * meets a case or claim already there fails whole (409) and is done again case by case through
   * create(), which tells a case already there from one created — so idempotence is create()'s own.
   * Locally each request is one journal append and fsync, so this is what makes an import fast.
   */
  async function createMany(cases: readonly Case[]): Promise<{ reference: string; created: boolean }[]> {
    const results: { reference: string; created: boolean }[] = [];
    try {
      for (const group of await batchGroups(cases)) {
        if (await createGroup(group)) results.push(...group.map(({ c }) => ({ reference: c.reference, created: true })));
        else for (const { c } of group) results.push({ reference: c.reference, created: (await create(c)).created });
      }
    } catch (error) {
      throw new PartialCreateError(error, results.filter((r) => r.created).map((r) => r.reference));
    }
    return results;
  }

  interface Prepared {
    c: Case;
    operations: OperationInput[];
    reported: MonthlyContribution;
    bytes: number;
  }

  async function batchGroups(cases: readonly Case[]): Promise<Prepared[][]> {
    const groups: Prepared[][] = [];
    let group: Prepared[] = [];
    let operations = 0;
    let bytes = 0;
    for (const c of cases) {
      if (c.orgId !== cases[0].orgId) throw new Error(`createMany takes the cases of one organisation (${cases[0].orgId}), not ${c.orgId}.`);
      const document = toDocument(c);
      if (contributionOf) document.reported = await contributionOf(c);
      const claims = claimsFor(c).map(({ id, legacyReference }) =>
        legacyReference ? { id, orgId: c.orgId, type: 'legacy-claim', reference: c.reference, legacyReference } : { id, orgId: c.orgId, type: 'source-claim', reference: c.reference },
      );
      const ops: OperationInput[] = [...claims, document].map((body) => ({ operationType: 'Create' as const, resourceBody: body as unknown as JSONObject }));
      const size = JSON.stringify(document).length + claims.length * 200;
      // One operation is kept free for the group's delta.
      if (group.length > 0 && (operations + ops.length + 1 > BATCH_OPERATIONS || bytes + size > BATCH_BYTES)) {
        groups.push(group);
        group = [];
        operations = 0;
        bytes = 0;
      }
      group.push({ c, operations: ops, reported: document.reported ?? {}, bytes: size });
      operations += ops.length;
      bytes += size;
    }
    if (group.length > 0) groups.push(group);
    return groups;
  }

  /** True if the whole group was created; false if something in it was already there (nothing written). */
  async function createGroup(group: Prepared[]): Promise<boolean> {
    const { orgId } = group[0].c;
    const summed: MonthlyContribution = {};
    for (const { reported } of group) for (const [month, counts] of Object.entries(reported)) summed[month] = addCounts(summed[month] ?? {}, counts);
    const label = group.length === 1 ? group[0].c.reference : `${group[0].c.reference}…${group[group.length - 1].c.reference}`;
    const operations = [...group.flatMap((p) => p.operations), ...deltaOperation(orgId, label, summed)];
    const response = await container.items.batch(operations, orgId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode < 400)) return true;
    const failed = results.find((r) => r.statusCode !== 424);
    if (failed?.statusCode === 409) return false;
    throw new Error(`Creating cases ${label} failed with status ${failed?.statusCode ?? response.code}.`);
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
      const saved = await replaceDocument(doc, next);
      if (saved) return { ok: true, value: { ...result.value, case: toCase(saved) } };
    }
    throw new ConflictError(`Case ${reference} was changed by someone else ${UPDATE_RETRIES + 1} times while saving; reload it and try again.`);
  }

  /**
   * Replaces `current` with `next` if its ETag still holds (undefined if not). With contributions, the
   * case and the delta between its old and new contribution go in one atomic batch: the figures
   * change exactly when the case does, and no document shared by other cases is touched.
   */
  async function replaceDocument(current: CaseDocument, next: Case): Promise<CaseDocument | undefined> {
    const document = toDocument(next);
    const etag = current._etag ?? '';
    // Without contributions (the bare repository) the figures are not this writer's business: the
    // stored contribution is kept as it was and no delta is written.
    document.reported = contributionOf ? await contributionOf(next) : current.reported;
    const delta = contributionOf ? deltaOperation(next.orgId, next.reference, contributionDelta(current.reported ?? {}, document.reported ?? {})) : [];
    if (delta.length === 0) {
      try {
        const { resource } = await container.item(next.reference, next.orgId).replace<CaseDocument>(document, { accessCondition: { type: 'IfMatch', condition: etag } });
        return resource ?? document;
      } catch (err) {
        if (isPreconditionFailed(err)) return undefined;
        throw err;
      }
    }
    const operations: OperationInput[] = [
      { operationType: 'Replace', id: next.reference, partitionKey: next.orgId, ifMatch: etag, resourceBody: document as unknown as JSONObject },
      ...delta,
    ];
    const results = (await container.items.batch(operations, next.orgId)).result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode < 400)) return results[0].resourceBody as unknown as CaseDocument;
    if (results[0]?.statusCode === 412) return undefined;
    if (results[0]?.statusCode === 404) throw new NotFoundError(`There is no case ${next.reference} in organisation ${next.orgId}.`);
    throw new Error(`Saving case ${next.reference} failed with status ${results.find((r) => r.statusCode !== 424)?.statusCode ?? 'unknown'}.`);
  }

  async function list(orgId: string, query: CaseListQuery): Promise<{ items: Case[]; continuation?: string }> {
    const page = await listPage<CaseDocument>(orgId, listQuery(orgId, query), query);
    return { ...page, items: page.items.map(toCase) };
  }

  function listRows(orgId: string, query: CaseListQuery): Promise<{ items: CaseRow[]; continuation?: string }> {
    if (query.sort === 'owner' && query.ownersByName) {
      const { ownersByName, ...rest } = query;
      return ownerOrderedPage(ownerSegments(ownersByName), Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit))), query.continuation, (segment, max, continuation) => {
        const part: CaseListQuery = { ...rest, ...segment, sort: 'ownerNotIn' in segment ? 'owner' : 'due', limit: max, continuation };
        return listPage<CaseRow>(orgId, listQuery(orgId, part, ROW_SELECT), part);
      });
    }
    return listPage<CaseRow>(orgId, listQuery(orgId, query, ROW_SELECT), query);
  }

  async function listPage<T>(orgId: string, spec: SqlQuerySpec | undefined, query: CaseListQuery): Promise<{ items: T[]; continuation?: string }> {
    if (!spec) return { items: [] };
    const maxItemCount = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
    let continuationToken = query.continuation;
    // Azure may return an empty page with a continuation; keep going until something arrives or the end.
    for (;;) {
      const page = await container.items.query<T>(spec, { partitionKey: orgId, maxItemCount, continuationToken }).fetchNext();
      continuationToken = page.continuationToken;
      if (page.resources.length > 0 || !continuationToken) return { items: page.resources, continuation: continuationToken || undefined };
    }
  }

  async function count(orgId: string, query: CaseCountQuery): Promise<number> {
    const where = whereClause(orgId, query);
    if (!where) return 0;
    const spec = { query: `SELECT VALUE COUNT(1) FROM c WHERE ${where.conditions.join(' AND ')}`, parameters: where.parameters };
    const { resources } = await container.items.query<number>(spec, { partitionKey: orgId }).fetchAll();
    return resources.reduce((sum, n) => sum + n, 0);
  }

  async function remove(orgId: string, reference: string, unless?: (current: Case) => boolean, options: { keepFigures?: boolean } = {}): Promise<boolean> {
    const doc = await readDocument(orgId, reference);
    if (!doc || (unless && unless(toCase(doc)))) return false;
    // The case first, guarded by the ETag the check above saw; then its claims. A claim left behind by a
    // crash in between is harmless: create() clears a claim whose case is gone.
    const changed = () => new ConflictError(`Case ${reference} changed while it was being deleted; look at it again.`);
    const figures = contributionOf ? (options.keepFigures ? retainedFiguresOperation(orgId, reference, doc.reported ?? {}) : deltaOperation(orgId, reference, contributionDelta(doc.reported ?? {}, {}))) : [];
    if (figures.length === 0) {
      try {
        await container.item(reference, orgId).delete({ accessCondition: { type: 'IfMatch', condition: doc._etag ?? '' } });
      } catch (err) {
        if (isNotFound(err)) return false;
        if (isPreconditionFailed(err)) throw changed();
        throw err;
      }
    } else {
      // The case leaves the figures (or its figures are kept apart) in the same atomic batch that deletes it.
      // The SDK's type omits ifMatch on a batch delete, but passes it through and the service honours it.
      const guardedDelete = { operationType: 'Delete', id: reference, partitionKey: orgId, ifMatch: doc._etag ?? '' } as OperationInput;
      const operations: OperationInput[] = [guardedDelete, ...figures];
      const results = (await container.items.batch(operations, orgId)).result ?? [];
      if (results[0]?.statusCode === 404) return false;
      if (results[0]?.statusCode === 412) throw changed();
      if (results.length !== operations.length || results.some((r) => r.statusCode >= 400)) throw new Error(`Deleting case ${reference} failed with status ${results.find((r) => r.statusCode !== 424)?.statusCode ?? 'unknown'}.`);
    }
    await deleteClaims(orgId, doc);
    return true;
  }

  async function deleteClaims(orgId: string, claimed: Claimed): Promise<void> {
    for (const { id } of claimsFor(claimed)) {
      try {
        await container.item(id, orgId).delete();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  return { create: (c: Case) => create(c), createMany, get, findBySource, findByLegacyReference, legacyReferences, findByConversation, update, list, listRows, count, remove };
}

const ORDER_BY: Record<CaseSort, string> = {
  due: 'c.dueOn ASC',
  received: 'c.receivedAt DESC',
  reference: 'c.id ASC',
  // Soonest due first within each owner or service (composite indexes owner+dueOn, service+dueOn).
  // Cases with no owner sort first: Azure returns items whose ORDER BY property is undefined, lowest.
  owner: 'c.owner ASC, c.dueOn ASC',
  service: 'c.service ASC, c.dueOn ASC',
};

/** Parameterised SQL: the text is built only from fixed fragments; every input value is a parameter. */
export function listQuery(orgId: string, q: CaseListQuery, select = '*'): SqlQuerySpec | undefined {
  const where = whereClause(orgId, q);
  if (!where) return undefined;
  return { query: `SELECT ${select} FROM c WHERE ${where.conditions.join(' AND ')} ORDER BY ${ORDER_BY[q.sort ?? 'due']}`, parameters: where.parameters };
}

/** The WHERE conditions of a list query; undefined when it can find nothing (no need to ask the store). */
function whereClause(orgId: string, q: CaseCountQuery): { conditions: string[]; parameters: SqlParameter[] } | undefined {
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
  if (q.unowned) where.push('NOT IS_DEFINED(c.owner)');
  if (q.ownerNotIn) {
    where.push('IS_DEFINED(c.owner) AND NOT ARRAY_CONTAINS(@ownerNotIn, c.owner)');
    add('@ownerNotIn', q.ownerNotIn);
  }
  if (typeof q.service === 'string') {
    where.push('c.service = @service');
    add('@service', q.service);
  } else if (q.service !== undefined) {
    where.push('ARRAY_CONTAINS(@service, c.service)');
    add('@service', q.service);
  }
  let statuses = q.status;
  if (q.stage !== undefined) statuses = (statuses ?? STAGE_STATUSES[q.stage]).filter((s) => STAGE_STATUSES[q.stage as 1 | 2].includes(s));
  if (q.overdueOn !== undefined) {
    statuses = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
    where.push('c.dueOn < @overdueOn');
    add('@overdueOn', q.overdueOn);
  }
  if (q.dueRange !== undefined) {
    statuses = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
    where.push('c.dueOn >= @dueFrom', 'c.dueOn < @dueBefore');
    add('@dueFrom', q.dueRange.from);
    add('@dueBefore', q.dueRange.before);
  }
  if (statuses !== undefined) {
    if (statuses.length === 0) return undefined;
    where.push('ARRAY_CONTAINS(@statuses, c.status)');
    add('@statuses', statuses);
    // Open cases only (the caseload's default, overdue, due soon, sign-off): say so first, so the
    // store reads the open working set from its index, not every closed case of past years. Same
    // rows: every document with an open status has open = true (store/case-document.ts).
    if (statuses.every((s) => OPEN_STATUSES.includes(s))) where.unshift('c.open = true');
  }
  if (q.notDraftedBy !== undefined) {
    // A case with no draft has no author: NOT (undefined = x) is undefined in Cosmos SQL, so say so explicitly.
    where.push('(NOT IS_DEFINED(c.stage2.signOff.author) OR c.stage2.signOff.author != @notDraftedBy)');
    add('@notDraftedBy', q.notDraftedBy);
  }
  if (q.text && q.text.trim()) {
    where.push('CONTAINS(c.search, @text)');
    add('@text', q.text.trim().toLowerCase());
  }
  return { conditions: where, parameters };
}
