/**
 * Communications: the unified inbox. Conversations and messages from every connector (Slack,
 * Gmail, a partner's), needs-reply, snooze, read state per user, assignees, labels, client
 * linking, replies delivered through the source's connector, drafts, KPIs and automation
 * triggers. It knows no provider: connectors call `communications.ingest` and answer `send`.
 */
import { defineModule } from '@audienceos/module-sdk';
import { EVENTS } from './constants';
import { entities } from './entities';
import { inboxKpis } from './kpis';
import { migrations } from './migrations';
import { seed } from './seed';
import { conversationSearch } from './actions/search';
import { communicationsService } from './services/communications.service';

const conversationFields = { conversationId: 'uuid', clientId: 'uuid', source: 'string' };

export default defineModule({
  name: 'communications',
  version: '0.1.0',
  schema: 'communications',
  entities,
  migrations,
  seed,
  seedAfter: ['identity', 'pipeline'],
  publishes: Object.values(EVENTS),
  manifest: {
    description: 'Unified inbox: every client message from Slack, Gmail and other connectors in one place',
    ui: {
      remote: 'aos_communications',
      entry: '/remotes/communications/remoteEntry.js',
      exposes: ['./config', './App'],
      nav: { label: 'Inbox', icon: 'inbox', path: '/communications', group: 'operations', order: 25 },
    },
    permissions: [
      { name: 'communications:read', description: 'See conversations (members: of their clients)' },
      { name: 'communications:write', description: 'Reply, add notes, snooze, assign, label, link conversations' },
    ],
    kpis: inboxKpis.declarations,
    search: conversationSearch.declaration,
    triggers: [
      {
        topic: EVENTS.received,
        label: 'Message received',
        fields: {
          ...conversationFields,
          messageId: 'uuid',
          senderDomain: 'string',
          subject: 'string',
          text: 'string',
          needsReply: 'boolean',
        },
      },
      { topic: EVENTS.replied, label: 'Reply sent', fields: { ...conversationFields, messageId: 'uuid', authorId: 'uuid' } },
      { topic: EVENTS.failed, label: 'Reply failed', fields: { ...conversationFields, messageId: 'uuid', error: 'string' } },
      {
        topic: EVENTS.statusChanged,
        label: 'Conversation status changed',
        fields: { ...conversationFields, from: 'string', to: 'string' },
      },
      { topic: EVENTS.assigned, label: 'Conversation assigned', fields: { ...conversationFields, from: 'uuid', to: 'uuid' } },
      {
        topic: EVENTS.waiting,
        label: 'Conversation waiting longer than N business hours',
        fields: { ...conversationFields, waitingBusinessHours: 'number', waitingSince: 'date' },
      },
      { topic: EVENTS.noteAdded, label: 'Internal note added', fields: { ...conversationFields, messageId: 'uuid', subject: 'string', excerpt: 'string' } },
    ],
    actions: [
      {
        id: 'draft-reply',
        label: 'Draft a reply (waits for approval)',
        action: 'communications.reply',
        params: { id: 'uuid', text: 'string', draft: 'boolean' },
      },
      { id: 'send-message', label: 'Send a message', action: 'communications.reply', params: { id: 'uuid', text: 'string' } },
      {
        id: 'assign-conversation',
        label: 'Assign a conversation',
        action: 'communications.assign',
        params: { id: 'uuid', assigneeId: 'uuid?' },
      },
      {
        id: 'snooze-conversation',
        label: 'Snooze a conversation',
        action: 'communications.snooze',
        params: { id: 'uuid', until: 'string' },
      },
    ],
  },
  services: [communicationsService],
});

export type { ConversationDto, MessageDto } from './dto';
