/** What the platform learns about settings: its permissions and its screen. */
import type { ModuleDefinitionInput } from '@audienceos/module-sdk';

export const manifest: ModuleDefinitionInput['manifest'] = {
  description: "The agency's profile, each user's preferences and the modules the agency uses",
  permissions: [
    { name: 'settings:read', description: "See the agency's settings and edit your own preferences" },
    { name: 'settings:manage', description: "Change the agency's profile and switch modules on or off", roles: ['owner', 'admin'] },
  ],
  ui: {
    remote: 'aos_settings',
    entry: '/remotes/settings/remoteEntry.js',
    exposes: ['./config', './App'],
    nav: { label: 'Settings', icon: 'settings', path: '/settings', group: 'configure', order: 90 },
  },
};
