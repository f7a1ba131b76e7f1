import { EntitySchema } from '@audienceos/module-sdk';

/**
 * The ORM knows the workflow row (the module's main record); the engine's other tables are
 * reached with SQL in the call's transaction (they are written in bulk and locked row by row).
 */
export class Workflow {
  id!: string;
  agencyId!: string;
  name!: string;
  description?: string | null;
  enabled!: boolean;
  trigger!: Record<string, unknown>;
  conditions!: Record<string, unknown>;
  steps!: Record<string, unknown>[];
  triggerKind!: string;
  triggerTopic?: string | null;
  rateLimit?: number | null;
  templateId?: string | null;
  version!: number;
  archivedAt?: Date | null;
  createdBy?: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const WorkflowSchema = new EntitySchema<Workflow>({
  class: Workflow,
  tableName: 'automations.workflow',
  properties: {
    id: { type: 'uuid', primary: true },
    agencyId: { type: 'uuid' },
    name: { type: 'text' },
    description: { type: 'text', nullable: true },
    enabled: { type: 'boolean' },
    trigger: { type: 'json' },
    conditions: { type: 'json' },
    steps: { type: 'json' },
    triggerKind: { type: 'text' },
    triggerTopic: { type: 'text', nullable: true },
    rateLimit: { type: 'integer', nullable: true },
    templateId: { type: 'text', nullable: true },
    version: { type: 'integer' },
    archivedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdBy: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});

export const entities = [WorkflowSchema];
