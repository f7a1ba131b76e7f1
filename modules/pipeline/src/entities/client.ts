import { EntitySchema, type Opt } from '@audienceos/module-sdk';
import { optionalTimestamp, timestamp, uuid } from './columns';

export type Health = 'green' | 'yellow' | 'red';

/** A client account of the agency, somewhere in the pipeline. */
export class Client {
  id!: string;
  agencyId!: string;
  name!: string;
  company = '';
  website?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  tags: string[] = [];
  totalSpend = 0;
  lifetimeValue = 0;
  /** Calendar date (YYYY-MM-DD) the tracking install went live. */
  installDate?: string | null;
  notes?: string | null;
  /** Stage key (`onboarding`, `live`…), see `Stage.key`. */
  stage!: string;
  /**
   * When the client entered its current stage: always the `at` of its latest stage event,
   * written in the same transaction. Kept on the row so that lists can filter and sort by
   * days in stage and health without a join on the history.
   */
  stageEnteredAt: Date = new Date();
  healthOverride?: Health | null;
  healthReason?: string | null;
  healthOverriddenBy?: string | null;
  healthOverriddenAt?: Date | null;
  ownerId?: string | null;
  collaboratorIds: string[] = [];
  archivedAt?: Date | null;
  createdBy?: string | null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  /** +1 on every saved change (MikroORM's optimistic lock): the `ETag` that `If-Match` names. */
  version: Opt<number> = 1;
}

const money = { type: 'decimal', precision: 14, scale: 2, runtimeType: 'number' } as const;

export const ClientSchema = new EntitySchema<Client>({
  class: Client,
  tableName: 'pipeline.client',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    name: { type: 'string' },
    company: { type: 'string' },
    website: { type: 'string', nullable: true },
    contactName: { type: 'string', nullable: true },
    contactEmail: { type: 'string', nullable: true },
    contactPhone: { type: 'string', nullable: true },
    tags: { type: 'string[]', columnType: 'text[]' },
    totalSpend: money,
    lifetimeValue: money,
    installDate: { type: 'string', columnType: 'date', nullable: true },
    notes: { type: 'text', nullable: true },
    stage: { type: 'string' },
    stageEnteredAt: timestamp,
    healthOverride: { type: 'string', nullable: true },
    healthReason: { type: 'string', nullable: true },
    healthOverriddenBy: { ...uuid, nullable: true },
    healthOverriddenAt: optionalTimestamp,
    ownerId: { ...uuid, nullable: true },
    collaboratorIds: { type: 'string[]', columnType: 'uuid[]' },
    archivedAt: optionalTimestamp,
    createdBy: { ...uuid, nullable: true },
    createdAt: timestamp,
    updatedAt: { ...timestamp, onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});
