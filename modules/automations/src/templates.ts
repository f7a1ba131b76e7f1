/**
 * Ready-made workflows (issue 12): the gallery answers them as definitions an agency starts
 * from; the seed stores them as Chase's workflows. Stage keys are the default pipeline's.
 */
import type { Definition } from './definition';

export interface Template {
  id: string;
  name: string;
  description: string;
  definition: Definition & { name: string };
}

const ownerNotice = (title: string, body: string, url: string) => ({
  action: 'notifications:notify',
  params: { userIds: ['{{client.ownerId}}'], title, body, url },
});

export const TEMPLATES: Template[] = [
  {
    id: 'welcome-sequence',
    name: 'Welcome sequence',
    description: 'When a client enters Onboarding, create the kickoff tasks for its owner.',
    definition: {
      name: 'Welcome sequence',
      trigger: {
        type: 'event',
        topic: 'pipeline.client.stageChanged',
        filters: [{ field: 'trigger.to', op: 'equals', value: 'onboarding' }],
      },
      conditions: { mode: 'all', items: [] },
      steps: [
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Kickoff call with {{client.name}}', assigneeId: '{{client.ownerId}}' },
        },
        {
          action: 'pipeline:pipeline.addTask',
          params: {
            id: '{{client.id}}',
            title: 'Collect tracking and ad account access for {{client.name}}',
            assigneeId: '{{client.ownerId}}',
          },
        },
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Send the welcome pack to {{client.contactName}}', assigneeId: '{{client.ownerId}}' },
          delayMinutes: 1440,
        },
      ],
    },
  },
  {
    id: 'stuck-in-stage',
    name: 'Stuck in stage',
    description: 'When a client has had no activity for 7 days, notify its owner and create a follow-up task.',
    definition: {
      name: 'Stuck in stage',
      trigger: { type: 'inactivity', days: 7 },
      conditions: { mode: 'all', items: [] },
      steps: [
        ownerNotice(
          '{{client.name}} has been quiet for {{trigger.days}} days',
          'No message, task or ticket activity since {{trigger.lastActivityAt}}.',
          '/pipeline?client={{client.id}}',
        ),
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Check in with {{client.name}}', assigneeId: '{{client.ownerId}}' },
        },
      ],
    },
  },
  {
    id: 'urgent-ticket-triage',
    name: 'Urgent ticket triage',
    description: "When a critical ticket arrives, assign it to the client's owner and notify them.",
    definition: {
      name: 'Urgent ticket triage',
      trigger: {
        type: 'event',
        topic: 'tickets.ticket.created',
        filters: [{ field: 'trigger.priority', op: 'equals', value: 'critical' }],
      },
      conditions: { mode: 'all', items: [{ field: 'client.ownerId', op: 'isSet' }] },
      steps: [
        { action: 'tickets:assign-ticket', params: { id: '{{trigger.ticketId}}', assigneeId: '{{client.ownerId}}' } },
        ownerNotice('Critical ticket #{{trigger.number}} for {{client.name}}', '{{trigger.title}}', '/tickets?ticket={{trigger.ticketId}}'),
      ],
    },
  },
  {
    id: 'off-boarding-checklist',
    name: 'Off-boarding checklist',
    description: 'When a client moves to Off-Boarding, create the hand-over checklist.',
    definition: {
      name: 'Off-boarding checklist',
      trigger: {
        type: 'event',
        topic: 'pipeline.client.stageChanged',
        filters: [{ field: 'trigger.to', op: 'equals', value: 'off-boarding' }],
      },
      conditions: { mode: 'all', items: [] },
      steps: [
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Export the final report for {{client.name}}', assigneeId: '{{client.ownerId}}' },
        },
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Hand over account access to {{client.contactName}}', assigneeId: '{{client.ownerId}}' },
        },
        {
          action: 'pipeline:pipeline.addTask',
          params: { id: '{{client.id}}', title: 'Revoke our access to the client accounts' },
          requireApproval: true,
        },
      ],
    },
  },
  {
    id: 'reply-overdue',
    name: 'Reply overdue',
    description: "When a client's message has waited past the reply threshold (4 business hours by default), notify the client's owner.",
    definition: {
      name: 'Reply overdue',
      // The inbox publishes this once a conversation has waited past the agency's reply threshold (business hours).
      trigger: { type: 'event', topic: 'communications.conversation.waiting' },
      conditions: { mode: 'all', items: [] },
      steps: [
        ownerNotice(
          '{{client.name}} is waiting for a reply',
          'Waiting {{trigger.waitingBusinessHours}} business hours on {{trigger.source}}.',
          '/communications?conversation={{trigger.conversationId}}',
        ),
      ],
    },
  },
];
