/**
 * Pipeline: the agency's clients moving through configurable stages, with stage history,
 * health, owner/collaborator assignments, per-stage checklists and a notes timeline.
 * The first domain module: read this one to write the next.
 */
import { defineModule } from '@audienceos/module-sdk';
import { entities } from './entities';
import { manifest, TOPICS } from './manifest';
import { migrations } from './migrations';
import { generate } from './generate';
import { seed } from './seed';
import { clientNotesService } from './services/client-notes.service';
import { clientTasksService } from './services/client-tasks.service';
import { clientsService } from './services/clients.service';
import { referencesService } from './services/references.service';
import { stagesService } from './services/stages.service';

export default defineModule({
  name: 'pipeline',
  version: '0.1.0',
  schema: 'pipeline',
  entities,
  migrations,
  seed,
  seedAfter: ['identity'],
  generate,
  publishes: Object.values(TOPICS),
  manifest,
  services: [clientsService, stagesService, clientTasksService, clientNotesService, referencesService],
});

export type { ClientDto, NoteDto, StageEventDto, TaskDto } from './dto';
export type { StageDto } from './domain/stages';
export type { KpiAnswer } from '@audienceos/module-sdk';
export type { PipelineTopic } from './manifest';
