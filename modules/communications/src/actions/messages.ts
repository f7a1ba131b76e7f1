/**
 * Replies, notes and drafts. A reply is recorded at once as an outbound message in state
 * `sending` (the row is the outbox) and delivered by the source's connector from a pg-boss
 * job, retried with backoff; it ends `sent` (with the provider's id) or `failed` (with the
 * reason, and `retry`). Drafts wait for a person; drafts an automation writes are in
 * `approval` until someone sends them (optionally edited first).
 */
import { randomUUID } from 'node:crypto';
import { errors, now as clockNow, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { actorOf, writableConversation, writableMessage } from '../access';
import { refreshConversation } from '../aggregates';
import { connectorFor } from '../connectors';
import { EVENTS, LIVE_EVENT, mentionedUserIds } from '../constants';
import { messageDto } from '../dto';
import { MessageSchema, type Conversation, type Message } from '../entities';
import { queueDelivery } from '../jobs';
import { idParam, textRule } from '../params';
import { setLastSeen } from '../read-state';

const live = (ctx: ActionContext, c: Conversation) =>
  ctx.afterCommit(() =>
    ctx.broker.broadcast(LIVE_EVENT, { agencyId: ctx.user.agencyId, conversationId: c.id, clientId: c.clientId ?? null }),
  );

/** Move a message to `sending` and queue its delivery once this transaction has committed. */
async function startSending(ctx: ActionContext, m: Message, c: Conversation): Promise<void> {
  if (!connectorFor(ctx.broker, c.source)) {
    throw errors.conflict(`No ${c.source} connector is running: the reply cannot be sent now`, 'CONNECTOR_UNAVAILABLE', {
      source: c.source,
    });
  }
  m.deliveryState = 'sending';
  m.deliveryError = null;
  m.sentAt = clockNow();
  m.updatedAt = clockNow();
  await ctx.em.flush();
  await refreshConversation(ctx.db, c.id);
  await setLastSeen(ctx, c.id, m.sentAt);
  ctx.afterCommit(() => queueDelivery(ctx.broker, { agencyId: ctx.user.agencyId, messageId: m.id }));
  live(ctx, c);
}

const names = new Map<string, { name: string; at: number }>();
/** The author's display name for the thread and the list preview (identity, cached 5 min; '' when unavailable). */
async function authorName(ctx: ActionContext): Promise<string> {
  if (ctx.user.role === 'system') return 'Automation';
  const hit = names.get(ctx.user.id);
  if (hit && Date.now() - hit.at < 300_000) return hit.name;
  const user = (await ctx.call('users.get', { id: ctx.user.id }, { timeout: 3000, retries: 0 }).catch(() => null)) as {
    name?: string;
  } | null;
  const name = user?.name ?? '';
  if (name) names.set(ctx.user.id, { name, at: Date.now() });
  return name;
}

function newOutbound(
  ctx: ActionContext,
  c: Conversation,
  text: string,
  direction: 'outbound' | 'note',
  state: Message['deliveryState'],
  senderName = '',
): Message {
  const now = clockNow();
  return ctx.db.create(MessageSchema, {
    id: randomUUID(),
    conversationId: c.id,
    source: c.source,
    externalId: null,
    direction,
    senderName,
    senderAddress: '',
    senderDomain: null,
    authorId: actorOf(ctx),
    bodyText: text,
    bodyHtml: null,
    attachments: [],
    externalRef: {},
    deliveryState: state,
    deliveryError: null,
    deliveryAttempts: 0,
    sentAt: now,
    createdAt: now,
    updatedAt: now,
  });
}

export const replyAction: ModuleAction<{ id: string; text: string; draft?: boolean }> = {
  rest: 'POST /conversations/:id/replies',
  summary: "Reply through the source (or save a draft: `draft: true`; an automation's draft waits for approval). Honours Idempotency-Key",
  permissions: ['communications:write'],
  params: { ...idParam, text: textRule, draft: { type: 'boolean', optional: true } },
  async handler(ctx) {
    const dto = await ctx.idempotent(async () => {
      const c = await writableConversation(ctx, ctx.params.id);
      const draft = ctx.params.draft === true;
      const m = newOutbound(
        ctx,
        c,
        ctx.params.text,
        'outbound',
        draft ? (ctx.user.role === 'system' ? 'approval' : 'draft') : 'sending',
        await authorName(ctx),
      );
      if (!draft) await startSending(ctx, m, c);
      else live(ctx, c);
      return messageDto(m);
    });
    ctx.meta.$statusCode = 201;
    return dto;
  },
};

export const noteAction: ModuleAction<{ id: string; text: string }> = {
  rest: 'POST /conversations/:id/notes',
  summary: 'An internal note (never leaves the product; does not change needs-reply)',
  permissions: ['communications:write'],
  params: { ...idParam, text: textRule },
  async handler(ctx) {
    const c = await writableConversation(ctx, ctx.params.id);
    const m = newOutbound(ctx, c, ctx.params.text, 'note', null, await authorName(ctx));
    ctx.emitDurable(EVENTS.noteAdded, {
      conversationId: c.id,
      clientId: c.clientId ?? null,
      source: c.source,
      messageId: m.id,
      subject: c.subject,
      mentions: mentionedUserIds(ctx.params.text),
      excerpt: ctx.params.text.slice(0, 500),
    });
    await ctx.em.flush();
    await refreshConversation(ctx.db, c.id);
    live(ctx, c);
    ctx.meta.$statusCode = 201;
    return messageDto(m);
  },
};

const isDraft = (m: Message) => m.direction === 'outbound' && (m.deliveryState === 'draft' || m.deliveryState === 'approval');

export const editDraftAction: ModuleAction<{ id: string; text: string }> = {
  rest: 'PATCH /messages/:id',
  summary: 'Edit a draft (sent messages cannot be edited: 409)',
  permissions: ['communications:write'],
  params: { ...idParam, text: textRule },
  async handler(ctx) {
    const { message, conversation } = await writableMessage(ctx, ctx.params.id);
    if (!isDraft(message)) throw errors.conflict('Only drafts can be edited', 'NOT_A_DRAFT', { deliveryState: message.deliveryState });
    message.bodyText = ctx.params.text;
    message.updatedAt = clockNow();
    live(ctx, conversation);
    return messageDto(message);
  },
};

export const discardDraftAction: ModuleAction<{ id: string }> = {
  rest: 'DELETE /messages/:id',
  summary: 'Discard a draft',
  permissions: ['communications:write'],
  params: idParam,
  async handler(ctx) {
    const { message, conversation } = await writableMessage(ctx, ctx.params.id);
    if (!isDraft(message)) throw errors.conflict('Only drafts can be discarded', 'NOT_A_DRAFT', { deliveryState: message.deliveryState });
    ctx.em.remove(message);
    live(ctx, conversation);
    ctx.meta.$statusCode = 204;
    return null;
  },
};

export const sendDraftAction: ModuleAction<{ id: string; text?: string }> = {
  rest: 'POST /messages/:id/send',
  summary: 'Send (approve) a draft, optionally with edited text',
  permissions: ['communications:write'],
  params: { ...idParam, text: { ...textRule, optional: true } },
  async handler(ctx) {
    const { message, conversation } = await writableMessage(ctx, ctx.params.id);
    if (!isDraft(message))
      throw errors.conflict('Only drafts can be sent this way', 'NOT_A_DRAFT', { deliveryState: message.deliveryState });
    if (ctx.params.text) message.bodyText = ctx.params.text;
    await startSending(ctx, message, conversation);
    return messageDto(message);
  },
};

export const retryAction: ModuleAction<{ id: string }> = {
  rest: 'POST /messages/:id/retry',
  summary: 'Send a failed reply again',
  permissions: ['communications:write'],
  params: idParam,
  async handler(ctx) {
    const { message, conversation } = await writableMessage(ctx, ctx.params.id);
    if (message.deliveryState !== 'failed')
      throw errors.conflict('Only failed replies can be retried', 'NOT_FAILED', { deliveryState: message.deliveryState });
    await startSending(ctx, message, conversation);
    return messageDto(message);
  },
};
