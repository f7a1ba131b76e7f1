/**
 * `communications.ingest` — the one door for connectors (no REST route): a connector that has
 * verified a provider's webhook calls it as the agency's system principal. Each message is
 * stored exactly once per (agency, source, external id), however often and however
 * concurrently it arrives (unique index + ON CONFLICT DO NOTHING); its conversation is
 * created on first sight (upsert, which also takes the row lock that orders concurrent
 * messages of one thread). A new inbound message reopens a snoozed or done conversation.
 */
import { randomUUID } from 'node:crypto';
import { errors, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { refreshConversation } from '../aggregates';
import { EVENTS, LIVE_EVENT } from '../constants';
import { domainOf, resolveClient } from '../linking';
import { dateRule, sourceRule, toDate } from '../params';
import { sanitizeEmailHtml } from '../sanitize';

export interface IngestParams {
  source: string;
  conversation: { externalId: string; channel: string; subject?: string; ref?: Record<string, unknown> };
  message: {
    externalId: string;
    direction: 'inbound' | 'outbound';
    senderName?: string;
    senderAddress?: string;
    text: string;
    html?: string | null;
    sentAt: string;
    attachments?: { name: string; size: number; contentType?: string; ref?: string }[];
    ref?: Record<string, unknown>;
  };
  /** `channel:<source>:<id>` / `domain:<domain>` keys, most specific first. */
  linkKeys?: string[];
}

export interface IngestResult {
  conversationId: string;
  messageId: string | null;
  /** True when this message was already stored (a redelivery): nothing changed. */
  duplicate: boolean;
}

const attachmentRule = {
  type: 'object',
  strict: 'remove',
  props: {
    name: { type: 'string', max: 300 },
    size: { type: 'number', integer: true, min: 0 },
    contentType: { type: 'string', max: 200, optional: true },
    ref: { type: 'string', max: 500, optional: true },
  },
} as const;

export const ingestParams = {
  source: sourceRule,
  conversation: {
    type: 'object',
    strict: true,
    props: {
      externalId: { type: 'string', min: 1, max: 300 },
      channel: { type: 'string', min: 1, max: 300 },
      subject: { type: 'string', max: 500, optional: true },
      ref: { type: 'object', optional: true },
    },
  },
  message: {
    type: 'object',
    strict: true,
    props: {
      externalId: { type: 'string', min: 1, max: 300 },
      direction: { type: 'enum', values: ['inbound', 'outbound'] },
      senderName: { type: 'string', max: 200, optional: true },
      senderAddress: { type: 'string', max: 320, optional: true },
      text: { type: 'string', max: 100_000 },
      html: { type: 'string', max: 500_000, optional: true, nullable: true },
      sentAt: dateRule,
      attachments: { type: 'array', items: attachmentRule, max: 50, optional: true },
      ref: { type: 'object', optional: true },
    },
  },
  linkKeys: { type: 'array', items: { type: 'string', max: 320 }, max: 20, optional: true },
} as const;

/** Store one message (see the file comment). Exported for the seed-free tests and the automations' `send`. */
export async function ingest(ctx: ActionContext<IngestParams>): Promise<IngestResult> {
  const { source, conversation: conv, message: msg } = ctx.params;
  const sentAt = toDate('message.sentAt', msg.sentAt);
  const clientId = await resolveClient(ctx, ctx.params.linkKeys ?? []);
  const [row] = await ctx.db.sql<{ id: string; client_id: string | null }>(
    `insert into communications.conversation (id, agency_id, source, external_id, channel, external_ref, client_id, subject, last_activity_at)
       values (?, $agency, ?, ?, ?, ?::jsonb, ?, ?, ?)
     on conflict (agency_id, source, external_id) do update
       set external_ref = communications.conversation.external_ref || excluded.external_ref,
           client_id = coalesce(communications.conversation.client_id, excluded.client_id),
           subject = case when communications.conversation.subject = '' then excluded.subject else communications.conversation.subject end
     returning id, client_id`,
    [randomUUID(), source, conv.externalId, conv.channel, JSON.stringify(conv.ref ?? {}), clientId, conv.subject ?? '', sentAt],
  );
  const conversationId = row!.id;
  const inserted = await ctx.db.sql<{ id: string }>(
    `insert into communications.message (id, agency_id, conversation_id, source, external_id, direction, sender_name, sender_address, sender_domain,
        body_text, body_html, attachments, external_ref, delivery_state, sent_at)
       values (?, $agency, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
     on conflict (agency_id, source, external_id) where external_id is not null do nothing
     returning id`,
    [
      randomUUID(),
      conversationId,
      source,
      msg.externalId,
      msg.direction,
      msg.senderName ?? '',
      msg.senderAddress ?? '',
      domainOf(msg.senderAddress),
      msg.text,
      // Stored already reduced to safe HTML: no reader of the row ever gets the raw email.
      sanitizeEmailHtml(msg.html),
      JSON.stringify(msg.attachments ?? []),
      JSON.stringify(msg.ref ?? {}),
      msg.direction === 'outbound' ? 'sent' : null,
      sentAt,
    ],
  );
  if (!inserted.length) return { conversationId, messageId: null, duplicate: true };
  const messageId = inserted[0]!.id;
  if (msg.direction === 'inbound') {
    await ctx.db.sql(
      `update communications.conversation set status = 'open', snoozed_until = null where id = ? and agency_id = $agency and status <> 'open'`,
      [conversationId],
    );
  }
  await refreshConversation(ctx.db, conversationId);
  if (msg.direction === 'inbound') {
    ctx.emitDurable(EVENTS.received, {
      conversationId,
      messageId,
      source,
      clientId: row!.client_id,
      senderDomain: domainOf(msg.senderAddress),
      subject: conv.subject ?? '',
      text: msg.text.slice(0, 2000),
      needsReply: true,
    });
  }
  ctx.afterCommit(() => ctx.broker.broadcast(LIVE_EVENT, { agencyId: ctx.user.agencyId, conversationId, clientId: row!.client_id }));
  return { conversationId, messageId, duplicate: false };
}

export const ingestAction: ModuleAction<IngestParams> = {
  summary: 'Store a message a connector received (system principal only; idempotent per source and external id)',
  params: ingestParams,
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('communications:ingest', ctx.user.role);
    return ingest(ctx);
  },
};
