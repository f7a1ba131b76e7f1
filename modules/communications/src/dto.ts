/** What the API returns. Instants are ISO strings (UTC); `zone` on a thread is the agency's zone to show them in. */
import type { Attachment, Conversation, Message } from './entities';
import type { DeliveryState, Direction, Status } from './constants';
import { sanitizeEmailHtml } from './sanitize';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface ConversationDto {
  id: string;
  source: string;
  channel: string;
  clientId: string | null;
  subject: string;
  status: Status;
  snoozedUntil: string | null;
  assigneeId: string | null;
  labels: string[];
  /** The last inbound-or-sent message is inbound and the conversation is open. */
  needsReply: boolean;
  /** For the caller: an inbound message newer than their last-seen pointer. */
  unread: boolean;
  lastActivityAt: string;
  lastInboundAt: string | null;
  waitingSince: string | null;
  preview: string;
  lastSenderName: string;
  messageCount: number;
  createdAt: string;
}

/** The needs-reply rule (issue 10): last non-note message inbound, conversation neither done nor snoozed. */
export const needsReply = (c: Pick<Conversation, 'status' | 'lastDirection'>): boolean =>
  c.status === 'open' && c.lastDirection === 'inbound';

export function isUnread(c: Pick<Conversation, 'lastInboundAt'>, lastSeenAt: Date | null | undefined): boolean {
  if (!c.lastInboundAt) return false;
  return !lastSeenAt || new Date(c.lastInboundAt).getTime() > new Date(lastSeenAt).getTime();
}

export const conversationDto = (c: Conversation, lastSeenAt: Date | null | undefined): ConversationDto => ({
  id: c.id,
  source: c.source,
  channel: c.channel,
  clientId: c.clientId ?? null,
  subject: c.subject,
  status: c.status,
  snoozedUntil: iso(c.snoozedUntil),
  assigneeId: c.assigneeId ?? null,
  labels: c.labels ?? [],
  needsReply: needsReply(c),
  unread: isUnread(c, lastSeenAt),
  lastActivityAt: iso(c.lastActivityAt)!,
  lastInboundAt: iso(c.lastInboundAt),
  waitingSince: iso(c.waitingSince),
  preview: c.preview,
  lastSenderName: c.lastSenderName,
  messageCount: c.messageCount,
  createdAt: iso(c.createdAt)!,
});

export interface MessageDto {
  id: string;
  conversationId: string;
  source: string;
  direction: Direction;
  senderName: string;
  senderAddress: string;
  authorId: string | null;
  text: string;
  /** Provider HTML, unsanitised: the screen sanitises it (DOMPurify) before showing it. */
  html: string | null;
  attachments: Attachment[];
  deliveryState: DeliveryState | null;
  deliveryError: string | null;
  sentAt: string;
  createdAt: string;
}

export const messageDto = (m: Message): MessageDto => ({
  id: m.id,
  conversationId: m.conversationId,
  source: m.source,
  direction: m.direction,
  senderName: m.senderName,
  senderAddress: m.senderAddress,
  authorId: m.authorId ?? null,
  text: m.bodyText,
  // Sanitised again on the way out (rows stored before ingest sanitised them, seeds, imports).
  html: sanitizeEmailHtml(m.bodyHtml),
  attachments: m.attachments ?? [],
  deliveryState: m.deliveryState ?? null,
  deliveryError: m.deliveryError ?? null,
  sentAt: iso(m.sentAt)!,
  createdAt: iso(m.createdAt)!,
});
