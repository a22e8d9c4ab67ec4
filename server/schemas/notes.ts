/** Request and response schemas of case notes, same-customer cases and case links (routes/notes.ts). */
import { z } from 'zod';
import { CASE_LINK_RELATIONS } from '../../core/case-links';
import { MAX_NOTE_LENGTH, NOTE_KINDS } from '../../core/notes';
import { identifier, IsoDateTimeSchema, line, ReferenceSchema, text } from './common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NOTE_ID = /^note-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NewNoteSchema = z
  .strictObject({
    noteId: z.string().regex(UUID, 'must be a UUID (made by the client, so a retried request adds the note once)').optional(),
    kind: z.enum(NOTE_KINDS, { message: `must be one of ${NOTE_KINDS.join(', ')}` }),
    text: text(MAX_NOTE_LENGTH),
    with: line(200).optional().meta({ description: 'Contact records: with whom.' }),
    contactAt: IsoDateTimeSchema.optional().meta({ description: 'Contact records: when it took place.' }),
    corrects: z.string().regex(NOTE_ID, 'must be the id of a note on this case (note-…)').optional().meta({ description: 'The id of the note this note corrects.' }),
  })
  .meta({ id: 'NewCaseNote', description: 'A file note or a record of contact. Notes are never changed; to correct one, add a note that corrects it.' });

export const CaseNoteSchema = z
  .object({
    id: z.string(),
    reference: ReferenceSchema,
    kind: z.enum(NOTE_KINDS),
    at: IsoDateTimeSchema,
    by: z.string(),
    byName: z.string(),
    with: z.string().optional(),
    contactAt: IsoDateTimeSchema.optional(),
    text: z.string(),
    corrects: z.string().optional(),
    correctedBy: z.array(z.string()).optional(),
  })
  .meta({ id: 'CaseNote' });

export const NotePageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  continuation: identifier(4096).optional().meta({ description: 'From the previous page’s `continuation`.' }),
});

export const NotePageSchema = z
  .object({ items: z.array(CaseNoteSchema), continuation: z.string().optional() })
  .meta({ id: 'CaseNotePage', description: 'Notes oldest first; each says which notes correct it.' });

export const SameCustomerSchema = z
  .object({
    items: z.array(
      z.object({ reference: ReferenceSchema, kind: z.string(), status: z.string(), service: z.string(), receivedOn: z.string(), matched: z.array(z.enum(['email', 'phone', 'name'])) }),
    ),
    more: z.boolean(),
  })
  .meta({ id: 'SameCustomerCases' });

export const LinkCaseSchema = z
  .strictObject({
    reference: ReferenceSchema,
    relation: z.enum(CASE_LINK_RELATIONS, { message: `must be one of ${CASE_LINK_RELATIONS.join(', ')}` }),
    actionId: identifier(200).optional(),
  })
  .meta({ id: 'LinkCase', description: 'Links another case of your organisation; the link is recorded on both cases.' });
