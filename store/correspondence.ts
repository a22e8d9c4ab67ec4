/**
 * Correspondence with customers, in the `orgs` container (partition = organisation): the organisation's
 * templates and text blocks (`type: 'correspondence-settings'`, one document), and each case's letters
 * (`type: 'letters'`, id `letters:<reference>`, one document holding the drafts and what was sent —
 * a case has a handful, and one point read shows them all). Writes are ETag-guarded.
 */
import type { Container } from '@azure/cosmos';
import { defaultCorrespondenceSettings, type CorrespondenceSettings, type LetterKind } from '../core/correspondence';
import type { CorrespondenceVia } from '../core/workflow';
import { ConflictError, isConflict, isNotFound, isPreconditionFailed } from './errors';
import { safeId } from './ids';

export interface Letter {
  id: string;
  kind: LetterKind;
  subject: string;
  text: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** Once sent the letter is kept as it went and never changed again. */
  sent?: { at: string; by: string; via: CorrespondenceVia; to?: string; sha256: string };
}

interface SettingsDocument { id: 'correspondence-settings'; orgId: string; type: 'correspondence-settings'; settings: CorrespondenceSettings; _etag?: string }
interface LettersDocument { id: string; orgId: string; type: 'letters'; reference: string; letters: Letter[]; _etag?: string }

const lettersId = (reference: string) => safeId(`letters:${reference}`);
const ATTEMPTS = 5;

export class CorrespondenceStore {
  constructor(private readonly container: Container) {}

  private async read<T extends object>(id: string, orgId: string): Promise<T | undefined> {
    try {
      return (await this.container.item(id, orgId).read<T>()).resource;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The organisation's templates, or the shipped defaults until it saves its own. */
  async settings(orgId: string): Promise<CorrespondenceSettings> {
    const doc = await this.read<SettingsDocument>('correspondence-settings', orgId);
    const defaults = defaultCorrespondenceSettings();
    // A kind added after the organisation saved its templates starts from the default wording.
    return doc ? { ...defaults, ...doc.settings, templates: { ...defaults.templates, ...doc.settings.templates } } : defaults;
  }

  async saveSettings(orgId: string, settings: CorrespondenceSettings): Promise<void> {
    const doc: SettingsDocument = { id: 'correspondence-settings', orgId, type: 'correspondence-settings', settings };
    await this.container.items.upsert(doc);
  }

  async letters(orgId: string, reference: string): Promise<Letter[]> {
    return (await this.read<LettersDocument>(lettersId(reference), orgId))?.letters ?? [];
  }

  /** Deletes the case's letters, drafts and sent alike (the case's record is being disposed of). */
  async removeCase(orgId: string, reference: string): Promise<void> {
    try {
      await this.container.item(lettersId(reference), orgId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Read–change–replace under the ETag; `change` must be pure (it may run again after a lost race). */
  async updateLetters<T>(orgId: string, reference: string, change: (letters: Letter[]) => { letters: Letter[]; result: T }): Promise<T> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await this.read<LettersDocument>(lettersId(reference), orgId);
      const { letters, result } = change(structuredClone(current?.letters ?? []));
      const doc: LettersDocument = { id: lettersId(reference), orgId, type: 'letters', reference, letters };
      try {
        if (current) await this.container.item(doc.id, orgId).replace(doc, { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } });
        else await this.container.items.create(doc);
        return result;
      } catch (error) {
        if (!isPreconditionFailed(error) && !isConflict(error)) throw error;
      }
    }
    throw new ConflictError(`The letters of ${reference} kept changing while saving; reload and try again.`);
  }
}
