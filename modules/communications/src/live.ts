/**
 * Live change notices of the inbox (issue 13): every write to a conversation (state, assignment,
 * labels, link, replies, notes, drafts, delivery, ingested messages, snooze expiry) tells open
 * inbox lists and the open conversation after commit, replacing the old 5 s polling.
 * Audience: a linked conversation → `{ clientId }` (members hear granted clients only); an
 * unlinked one → managers and up (members do not see unlinked conversations); read/unread →
 * only the reader (their other tabs).
 */
import { announce, type ActionContext, type LiveAudience, type ModuleAction } from '@audienceos/module-sdk';
import { ConversationSchema, MessageSchema } from './entities';

type Finder = (ctx: ActionContext, result: unknown) => Promise<string | null | undefined> | string | null | undefined;

const byConversationParam: Finder = (ctx) => ctx.params.id as string;
const byMessageParam = (key: 'id' | 'messageId'): Finder => async (ctx) => (await ctx.em.findOne(MessageSchema, { id: ctx.params[key] as string }))?.conversationId;
const fromResult: Finder = (_ctx, result) => (result as { conversationId?: string } | null)?.conversationId;

/** Which conversation each write action touched. */
const FINDERS: Record<string, Finder> = {
  done: byConversationParam,
  reopen: byConversationParam,
  snooze: byConversationParam,
  assign: byConversationParam,
  labels: byConversationParam,
  read: byConversationParam,
  unread: byConversationParam,
  link: byConversationParam,
  reply: byConversationParam,
  addNote: byConversationParam,
  createTicket: byMessageParam('id'),
  expireSnooze: byConversationParam,
  editDraft: byMessageParam('id'),
  discardDraft: byMessageParam('id'),
  sendDraft: byMessageParam('id'),
  retry: byMessageParam('id'),
  deliverFinish: byMessageParam('messageId'),
  ingest: fromResult,
};

const PERSONAL = new Set(['read', 'unread']);

async function announceConversation(ctx: ActionContext, name: string, result: unknown): Promise<void> {
  if (name === 'ingest' && (result as { duplicate?: boolean } | null)?.duplicate) return;
  if (name === 'expireSnooze' && !(result as { reopened?: boolean } | null)?.reopened) return;
  const id = await FINDERS[name]!(ctx, result);
  if (!id) return;
  const conversation = await ctx.em.findOne(ConversationSchema, { id });
  if (!conversation || conversation.agencyId !== ctx.user.agencyId) return;
  const audience: LiveAudience = conversation.clientId ? { clientId: conversation.clientId } : { roles: ['owner', 'admin', 'manager'] };
  if (PERSONAL.has(name) && ctx.user.role !== 'system') audience.userIds = [ctx.user.id];
  announce(ctx, { entity: 'conversation', id, op: 'updated', audience, data: { action: name, ...(conversation.clientId ? { clientId: conversation.clientId } : {}) } });
}

/** Wrap the service's write actions so that each announces the conversation it changed (never fails the action). */
export function withLiveChanges(actions: Record<string, ModuleAction>): Record<string, ModuleAction> {
  const out: Record<string, ModuleAction> = {};
  for (const [name, action] of Object.entries(actions)) {
    if (!FINDERS[name]) {
      out[name] = action;
      continue;
    }
    const handler = action.handler;
    out[name] = {
      ...action,
      async handler(ctx) {
        const result = await handler.call(this, ctx);
        await announceConversation(ctx as ActionContext, name, result).catch((err: Error) => ctx.broker.logger.warn(`live: ${name}: ${err.message}`));
        return result;
      },
    };
  }
  return out;
}
