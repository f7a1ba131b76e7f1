import { ClientSchema } from './client';
import { NoteSchema } from './note';
import { HealthPolicySchema, StageSchema } from './stage';
import { StageEventSchema } from './stage-event';
import { TaskSchema } from './task';

export * from './client';
export * from './note';
export * from './stage';
export * from './stage-event';
export * from './task';

export const entities = [ClientSchema, StageSchema, HealthPolicySchema, StageEventSchema, TaskSchema, NoteSchema];
