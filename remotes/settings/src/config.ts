/** Loaded by the shell for every user as soon as settings is up: type-only imports keep it tiny. */
import type { RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'settings',
  nav: { label: 'Settings', icon: 'settings', path: '/settings', group: 'configure', order: 90 },
  permissions: ['settings:read', 'settings:manage'],
  commands: [
    { id: 'profile', label: 'Agency profile', keywords: ['settings', 'timezone', 'currency', 'business hours', 'logo'], href: '/settings/profile' },
    { id: 'preferences', label: 'My preferences', keywords: ['theme', 'dark', 'light', 'notifications'], href: '/settings/preferences' },
    { id: 'team', label: 'Team and invitations', keywords: ['users', 'invite', 'roles', 'members'], href: '/settings/team' },
    { id: 'modules', label: 'Modules on or off', keywords: ['enable', 'disable', 'features'], href: '/settings/modules' },
  ],
};

export default config;
