/**
 * What the platform learns about the pipeline from its services' metadata: permissions and
 * the roles that hold them, the remote and its nav entry, the KPIs the dashboard can show
 * and the triggers automations can start from.
 */
import type { ModuleDefinitionInput, PermissionDeclaration } from '@audienceos/module-sdk';
import { clientSearch } from './actions/client-search';
import { pipelineKpis } from './kpis';

export const TOPICS = {
  created: 'pipeline.client.created',
  updated: 'pipeline.client.updated',
  stageChanged: 'pipeline.client.stageChanged',
  archived: 'pipeline.client.archived',
} as const;
export type PipelineTopic = (typeof TOPICS)[keyof typeof TOPICS];

export const permissions: PermissionDeclaration[] = [
  { name: 'clients:read', description: 'See clients (members: the ones granted to them)' },
  { name: 'clients:write', description: 'Edit clients, move them between stages, tasks and notes (members: clients granted for writing)' },
  { name: 'clients:create', description: 'Add clients', roles: ['owner', 'admin', 'manager'] },
  { name: 'clients:assign', description: "Change a client's owner and collaborators", roles: ['owner', 'admin', 'manager'] },
  { name: 'clients:delete', description: 'Archive and restore clients', roles: ['owner', 'admin'] },
  { name: 'pipeline:manage', description: 'Change the stages and the health thresholds', roles: ['owner', 'admin'] },
];

export const manifest: ModuleDefinitionInput['manifest'] = {
  description: 'Clients through configurable stages, with history, health and assignments',
  permissions,
  ui: {
    remote: 'aos_pipeline',
    entry: '/remotes/pipeline/remoteEntry.js',
    exposes: ['./config', './App'],
    nav: { label: 'Pipeline', icon: 'kanban', path: '/pipeline', group: 'operations', order: 20 },
  },
  kpis: pipelineKpis.declarations,
  search: clientSearch.declaration,
  triggers: [
    { topic: TOPICS.created, label: 'Client created', fields: { clientId: 'uuid', name: 'string', stage: 'string', ownerId: 'uuid' } },
    { topic: TOPICS.updated, label: 'Client updated', fields: { clientId: 'uuid', name: 'string', changes: 'object' } },
    { topic: TOPICS.stageChanged, label: 'Client moved to another stage', fields: { clientId: 'uuid', name: 'string', from: 'string', to: 'string', note: 'string', movedBy: 'uuid' } },
    { topic: TOPICS.archived, label: 'Client archived', fields: { clientId: 'uuid', name: 'string' } },
  ],
  // What automations may do to a client (run with the agency's system principal).
  actions: [
    { id: 'pipeline.moveClient', label: 'Move the client to a stage', action: 'clients.moveStage', params: { id: 'uuid', stage: 'string', note: 'string?' } },
    { id: 'pipeline.addTask', label: 'Add a task for the client', action: 'clientTasks.create', params: { id: 'uuid', title: 'string', assigneeId: 'uuid?', dueDate: 'date?' } },
    { id: 'pipeline.addNote', label: 'Add a note to the client', action: 'clientNotes.create', params: { id: 'uuid', body: 'string' } },
  ],
};
