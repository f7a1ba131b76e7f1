/**
 * Automations (issue 12): durable workflows over every running module's declared triggers and
 * actions (plugins included) — event, schedule, inactivity, KPI-threshold and manual triggers,
 * conditions, liquid templates checked strictly at save, delays, retries, approvals, loop
 * protection, versions, dry runs and a run log. REST under /api/v1/automations.
 */
import { defineModule } from '@audienceos/module-sdk';
import { RUN_FAILED } from './engine';
import { entities } from './entities';
import { automationKpis } from './kpis';
import { migrations } from './migrations';
import { seed } from './seed';
import { automationsService } from './services/automations.service';

const manifest = {
  description: 'Workflows: when something happens, if conditions hold, then do things — with schedules, delays, retries and approvals',
  ui: {
    remote: 'aos_automations',
    entry: '/remotes/automations/remoteEntry.js',
    exposes: ['./config', './App'],
    nav: { label: 'Automations', icon: 'workflow', path: '/automations', group: 'configure' as const, order: 80 },
  },
  permissions: [
    {
      name: 'automations:read',
      description: 'See workflows, the run log and approvals',
      roles: ['owner', 'admin', 'manager'] as ('owner' | 'admin' | 'manager')[],
    },
    {
      name: 'automations:write',
      description: 'Create, edit, enable, run, approve and retry workflows',
      roles: ['owner', 'admin'] as ('owner' | 'admin')[],
    },
  ],
  kpis: automationKpis.declarations,
  triggers: [
    {
      topic: RUN_FAILED,
      label: 'Automation run failed',
      fields: { runId: 'uuid', workflowId: 'uuid', workflowName: 'string', clientId: 'uuid', reason: 'string' },
    },
  ],
  search: { action: 'automations.search', label: 'Automations', types: ['workflow'] },
};

export default defineModule({
  name: 'automations',
  version: '0.1.0',
  schema: 'automations',
  entities,
  migrations,
  seed,
  seedAfter: ['identity', 'pipeline', 'tickets', 'communications', 'notifications'],
  publishes: [RUN_FAILED],
  manifest,
  services: [automationsService],
});
