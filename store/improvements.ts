/**
 * Improvement actions (core/learning) and published reports, in the `improvements` container
 * (partition = organisation). Updates are read–modify–replace guarded by the ETag, like cases.
 * An organisation has hundreds of actions, not millions: listing reads them all.
 */
import type { Container } from '@azure/cosmos';
import type { Result } from '../core/errors';
import { OPEN_IMPROVEMENT_STATUSES, type ImprovementAction, type ImprovementStatus } from '../core/learning';
import type { IsoDate, IsoDateTime } from '../core/types';
import { ConflictError, isConflict, isNotFound, isPreconditionFailed, NotFoundError } from './errors';

interface ImprovementDocument extends ImprovementAction {
  type: 'improvement';
  /** Flattened for the overdue query (the container indexes /targetOn). */
  targetOn: IsoDate;
  _etag?: string;
}

/** A "you said, we did" or annual report as published: the text the public saw, kept as a record. */
export interface PublicationRecord {
  orgId: string;
  kind: 'you-said-we-did' | 'annual';
  periodId: string;
  publishedAt: IsoDateTime;
  publishedBy: string;
  /** The publisher's name as it was then (records from before it was kept have none). */
  publishedByName?: string;
  actionIds: string[];
  html: string;
}

interface PublicationDocument extends PublicationRecord {
  id: string;
  type: 'publication';
}

export interface ImprovementListFilter {
  status?: ImprovementStatus[];
  caseReference?: string;
  /** Open actions whose target date is before this date. */
  overdueOn?: IsoDate;
}

const STORAGE_ONLY = new Set(['type', 'targetOn', '_etag', '_rid', '_self', '_ts', '_attachments', '_lsn']);
const UPDATE_ATTEMPTS = 6;

function toAction(doc: ImprovementDocument): ImprovementAction {
  const action: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!STORAGE_ONLY.has(key)) action[key] = value;
  return action as unknown as ImprovementAction;
}

const toDocument = (a: ImprovementAction): ImprovementDocument => ({ ...a, type: 'improvement', targetOn: a.targetDate });
/** Cosmos ids may not contain '/', '\\', '?' or '#': the period id `2025/26-Q4` becomes `2025-26-Q4`. */
const publicationId = (kind: string, periodId: string): string => `publication:${kind}:${periodId.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export class ImprovementStore {
  constructor(private readonly container: Container) {}

  private async readDocument(orgId: string, id: string): Promise<ImprovementDocument | undefined> {
    try {
      const { resource } = await this.container.item(id, orgId).read<ImprovementDocument>();
      return resource?.type === 'improvement' ? resource : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Idempotent on the id: a retried create returns the stored action with created: false. */
  async create(action: ImprovementAction): Promise<{ action: ImprovementAction; created: boolean }> {
    try {
      const { resource } = await this.container.items.create(toDocument(action));
      return { action: resource ? toAction(resource) : action, created: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await this.get(action.orgId, action.id);
      if (!existing) throw new ConflictError(`Improvement action ${action.id} conflicts with a record that vanished; try again.`);
      return { action: existing, created: false };
    }
  }

  async get(orgId: string, id: string): Promise<ImprovementAction | undefined> {
    const doc = await this.readDocument(orgId, id);
    return doc && toAction(doc);
  }

  async update<T>(orgId: string, id: string, change: (current: ImprovementAction) => Result<{ action: ImprovementAction } & T>): Promise<Result<{ action: ImprovementAction } & T>> {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt += 1) {
      const doc = await this.readDocument(orgId, id);
      if (!doc) throw new NotFoundError(`There is no improvement action ${id} in organisation ${orgId}.`);
      const current = toAction(doc);
      const result = change(current);
      if (!result.ok || result.value.action === current) return result;
      try {
        await this.container.item(id, orgId).replace(toDocument(result.value.action), { accessCondition: { type: 'IfMatch', condition: doc._etag ?? '' } });
        return result;
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    throw new ConflictError(`Improvement action ${id} was changed by someone else while saving; reload it and try again.`);
  }

  async list(orgId: string, filter: ImprovementListFilter = {}): Promise<ImprovementAction[]> {
    const where = ['c.orgId = @orgId', "c.type = 'improvement'"];
    const parameters: { name: string; value: string | string[] }[] = [{ name: '@orgId', value: orgId }];
    let statuses = filter.status;
    if (filter.overdueOn) {
      statuses = (statuses ?? [...OPEN_IMPROVEMENT_STATUSES]).filter((s) => OPEN_IMPROVEMENT_STATUSES.includes(s));
      where.push('c.targetOn < @overdueOn');
      parameters.push({ name: '@overdueOn', value: filter.overdueOn });
    }
    if (statuses) {
      if (statuses.length === 0) return [];
      where.push('ARRAY_CONTAINS(@statuses, c.status)');
      parameters.push({ name: '@statuses', value: statuses });
    }
    if (filter.caseReference) {
      where.push('ARRAY_CONTAINS(c.caseReferences, @reference)');
      parameters.push({ name: '@reference', value: filter.caseReference });
    }
    const { resources } = await this.container.items
      .query<ImprovementDocument>({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: orgId })
      .fetchAll();
    return resources.map(toAction).sort((a, b) => a.targetDate.localeCompare(b.targetDate) || a.id.localeCompare(b.id));
  }

  /**
   * Stores the published text, once: the published record is what the public saw, so a second
   * publication of the same report is refused with a ConflictError (also when two race).
   */
  async savePublication(record: PublicationRecord): Promise<void> {
    const doc: PublicationDocument = { ...record, id: publicationId(record.kind, record.periodId), type: 'publication' };
    try {
      await this.container.items.create(doc);
    } catch (err) {
      if (isConflict(err)) throw new ConflictError(`The ${record.kind} report for ${record.periodId} has already been published.`);
      throw err;
    }
  }

  /** The publications of one kind, newest period first, without their text. */
  async listPublications(orgId: string, kind: PublicationRecord['kind']): Promise<Omit<PublicationRecord, 'html'>[]> {
    const { resources } = await this.container.items
      .query<PublicationDocument>(
        { query: 'SELECT * FROM c WHERE c.type = @type AND c.kind = @kind', parameters: [{ name: '@type', value: 'publication' }, { name: '@kind', value: kind }] },
        { partitionKey: orgId },
      )
      .fetchAll();
    return resources
      .map(({ orgId: org, kind: k, periodId, publishedAt, publishedBy, publishedByName, actionIds }) => ({ orgId: org, kind: k, periodId, publishedAt, publishedBy, publishedByName, actionIds }))
      .sort((a, b) => b.periodId.localeCompare(a.periodId));
  }

  async getPublication(orgId: string, kind: PublicationRecord['kind'], periodId: string): Promise<PublicationRecord | undefined> {
    try {
      const { resource } = await this.container.item(publicationId(kind, periodId), orgId).read<PublicationDocument>();
      if (!resource) return undefined;
      const { id: _id, type: _type, ...record } = resource;
      return record;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
