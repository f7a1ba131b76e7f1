/**
 * Loaded by the shell for every user as soon as the module is up (palette, nav): type-only
 * imports keep it to a few hundred bytes. The shell already offers "Go to Client NPS".
 */
import type { RemoteConfig } from '@audienceos/remote-sdk';
import { RECORD_PARAM } from './routes';

const config: RemoteConfig = {
  id: 'example-nps',
  nav: { label: 'Client NPS', icon: 'smile', path: '/nps', group: 'resources', order: 60 },
  permissions: ['nps:read', 'nps:write', 'nps:delete'],
  commands: [
    {
      id: 'example-nps.record',
      label: 'Record NPS response',
      keywords: ['nps', 'survey', 'satisfaction', 'score', 'feedback'],
      permission: 'nps:write',
      // A link rather than `perform`: the screen opens its dialog from the URL, so the command
      // works from anywhere without the shell knowing this remote's components.
      href: `/nps?${RECORD_PARAM}=1`,
    },
  ],
};

export default config;
