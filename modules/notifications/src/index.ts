/**
 * Notifications: in-app notifications with a bell, per-user preferences, email over SMTP
 * (single mails, quiet hours, a daily digest), and the dashboard's "needs attention" feed —
 * all made from other modules' durable events, which this module consumes without knowing them.
 */
import { defineModule } from '@audienceos/module-sdk';
import { notifyParams } from './actions/notify';
import { entities } from './entities';
import { migrations } from './migrations';
import { notificationsService } from './services/notifications.service';

export default defineModule({
  name: 'notifications',
  version: '0.1.0',
  schema: 'notifications',
  entities,
  migrations,
  manifest: {
    description: 'Notifications (bell, preferences, email, digest) and the needs-attention feed',
    ui: {
      remote: 'aos_notifications',
      entry: '/remotes/notifications/remoteEntry.js',
      exposes: ['./config', './App'],
      nav: { label: 'Notifications', icon: 'bell', path: '/notifications', group: 'configure', order: 90 },
    },
    permissions: [
      { name: 'notifications:read', description: 'See my notifications and the needs-attention feed' },
      { name: 'notifications:send', description: 'Send a notification to people or a role', roles: ['owner', 'admin'] },
      { name: 'notifications:manage', description: "Change the agency's needs-attention rules", roles: ['owner', 'admin'] },
    ],
    actions: [{ id: 'notify', label: 'Send a notification', action: 'notifications.notify', params: notifyParams }],
  },
  services: [notificationsService],
});

export type { NotificationDto } from './actions/inbox';
export type { PreferencesDto } from './actions/preferences';
export type { AttentionDto } from './actions/attention';
