/**
 * `communications.deliver` — the delivery job's step (system principal only, no route): send
 * one `sending` reply through its source's connector. The message row stays locked for the
 * call, so two workers never send the same reply at once, and a reply already `sent` is never
 * sent again. A transient failure answers `{ retry: true }` (the job throws, pg-boss retries
 * with backoff); a permanent one, or the last attempt, marks the reply `failed` with the reason.
 */
import { errors, LockMode, type ModuleAction } from '@audienceos/module-sdk';
import { refreshConversation } from '../aggregates';
import { connectorFor } from '../connectors';
import { EVENTS, LIVE_EVENT } from '../constants';
import { ConversationSchema, MessageSchema, type Conversation, type Message } from '../entities';

const SEND_TIMEOUT_MS = 15_000;

export const deliverAction: ModuleAction<{ messageId: string; final?: boolean }> = {
  summary: 'Deliver one reply through its connector (delivery job; system principal only)',
  params: { messageId: { type: 'uuid' }, final: { type: 'boolean', optional: true } },
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('communications:jobs', ctx.user.role);
    const m = await ctx.em.findOne(MessageSchema, ctx.db.where<Message>({ id: ctx.params.messageId }), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!m || m.deliveryState !== 'sending') return { done: true };
    const c = (await ctx.db.findOne(ConversationSchema, { id: m.conversationId })) as Conversation;
    const [replyTo] = await ctx.db.sql<{ external_id: string; external_ref: Record<string, unknown> }>(
      `select external_id, external_ref from communications.message where conversation_id = ? and direction = 'inbound' order by sent_at desc limit 1`,
      [c.id],
    );
    m.deliveryAttempts += 1;
    const connector = connectorFor(ctx.broker, c.source);
    let outcome: { ok: true; externalId: string; ref?: Record<string, unknown> } | { ok: false; error: string; retryable: boolean };
    if (!connector) outcome = { ok: false, error: `No ${c.source} connector is running`, retryable: true };
    else {
      try {
        const res = (await ctx.call(
          `${connector.service}.send`,
          {
            messageId: m.id,
            text: m.bodyText,
            subject: c.subject,
            conversation: { externalId: c.externalId, channel: c.channel, ref: c.externalRef ?? {} },
            replyTo: replyTo ? { externalId: replyTo.external_id, ref: replyTo.external_ref ?? {} } : null,
          },
          { timeout: SEND_TIMEOUT_MS, retries: 0 },
        )) as { externalId: string; ref?: Record<string, unknown> };
        outcome = { ok: true, externalId: String(res.externalId), ref: res.ref };
      } catch (err) {
        const e = err as { message?: string; retryable?: boolean; code?: number };
        // Client errors (4xx) are the provider refusing this message: retrying will not help.
        const retryable = e.retryable === true || !(typeof e.code === 'number' && e.code >= 400 && e.code < 500);
        outcome = { ok: false, error: String(e.message ?? 'delivery failed').slice(0, 500), retryable };
      }
    }
    const notify = () =>
      ctx.broker.broadcast(LIVE_EVENT, { agencyId: ctx.user.agencyId, conversationId: c.id, clientId: c.clientId ?? null });
    if (outcome.ok) {
      m.deliveryState = 'sent';
      m.externalId = outcome.externalId;
      m.externalRef = outcome.ref ?? {};
      m.deliveryError = null;
      await ctx.em.flush();
      await refreshConversation(ctx.db, c.id);
      ctx.emitDurable(EVENTS.replied, {
        conversationId: c.id,
        messageId: m.id,
        clientId: c.clientId ?? null,
        source: c.source,
        authorId: m.authorId ?? null,
      });
      ctx.afterCommit(notify);
      return { done: true, state: 'sent' };
    }
    m.deliveryError = outcome.error;
    if (outcome.retryable && !ctx.params.final) return { retry: true, error: outcome.error };
    m.deliveryState = 'failed';
    await ctx.em.flush();
    await refreshConversation(ctx.db, c.id);
    ctx.emitDurable(EVENTS.failed, {
      conversationId: c.id,
      messageId: m.id,
      clientId: c.clientId ?? null,
      source: c.source,
      error: outcome.error,
    });
    ctx.afterCommit(notify);
    return { done: true, state: 'failed' };
  },
};
