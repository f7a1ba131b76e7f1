/** The vocabulary of notifications, shared by consumers, API, jobs and the preferences UI. */

/** What a notification is about; each kind can be switched on/off per channel in the preferences. */
export const KINDS = ['assigned', 'mention', 'sla_at_risk', 'sla_breached', 'waiting', 'automation', 'automation_failed'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  assigned: 'Assigned to me (tickets, conversations, clients)',
  mention: '@mentions in notes',
  sla_at_risk: 'SLA at risk on my tickets',
  sla_breached: 'SLA breached on my tickets',
  waiting: 'A message waiting on my clients',
  automation: 'Sent by an automation',
  automation_failed: 'A failed automation run (owners and admins)',
};

/** Defaults when a user stored no preference: everything in-app; email only for what is urgent. */
export const DEFAULT_CHANNELS: Record<Kind, { inApp: boolean; email: boolean }> = {
  assigned: { inApp: true, email: true },
  mention: { inApp: true, email: true },
  sla_at_risk: { inApp: true, email: false },
  sla_breached: { inApp: true, email: true },
  waiting: { inApp: true, email: false },
  automation: { inApp: true, email: false },
  automation_failed: { inApp: true, email: true },
};

/** Repeats of the same kind about the same record for the same person within this window are one row with a count. */
export const COLLAPSE_MINUTES = 10;

/** Needs-attention item kinds. */
export const ATTENTION_KINDS = ['client_red', 'sla_breached', 'sla_at_risk', 'waiting', 'automation_failed'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** A conversation waiting at least this many business hours is a needs-attention item (agency setting, default). */
export const DEFAULT_ATTENTION_WAIT_HOURS = 4;

/** Durable topics consumed (published by other modules). */
export const TOPICS = {
  ticketAssigned: 'tickets.ticket.assigned',
  ticketNote: 'tickets.note.added',
  ticketSlaAtRisk: 'tickets.ticket.slaAtRisk',
  ticketSlaBreached: 'tickets.ticket.slaBreached',
  ticketResolved: 'tickets.ticket.resolved',
  conversationAssigned: 'communications.conversation.assigned',
  conversationNote: 'communications.note.added',
  conversationWaiting: 'communications.conversation.waiting',
  conversationStatus: 'communications.conversation.statusChanged',
  messageSent: 'communications.message.sent',
  clientCreated: 'pipeline.client.created',
  clientUpdated: 'pipeline.client.updated',
  runFailed: 'automations.run.failed',
} as const;

/** pg-boss: where its tables live (created by this module's migration) and the queues. */
export const JOB_SCHEMA = 'notifications_jobs';
export const QUEUES = {
  /** Every minute: send pending mails and held mails whose quiet hours are over. */
  emailSweep: 'notifications-email-sweep',
  /** Every hour: daily digests whose hour has come in the recipient's zone. */
  digest: 'notifications-digest',
} as const;

/** The digest goes out at this local hour unless the user picks another. */
export const DEFAULT_DIGEST_HOUR = 8;
