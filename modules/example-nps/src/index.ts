/**
 * Example partner plugin: client satisfaction (NPS) surveys. Written only against
 * `@audienceos/module-sdk`; it reaches the pipeline and identity through the broker, and
 * the shell, dashboard and automations learn about it from the manifest below.
 */
import { defineModule } from '@audienceos/module-sdk';
import { entities } from './entities';
import { npsKpis } from './kpis';
import { migrations } from './migrations';
import { npsSearch } from './search';
import { seed } from './seed';
import { npsService } from './services/nps.service';
import { RESPONSE_RECORDED } from './topics';

export default defineModule({
  name: 'example-nps',
  version: '0.1.0',
  schema: 'example_nps',
  entities,
  migrations,
  seed,
  // After identity (agencies, users) and pipeline (clients), when they are installed.
  seedAfter: ['identity', 'pipeline'],
  publishes: [RESPONSE_RECORDED],
  manifest: {
    description: 'Client satisfaction surveys: Net Promoter Score over time',
    ui: {
      remote: 'aos_example_nps',
      entry: '/remotes/example-nps/remoteEntry.js',
      exposes: ['./config', './App'],
      nav: { label: 'Client NPS', icon: 'smile', path: '/nps', group: 'resources', order: 60 },
    },
    permissions: [
      { name: 'nps:read', description: 'See NPS responses and the score' },
      { name: 'nps:write', description: 'Record NPS responses' },
      { name: 'nps:delete', description: 'Delete NPS responses' },
    ],
    kpis: npsKpis.declarations,
    search: npsSearch.declaration,
    triggers: [
      {
        topic: RESPONSE_RECORDED,
        label: 'NPS response recorded',
        fields: { responseId: 'uuid', clientId: 'uuid', score: 'number (0–10)', category: 'promoter | passive | detractor', comment: 'text' },
      },
    ],
    // What an automation may do here (issue 12): called with the agency's system principal and an idempotency key.
    actions: [{ id: 'record-response', label: 'Record an NPS response', action: 'nps.record', params: { clientId: 'uuid', score: 'number', comment: 'string?' } }],
  },
  services: [npsService],
});

export type { NpsResponseDto } from './dto';
export type { Summary, SeriesPoint } from './summary';
