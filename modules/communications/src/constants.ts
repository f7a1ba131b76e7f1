/** The vocabulary of the inbox, shared by validation, jobs, seed and DTOs. */
export const STATUSES = ['open', 'snoozed', 'done'] as const;
export type Status = (typeof STATUSES)[number];

/** `note`: internal, never leaves the product. */
export const DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Delivery of an outbound message: `draft` (a person's), `approval` (written by an automation,
 * waits for a person), then `sending → sent | failed`. Inbound messages and notes have none.
 */
export const DELIVERY_STATES = ['draft', 'approval', 'sending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Outbound messages that count for "needs reply": a reply on its way or delivered. */
export const COUNTED_DELIVERY: DeliveryState[] = ['sending', 'sent'];

/** Source ids are a connector's `connector.id` (lower-case word): the core knows no provider. */
export const SOURCE_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;

export const MAX_LABELS = 20;
export const LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _\-/.&]{0,39}$/u;

/** Durable topics (automations, dashboard, audit). */
export const EVENTS = {
  received: 'communications.message.received',
  replied: 'communications.message.sent',
  failed: 'communications.message.failed',
  statusChanged: 'communications.conversation.statusChanged',
  assigned: 'communications.conversation.assigned',
  waiting: 'communications.conversation.waiting',
  /** An internal note; `mentions` holds the user ids of `@[Name](user:<uuid>)` tokens in it. */
  noteAdded: 'communications.note.added',
} as const;

/** `@[Name](user:<uuid>)` tokens written by the composer's people picker: the mentioned user ids (lower case, unique). */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/@\[[^\]\n]{1,120}\]\(user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi)) ids.add(m[1]!.toLowerCase());
  return [...ids].slice(0, 50);
}

/** "Waiting longer than N business hours" fires once per wait as each of these is crossed. */
export const WAIT_THRESHOLDS_HOURS = [1, 2, 4, 8, 24, 48] as const;

/** Plain broker event for live updates (may be lost: screens refetch on it). */
export const LIVE_EVENT = 'communications.changed';

/** pg-boss queues. */
export const QUEUES = {
  snooze: 'communications-snooze-expiry',
  deliver: 'communications-deliver',
  waiting: 'communications-waiting-scan',
} as const;
/** Where pg-boss keeps its tables (created by this module's migration). */
export const JOB_SCHEMA = 'communications_jobs';
/** Sending: retries with pg-boss's exponential backoff before a reply is marked failed. */
export const DELIVERY_RETRIES = 4;
export const DELIVERY_RETRY_DELAY_SECONDS = 2;
