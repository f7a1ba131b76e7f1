import { EntitySchema } from '@audienceos/module-sdk';
import { timestamp, uuid } from './columns';

/** One column of an agency's pipeline. `key` is stable (clients and history refer to it); `name` may change. */
export class Stage {
  id!: string;
  agencyId!: string;
  key!: string;
  name!: string;
  position!: number;
  createdAt: Date = new Date();
}

export const StageSchema = new EntitySchema<Stage>({
  class: Stage,
  tableName: 'pipeline.stage',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    key: { type: 'string' },
    name: { type: 'string' },
    position: { type: 'integer' },
    createdAt: timestamp,
  },
});

/** The agency's health thresholds (no row: the defaults). */
export class HealthPolicy {
  agencyId!: string;
  yellowAfterDays!: number;
  redAfterDays!: number;
  updatedAt: Date = new Date();
}

export const HealthPolicySchema = new EntitySchema<HealthPolicy>({
  class: HealthPolicy,
  tableName: 'pipeline.health_policy',
  properties: {
    agencyId: { ...uuid, primary: true },
    yellowAfterDays: { type: 'integer' },
    redAfterDays: { type: 'integer' },
    updatedAt: timestamp,
  },
});
