import { EntitySchema } from '@audienceos/module-sdk';

/** One answer to "How likely are you to recommend us?" from one client. */
export class NpsResponse {
  id!: string;
  agencyId!: string;
  /** A pipeline client's id: an id only, never a cross-schema foreign key (ARCHITECTURE.md). */
  clientId!: string;
  score!: number;
  comment?: string | null;
  /** The staff member who recorded it (null for imports and the seed's system rows). */
  recordedBy?: string | null;
  createdAt: Date = new Date();
}

export const NpsResponseSchema = new EntitySchema<NpsResponse>({
  class: NpsResponse,
  tableName: 'example_nps.response',
  properties: {
    id: { type: 'uuid', primary: true },
    agencyId: { type: 'uuid' },
    clientId: { type: 'uuid' },
    score: { type: 'integer' },
    comment: { type: 'text', nullable: true },
    recordedBy: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
  },
});

export const entities = [NpsResponseSchema];
