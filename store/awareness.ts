/**
 * Training records and survey results (core/awareness) in the `awareness` container (partition =
 * organisation). An organisation keeps tens of them a year, so listing reads them all; they are
 * written once and only ever deleted (a record entered by mistake), never edited.
 */
import type { Container } from '@azure/cosmos';
import type { SurveyResult, TrainingRecord } from '../core/awareness';
import { isNotFound } from './errors';

type Kinds = { training: TrainingRecord; survey: SurveyResult };
type AwarenessDocument<K extends keyof Kinds> = Kinds[K] & { type: K };

const STORAGE_ONLY = new Set(['type', '_etag', '_rid', '_self', '_ts', '_attachments', '_lsn']);

function withoutStorageFields<T>(doc: object): T {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !STORAGE_ONLY.has(key))) as T;
}

export class AwarenessStore {
  constructor(private readonly container: Container) {}

  private async add<K extends keyof Kinds>(type: K, record: Kinds[K]): Promise<void> {
    const doc = { ...record, type } as AwarenessDocument<K>;
    await this.container.items.create(doc);
  }

  private async list<K extends keyof Kinds>(type: K, orgId: string): Promise<Kinds[K][]> {
    const { resources } = await this.container.items
      .query<AwarenessDocument<K>>({ query: 'SELECT * FROM c WHERE c.orgId = @orgId AND c.type = @type', parameters: [{ name: '@orgId', value: orgId }, { name: '@type', value: type }] }, { partitionKey: orgId })
      .fetchAll();
    return resources.map((doc) => withoutStorageFields<Kinds[K]>(doc));
  }

  /** False when there is no such record of this kind in the organisation. */
  private async remove(type: keyof Kinds, orgId: string, id: string): Promise<boolean> {
    try {
      const { resource } = await this.container.item(id, orgId).read<{ type: string }>();
      if (!resource || resource.type !== type) return false;
      await this.container.item(id, orgId).delete();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  addTraining = (record: TrainingRecord): Promise<void> => this.add('training', record);
  addSurvey = (result: SurveyResult): Promise<void> => this.add('survey', result);

  /** Newest first (by the day it was delivered). */
  async listTraining(orgId: string): Promise<TrainingRecord[]> {
    return (await this.list('training', orgId)).sort((a, b) => b.deliveredOn.localeCompare(a.deliveredOn) || b.recordedAt.localeCompare(a.recordedAt));
  }

  /** Newest first (by the last month the survey asked about). */
  async listSurveys(orgId: string): Promise<SurveyResult[]> {
    return (await this.list('survey', orgId)).sort((a, b) => b.toMonth.localeCompare(a.toMonth) || b.recordedAt.localeCompare(a.recordedAt));
  }

  removeTraining = (orgId: string, id: string): Promise<boolean> => this.remove('training', orgId, id);
  removeSurvey = (orgId: string, id: string): Promise<boolean> => this.remove('survey', orgId, id);
}
