import { EntitySchema } from '@audienceos/module-sdk';
import { timestamp, uuid } from './columns';

/** A client's move between stages. `fromStage` is null for the event that places a new client. */
export class StageEvent {
  id!: string;
  agencyId!: string;
  clientId!: string;
  fromStage?: string | null;
  toStage!: string;
  movedBy?: string | null;
  note?: string | null;
  at: Date = new Date();
}

export const StageEventSchema = new EntitySchema<StageEvent>({
  class: StageEvent,
  tableName: 'pipeline.stage_event',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    clientId: uuid,
    fromStage: { type: 'string', nullable: true },
    toStage: { type: 'string' },
    movedBy: { ...uuid, nullable: true },
    note: { type: 'text', nullable: true },
    at: timestamp,
  },
});
