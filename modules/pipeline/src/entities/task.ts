import { EntitySchema, type Opt } from '@audienceos/module-sdk';
import { optionalTimestamp, timestamp, uuid } from './columns';

/** A checklist item of a client, usually for one stage (`stage` null: applies whatever the stage). */
export class Task {
  id!: string;
  agencyId!: string;
  clientId!: string;
  stage?: string | null;
  title!: string;
  assigneeId?: string | null;
  /** Calendar date, YYYY-MM-DD. */
  dueDate?: string | null;
  done = false;
  doneAt?: Date | null;
  position!: number;
  createdBy?: string | null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  /** +1 on every saved change (the `ETag`). */
  version: Opt<number> = 1;
}

export const TaskSchema = new EntitySchema<Task>({
  class: Task,
  tableName: 'pipeline.task',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    clientId: uuid,
    stage: { type: 'string', nullable: true },
    title: { type: 'string' },
    assigneeId: { ...uuid, nullable: true },
    dueDate: { type: 'string', columnType: 'date', nullable: true },
    done: { type: 'boolean' },
    doneAt: optionalTimestamp,
    position: { type: 'integer' },
    createdBy: { ...uuid, nullable: true },
    createdAt: timestamp,
    updatedAt: { ...timestamp, onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});
