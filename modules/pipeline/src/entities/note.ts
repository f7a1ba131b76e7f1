import { EntitySchema } from '@audienceos/module-sdk';
import { timestamp, uuid } from './columns';

/** An entry of a client's notes timeline (append-only). */
export class Note {
  id!: string;
  agencyId!: string;
  clientId!: string;
  authorId?: string | null;
  body!: string;
  createdAt: Date = new Date();
}

export const NoteSchema = new EntitySchema<Note>({
  class: Note,
  tableName: 'pipeline.note',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    clientId: uuid,
    authorId: { ...uuid, nullable: true },
    body: { type: 'text' },
    createdAt: timestamp,
  },
});
