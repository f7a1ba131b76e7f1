/**
 * The inbox's tables (schema `communications`). A conversation is one thread at its source
 * (a Slack thread or channel day, an email thread); messages belong to one conversation.
 * `externalRef` is the connector's own data (channel + thread ts, Message-ID + References…)
 * handed back to it untouched when replying: communications never reads inside it.
 */
import { EntitySchema } from '@audienceos/module-sdk';
import type { DeliveryState, Direction, Status } from './constants';

export interface Attachment {
  name: string;
  size: number;
  contentType?: string;
  /** The connector's id for the file (fetched through the connector). */
  ref?: string;
}

export class Conversation {
  id!: string;
  agencyId!: string;
  source!: string;
  externalId!: string;
  /** Where the conversation lives at its source (a Slack channel, a mailbox). */
  channel!: string;
  externalRef: Record<string, unknown> = {};
  clientId?: string | null;
  subject = '';
  status: Status = 'open';
  snoozedUntil?: Date | null;
  assigneeId?: string | null;
  labels: string[] = [];
  /** Direction of the last inbound or counted outbound message (notes and drafts excluded). */
  lastDirection?: 'inbound' | 'outbound' | null;
  lastActivityAt!: Date;
  lastInboundAt?: Date | null;
  /** Start of the current wait: the first inbound message after the last reply. */
  waitingSince?: Date | null;
  preview = '';
  lastSenderName = '';
  messageCount = 0;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export class Message {
  id!: string;
  agencyId!: string;
  conversationId!: string;
  source!: string;
  /** The provider's id; null for notes, drafts and replies not yet sent. */
  externalId?: string | null;
  direction!: Direction;
  senderName = '';
  senderAddress = '';
  senderDomain?: string | null;
  /** Staff author of an outbound message or note (null: an automation). */
  authorId?: string | null;
  bodyText = '';
  /** Provider HTML, reduced to safe HTML on ingest and again in the DTO (sanitize.ts); the browser sanitises once more. */
  bodyHtml?: string | null;
  attachments: Attachment[] = [];
  externalRef: Record<string, unknown> = {};
  deliveryState?: DeliveryState | null;
  deliveryError?: string | null;
  deliveryAttempts = 0;
  sentAt!: Date;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export class ReadState {
  conversationId!: string;
  userId!: string;
  agencyId!: string;
  lastSeenAt!: Date;
}

export class LinkRule {
  agencyId!: string;
  /** `channel:<source>:<channel>` or `domain:<domain>`. */
  key!: string;
  clientId!: string;
  createdAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const optUuid = { type: 'uuid', nullable: true } as const;
const ts = { type: 'Date', columnType: 'timestamptz' } as const;
const optTs = { ...ts, nullable: true } as const;

export const ConversationSchema = new EntitySchema<Conversation>({
  class: Conversation,
  tableName: 'communications.conversation',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    source: { type: 'string' },
    externalId: { type: 'string' },
    channel: { type: 'string' },
    externalRef: { type: 'json' },
    clientId: optUuid,
    subject: { type: 'text' },
    status: { type: 'string' },
    snoozedUntil: optTs,
    assigneeId: optUuid,
    labels: { type: 'string[]', columnType: 'text[]' },
    lastDirection: { type: 'string', nullable: true },
    lastActivityAt: ts,
    lastInboundAt: optTs,
    waitingSince: optTs,
    preview: { type: 'text' },
    lastSenderName: { type: 'text' },
    messageCount: { type: 'integer' },
    createdAt: ts,
    updatedAt: ts,
  },
});

export const MessageSchema = new EntitySchema<Message>({
  class: Message,
  tableName: 'communications.message',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    conversationId: uuid,
    source: { type: 'string' },
    externalId: { type: 'string', nullable: true },
    direction: { type: 'string' },
    senderName: { type: 'text' },
    senderAddress: { type: 'text' },
    senderDomain: { type: 'text', nullable: true },
    authorId: optUuid,
    bodyText: { type: 'text' },
    bodyHtml: { type: 'text', nullable: true },
    attachments: { type: 'json' },
    externalRef: { type: 'json' },
    deliveryState: { type: 'string', nullable: true },
    deliveryError: { type: 'text', nullable: true },
    deliveryAttempts: { type: 'integer' },
    sentAt: ts,
    createdAt: ts,
    updatedAt: ts,
  },
});

export const ReadStateSchema = new EntitySchema<ReadState>({
  class: ReadState,
  tableName: 'communications.read_state',
  properties: {
    conversationId: { ...uuid, primary: true },
    userId: { ...uuid, primary: true },
    agencyId: uuid,
    lastSeenAt: ts,
  },
});

export const LinkRuleSchema = new EntitySchema<LinkRule>({
  class: LinkRule,
  tableName: 'communications.link_rule',
  properties: {
    agencyId: { ...uuid, primary: true },
    key: { type: 'string', primary: true },
    clientId: uuid,
    createdAt: ts,
  },
});

export const entities = [ConversationSchema, MessageSchema, ReadStateSchema, LinkRuleSchema];
