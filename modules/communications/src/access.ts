/**
 * Who may see and change which conversation. Managers and above (and the system principal)
 * see every conversation of their agency, unlinked ones included; members see only those of
 * the clients granted to them (identity's grants), and any other conversation answers 404
 * exactly like another agency's would.
 */
import { clientScope, errors, LockMode, MoleculerClientError, type ActionContext, type ClientScope } from '@audienceos/module-sdk';
import { ConversationSchema, MessageSchema, type Conversation, type Message } from './entities';

/** Can this scope see a conversation of `clientId` (null: unlinked, managers and above only)? */
export const canSee = (scope: ClientScope, clientId: string | null | undefined): boolean =>
  clientId ? scope.canRead(clientId) : scope.all;
const canChange = (scope: ClientScope, clientId: string | null | undefined): boolean => (clientId ? scope.canWrite(clientId) : scope.all);

/** A conversation the caller may see, or 404. `forUpdate` locks the row until the transaction ends. */
export async function visibleConversation(
  ctx: ActionContext,
  id: string,
  forUpdate = false,
): Promise<{ conversation: Conversation; scope: ClientScope }> {
  const conversation = forUpdate
    ? await ctx.em.findOne(ConversationSchema, ctx.db.where<Conversation>({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE })
    : await ctx.db.findOne(ConversationSchema, { id });
  if (!conversation) throw errors.notFound('Conversation', id);
  const scope = await clientScope(ctx);
  if (!canSee(scope, conversation.clientId)) throw errors.notFound('Conversation', id);
  return { conversation, scope };
}

/** A conversation the caller may change, locked: 404 when invisible, 403 when read-only. */
export async function writableConversation(ctx: ActionContext, id: string): Promise<Conversation> {
  const { conversation, scope } = await visibleConversation(ctx, id, true);
  if (!canChange(scope, conversation.clientId)) {
    throw new MoleculerClientError('You have read-only access to this client: ask an admin for write access', 403, 'CLIENT_READ_ONLY', {
      clientId: conversation.clientId,
    });
  }
  return conversation;
}

/** A message of a conversation the caller may change (locked with its conversation). */
export async function writableMessage(ctx: ActionContext, id: string): Promise<{ message: Message; conversation: Conversation }> {
  const message = await ctx.em.findOne(MessageSchema, ctx.db.where<Message>({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!message) throw errors.notFound('Message', id);
  try {
    return { message, conversation: await writableConversation(ctx, message.conversationId) };
  } catch (err) {
    if ((err as { code?: number }).code === 404) throw errors.notFound('Message', id);
    throw err;
  }
}

/** The actor to record: people by id; the platform (automations) as null. */
export const actorOf = (ctx: ActionContext): string | null => (ctx.user.role === 'system' ? null : ctx.user.id);
