/**
 * Reply delivery without double sends (the delivery job's steps; system principal only, no route).
 *
 * A provider call cannot sit inside a database transaction: if the process dies after the
 * provider accepted a message and before the commit, the retry would send it again. So one
 * delivery is three steps:
 *   1. `communications.deliverBegin` (transaction 1, committed): lock the reply, and record an
 *      attempt — its id is the idempotency key the provider gets (Slack `client_msg_id`, Gmail
 *      `Message-ID`) — with status `sending`.
 *   2. `communications.deliver` (no transaction): when an earlier attempt's outcome is unknown
 *      (the process died mid-send, or the provider timed out / answered 5xx), first ask the
 *      connector whether the provider already has a message with one of those keys
 *      (`<connector>.lookup`, capability `status`); only if it has none, call `<connector>.send`.
 *   3. `communications.deliverFinish` (transaction 2): record the outcome on the attempt and the
 *      reply (`sent` with the provider's id, or the error), emit the durable event.
 * A transient failure answers `{ retry: true }` (the job throws, pg-boss retries with backoff);
 * a permanent one, or the last attempt, marks the reply `failed` with the reason.
 */
import { randomUUID } from 'node:crypto';
import { errors, LockMode, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { refreshConversation } from '../aggregates';
import { connectorFor } from '../connectors';
import { EVENTS, LIVE_EVENT } from '../constants';
import { ConversationSchema, MessageSchema, type Conversation, type Message } from '../entities';

const SEND_TIMEOUT_MS = 15_000;
/** An attempt `sending` for less than this is another worker's, still in flight: do not touch it. */
export const ATTEMPT_LEASE_MS = 60_000;

interface SendPayload {
  messageId: string;
  text: string;
  subject: string;
  conversation: { externalId: string; channel: string; ref: Record<string, unknown> };
  replyTo: { externalId: string; ref: Record<string, unknown> } | null;
}

type Begin =
  | { done: true }
  | { busy: true }
  | { attemptId: string; uncertain: string[]; source: string; payload: SendPayload };

type Outcome = { ok: true; externalId: string; ref?: Record<string, unknown> } | { ok: false; error: string; retryable: boolean };

function systemOnly(ctx: ActionContext): void {
  if (ctx.user.role !== 'system') throw errors.forbidden('communications:jobs', ctx.user.role);
}

/**
 * Step 1 (own transaction): `{ messageId }` → `{ done }` (nothing to send), `{ busy }` (another
 * worker's attempt is in flight) or `{ attemptId, uncertain, source, payload }`: the committed
 * attempt to send with, and the keys of earlier attempts whose outcome is unknown.
 */
export const deliverBeginAction: ModuleAction<{ messageId: string }> = {
  summary: 'Delivery step 1: commit an attempt marker for one reply (delivery job; system principal only)',
  mutation: true,
  params: { messageId: { type: 'uuid' } },
  async handler(ctx): Promise<Begin> {
    systemOnly(ctx);
    const m = await ctx.em.findOne(MessageSchema, ctx.db.where<Message>({ id: ctx.params.messageId }), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!m || m.deliveryState !== 'sending') return { done: true };
    const attempts = await ctx.db.sql<{ id: string; status: string; started_at: Date }>(
      `select id, status, started_at from communications.delivery_attempt where agency_id = $agency and message_id = ? order by started_at`,
      [m.id],
    );
    const inFlight = attempts.find((a) => a.status === 'sending' && Date.now() - new Date(a.started_at).getTime() < ATTEMPT_LEASE_MS);
    if (inFlight) return { busy: true };
    // `sending` past its lease: the process died mid-send. `unknown`: a timeout or a 5xx. Either may have gone out.
    await ctx.db.sql(`update communications.delivery_attempt set status = 'unknown' where agency_id = $agency and message_id = ? and status = 'sending'`, [m.id]);
    const uncertain = attempts.filter((a) => a.status === 'sending' || a.status === 'unknown').map((a) => a.id);
    const attemptId = randomUUID();
    await ctx.db.sql(`insert into communications.delivery_attempt (id, agency_id, message_id, status) values (?, $agency, ?, 'sending')`, [attemptId, m.id]);
    m.deliveryAttempts += 1;
    const c = (await ctx.db.findOne(ConversationSchema, { id: m.conversationId })) as Conversation;
    const [replyTo] = await ctx.db.sql<{ external_id: string; external_ref: Record<string, unknown> }>(
      `select external_id, external_ref from communications.message where conversation_id = ? and direction = 'inbound' order by sent_at desc limit 1`,
      [c.id],
    );
    return {
      attemptId,
      uncertain,
      source: c.source,
      payload: {
        messageId: m.id,
        text: m.bodyText,
        subject: c.subject,
        conversation: { externalId: c.externalId, channel: c.channel, ref: c.externalRef ?? {} },
        replyTo: replyTo ? { externalId: replyTo.external_id, ref: replyTo.external_ref ?? {} } : null,
      },
    };
  },
};

/**
 * Step 3 (own transaction): record `outcome` for `attemptId`. Sent → the reply is `sent` with the
 * provider's id; a retryable failure (not final) → `{ retry: true }`; otherwise `failed` with the reason.
 */
export const deliverFinishAction: ModuleAction<{ messageId: string; attemptId: string; outcome: Outcome; final?: boolean }> = {
  summary: 'Delivery step 3: record the outcome of an attempt (delivery job; system principal only)',
  mutation: true,
  strict: false,
  params: { messageId: { type: 'uuid' }, attemptId: { type: 'uuid' }, outcome: { type: 'object' }, final: { type: 'boolean', optional: true } },
  async handler(ctx) {
    systemOnly(ctx);
    const { outcome } = ctx.params;
    const m = await ctx.em.findOne(MessageSchema, ctx.db.where<Message>({ id: ctx.params.messageId }), { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A status other than `unknown` means the provider did not take it (a refusal): nothing went out.
    const attemptStatus = outcome.ok ? 'sent' : outcome.retryable ? 'unknown' : 'refused';
    await ctx.db.sql(
      `update communications.delivery_attempt set status = ?, external_id = ?, error = ?, finished_at = now() where agency_id = $agency and id = ?`,
      [attemptStatus, outcome.ok ? outcome.externalId : null, outcome.ok ? null : outcome.error.slice(0, 500), ctx.params.attemptId],
    );
    if (!m || m.deliveryState !== 'sending') return { done: true };
    const c = (await ctx.db.findOne(ConversationSchema, { id: m.conversationId })) as Conversation;
    const notify = () => ctx.broker.broadcast(LIVE_EVENT, { agencyId: ctx.user.agencyId, conversationId: c.id, clientId: c.clientId ?? null });
    if (outcome.ok) {
      m.deliveryState = 'sent';
      m.externalId = outcome.externalId;
      m.externalRef = outcome.ref ?? {};
      m.deliveryError = null;
      await ctx.em.flush();
      await refreshConversation(ctx.db, c.id);
      ctx.emitDurable(EVENTS.replied, { conversationId: c.id, messageId: m.id, clientId: c.clientId ?? null, source: c.source, authorId: m.authorId ?? null });
      ctx.afterCommit(notify);
      return { done: true, state: 'sent' };
    }
    m.deliveryError = outcome.error;
    if (outcome.retryable && !ctx.params.final) return { retry: true, error: outcome.error };
    m.deliveryState = 'failed';
    await ctx.em.flush();
    await refreshConversation(ctx.db, c.id);
    ctx.emitDurable(EVENTS.failed, { conversationId: c.id, messageId: m.id, clientId: c.clientId ?? null, source: c.source, error: outcome.error });
    ctx.afterCommit(notify);
    return { done: true, state: 'failed' };
  },
};

function failureOf(err: unknown): Outcome {
  const e = err as { message?: string; retryable?: boolean; code?: number };
  // Client errors (4xx) are the provider refusing this message: retrying will not help.
  const retryable = e.retryable === true || !(typeof e.code === 'number' && e.code >= 400 && e.code < 500);
  return { ok: false, error: String(e.message ?? 'delivery failed').slice(0, 500), retryable };
}

/**
 * `communications.deliver` — `{ messageId, final? }` → `{ done, state? }` or `{ retry, error }`.
 * Steps 1–3 above; the provider is called outside any transaction, with the attempt id as its
 * idempotency key, after a lookup when an earlier attempt may have gone out.
 */
export const deliverAction: ModuleAction<{ messageId: string; final?: boolean }> = {
  summary: 'Deliver one reply through its connector (delivery job; system principal only)',
  mutation: false,
  params: { messageId: { type: 'uuid' }, final: { type: 'boolean', optional: true } },
  async handler(ctx) {
    systemOnly(ctx);
    const { messageId, final } = ctx.params;
    const begin = (await ctx.call('communications.deliverBegin', { messageId })) as Begin;
    if ('done' in begin) return { done: true };
    if ('busy' in begin) return { retry: true, error: 'Another delivery of this reply is in progress' };
    const { attemptId, uncertain, payload } = begin;
    const connector = connectorFor(ctx.broker, begin.source);
    let outcome: Outcome;
    if (!connector) outcome = { ok: false, error: `No ${begin.source} connector is running`, retryable: true };
    else {
      try {
        let found: { externalId: string; ref?: Record<string, unknown> } | null = null;
        if (uncertain.length && connector.capabilities.includes('status')) {
          // Did an earlier attempt reach the provider? Then this reply is sent: never post it twice.
          const res = (await ctx.call(
            `${connector.service}.lookup`,
            { messageId, keys: uncertain, conversation: payload.conversation },
            { timeout: SEND_TIMEOUT_MS, retries: 0 },
          )) as { found: boolean; externalId?: string; ref?: Record<string, unknown> };
          if (res?.found && res.externalId) found = { externalId: String(res.externalId), ref: res.ref };
        }
        if (!found) {
          found = (await ctx.call(`${connector.service}.send`, { ...payload, idempotencyKey: attemptId }, { timeout: SEND_TIMEOUT_MS, retries: 0 })) as {
            externalId: string;
            ref?: Record<string, unknown>;
          };
        }
        outcome = { ok: true, externalId: String(found.externalId), ref: found.ref };
      } catch (err) {
        outcome = failureOf(err);
      }
    }
    return ctx.call('communications.deliverFinish', { messageId, attemptId, outcome, final });
  },
};
