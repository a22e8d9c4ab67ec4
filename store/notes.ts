/**
 * Case notes (core/notes.ts): one document per note in the cases container, beside its case in the
 * organisation's partition (`type: 'note'`), never inside the case document — a case with a thousand
 * notes would otherwise be read and rewritten whole on every action. Case queries filter on
 * `type = 'case'`, so notes never appear as cases. Append-only: notes are created, never replaced.
 *
 * A correction is created in one atomic batch with a claim document (`note-correction:<id>`) naming the
 * note it corrects, so two people correcting the same note at once cannot both succeed: the second is
 * told to correct the correction instead, which keeps each note's corrections a single chain.
 */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { violation, type RuleViolation } from '../core/errors';
import { checkNewNote, makeNote, noteRefusal, sameNote, type CaseNote, type NewNote } from '../core/notes';
import type { Actor, Case, IsoDateTime } from '../core/types';
import { isNotFound } from './errors';

export const NOTE_TYPE = 'note';
const CORRECTION_CLAIM_TYPE = 'note-correction';
const MAX_PAGE = 200;

type NoteDocument = CaseNote & { type: typeof NOTE_TYPE; _etag?: string; _rid?: string; _self?: string; _ts?: number; _attachments?: string };

const toNote = (doc: NoteDocument): CaseNote => {
  const { type: _type, _etag, _rid, _self, _ts, _attachments, ...note } = doc;
  return note;
};

/** The note the batch would have created already exists (a retry) or the note it corrects is already corrected. */
export class NoteConflict extends Error {
  override readonly name = 'NoteConflict';
  constructor(
    message: string,
    readonly reason: 'exists' | 'already-corrected',
  ) {
    super(message);
  }
}

export interface NotePage {
  items: CaseNote[];
  continuation?: string;
}

export class NoteStore {
  constructor(private readonly container: Container) {}

  async get(orgId: string, id: string): Promise<CaseNote | undefined> {
    try {
      const { resource } = await this.container.item(id, orgId).read<NoteDocument>();
      return resource?.type === NOTE_TYPE ? toNote(resource) : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates the note (and, for a correction, its claim); NoteConflict when either exists. */
  async add(note: CaseNote): Promise<CaseNote> {
    const document: NoteDocument = { ...note, type: NOTE_TYPE };
    const operations: OperationInput[] = [{ operationType: 'Create', resourceBody: document as unknown as JSONObject }];
    if (note.corrects) {
      const claim = { id: `${CORRECTION_CLAIM_TYPE}:${note.corrects}`, orgId: note.orgId, type: CORRECTION_CLAIM_TYPE, reference: note.reference, corrects: note.corrects, by: note.id };
      operations.push({ operationType: 'Create', resourceBody: claim });
    }
    const results = (await this.container.items.batch(operations, note.orgId)).result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode < 400)) return toNote(results[0].resourceBody as unknown as NoteDocument);
    if (results[0]?.statusCode === 409) throw new NoteConflict(`A note with the id ${note.id} already exists.`, 'exists');
    if (results[1]?.statusCode === 409) throw new NoteConflict(`The note ${note.corrects} has already been corrected; correct the correction instead.`, 'already-corrected');
    throw new Error(`Saving a note on ${note.reference} failed with status ${results.find((r) => r.statusCode !== 424)?.statusCode ?? 'unknown'}.`);
  }

  /** The case's notes in the order they were recorded, a page at a time. */
  async page(orgId: string, reference: string, limit: number, continuation?: string): Promise<NotePage> {
    const spec = {
      query: "SELECT * FROM c WHERE c.orgId = @orgId AND c.type = 'note' AND c.reference = @reference ORDER BY c.at ASC",
      parameters: [{ name: '@orgId', value: orgId }, { name: '@reference', value: reference }],
    };
    const maxItemCount = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
    let continuationToken = continuation;
    for (;;) {
      const page = await this.container.items.query<NoteDocument>(spec, { partitionKey: orgId, maxItemCount, continuationToken }).fetchNext();
      continuationToken = page.continuationToken;
      if (page.resources.length > 0 || !continuationToken) return { items: page.resources.map(toNote), continuation: continuationToken || undefined };
    }
  }

  /** The notes of the case that correct any of `ids` (for marking a page's notes as corrected). */
  async correctionsOf(orgId: string, reference: string, ids: readonly string[]): Promise<Pick<CaseNote, 'id' | 'corrects'>[]> {
    if (ids.length === 0) return [];
    const spec = {
      query: "SELECT c.id, c.corrects FROM c WHERE c.orgId = @orgId AND c.type = 'note' AND c.reference = @reference AND ARRAY_CONTAINS(@ids, c.corrects)",
      parameters: [{ name: '@orgId', value: orgId }, { name: '@reference', value: reference }, { name: '@ids', value: [...ids] }],
    };
    const { resources } = await this.container.items.query<Pick<CaseNote, 'id' | 'corrects'>>(spec, { partitionKey: orgId }).fetchAll();
    return resources;
  }

  /** Deletes every note of a case and their correction claims (the case's record is being disposed of). */
  async removeCase(orgId: string, reference: string): Promise<number> {
    const spec = {
      query: "SELECT c.id FROM c WHERE c.orgId = @orgId AND (c.type = 'note' OR c.type = 'note-correction') AND c.reference = @reference",
      parameters: [{ name: '@orgId', value: orgId }, { name: '@reference', value: reference }],
    };
    const { resources } = await this.container.items.query<{ id: string }>(spec, { partitionKey: orgId }).fetchAll();
    for (const { id } of resources) {
      try {
        await this.container.item(id, orgId).delete();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return resources.length;
  }
}

/** What adding a note came to: the note, and whether it was already there (a retried request). */
export type NoteOutcome = { ok: true; note: CaseNote; replayed: boolean } | { ok: false; error: RuleViolation };

/**
 * Adds a note to a case the caller has read: the core's checks (who may, what a note needs, what it
 * corrects), then the append. A retry with the same id and the same content is answered with the
 * stored note; the same id with other content is refused.
 */
export async function recordNote(notes: NoteStore, c: Case, input: NewNote, ctx: { id: string; now: IsoDateTime; actor: Actor }): Promise<NoteOutcome> {
  const refused = noteRefusal(ctx.actor, c);
  if (refused) return { ok: false, error: refused };
  const earlier = await notes.get(c.orgId, ctx.id);
  if (earlier) return replayOf(earlier, input, ctx.actor, c.reference);
  const corrected = input.corrects ? await notes.get(c.orgId, input.corrects) : undefined;
  const problem = checkNewNote(c, input, ctx.now, corrected);
  if (problem) return { ok: false, error: problem };
  try {
    return { ok: true, note: await notes.add(makeNote(c, input, ctx)), replayed: false };
  } catch (err) {
    if (!(err instanceof NoteConflict)) throw err;
    if (err.reason === 'already-corrected')
      return { ok: false, error: violation('not-allowed-now', `That note has already been corrected; to put the correction right, correct the note that corrected it.`) };
    const raced = await notes.get(c.orgId, ctx.id);
    return raced ? replayOf(raced, input, ctx.actor, c.reference) : { ok: false, error: violation('not-allowed-now', 'The note could not be saved; try again.') };
  }
}

function replayOf(stored: CaseNote, input: NewNote, actor: Actor, reference: string): NoteOutcome {
  return sameNote(stored, input, actor, reference)
    ? { ok: true, note: stored, replayed: true }
    : { ok: false, error: violation('invalid-input', 'That note id was already used for another note; send a new id for a new note.') };
}
