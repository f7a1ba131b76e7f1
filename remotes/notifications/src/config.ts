/**
 * Loaded by the shell for every user as soon as the module is up: the nav entry of the
 * preferences screen and the needs-attention card contributed to the dashboard's slot.
 */
import type { RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'notifications',
  nav: { label: 'Notifications', icon: 'bell', path: '/notifications', group: 'configure', order: 90 },
  permissions: ['notifications:read', 'notifications:manage'],
  commands: [
    { id: 'notifications.preferences', label: 'Notification preferences', keywords: ['notifications', 'email', 'quiet hours', 'digest', 'mute'], href: '/notifications' },
  ],
  widgets: [
    {
      slot: 'dashboard.attention',
      id: 'needs-attention',
      label: 'Needs attention',
      order: 10,
      load: () => import(/* webpackChunkName: "needs-attention" */ './widgets/NeedsAttention'),
    },
  ],
};

export default config;
