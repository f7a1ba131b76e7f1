/**
 * The `notifications` service: every route under /api/v1/notifications, the durable-event
 * consumers that make notifications and needs-attention items, and the mail jobs.
 */
import { agencyTimeEvents, defineService } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import { attentionActions } from '../actions/attention';
import { inboxActions } from '../actions/inbox';
import { mailActions } from '../actions/mail';
import { notifyAction } from '../actions/notify';
import { preferenceActions } from '../actions/preferences';
import { channels } from '../consumers';
import { startJobs, stopJobs } from '../jobs';

export const notificationsService = defineService({
  name: 'notifications',
  settings: { rest: '/notifications' },
  events: { ...agencyTimeEvents },
  actions: {
    // static paths before `/:id`
    list: inboxActions.list!,
    unreadCount: inboxActions.unreadCount!,
    readAll: inboxActions.readAll!,
    ...preferenceActions,
    ...attentionActions,
    notify: notifyAction,
    markRead: inboxActions.markRead!,
    open: inboxActions.open!,
    ...mailActions,
  },
  channels,
  async started() {
    await startJobs(this.broker as ServiceBroker);
  },
  async stopped() {
    await stopJobs(this.broker as ServiceBroker);
  },
});
