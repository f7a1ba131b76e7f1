/**
 * "Create ticket from message": a ticket for the conversation's client with the message
 * quoted and a link back, through the broker (`tickets.create`, as the caller, so tickets
 * applies its own permissions and checks); a note in the thread records it.
 */
import { randomUUID } from 'node:crypto';
import { errors, MoleculerError, now as clockNow, type ModuleAction } from '@audienceos/module-sdk';
import { actorOf, writableMessage } from '../access';
import { refreshConversation } from '../aggregates';
import { MessageSchema } from '../entities';
import { idParam } from '../params';

export const ticketFromMessageAction: ModuleAction<{ id: string; title?: string }> = {
  rest: 'POST /messages/:id/ticket',
  summary: "Open a ticket for the conversation's client with this message quoted (422 when the conversation is unlinked)",
  permissions: ['communications:write'],
  params: { ...idParam, title: { type: 'string', min: 1, max: 200, trim: true, optional: true } },
  async handler(ctx) {
    const { message, conversation } = await writableMessage(ctx, ctx.params.id);
    if (!conversation.clientId)
      throw errors.invalid({ field: 'id', message: 'Link the conversation to a client first', type: 'reference' });
    const quoted = message.bodyText
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const title = ctx.params.title ?? (conversation.subject || message.bodyText.split('\n')[0] || 'Message from client').slice(0, 200);
    let ticket: { id: string; number: number };
    try {
      ticket = (await ctx.call(
        'tickets.create',
        {
          title,
          clientId: conversation.clientId,
          description: `${message.senderName || message.senderAddress} wrote:\n\n${quoted}\n\nFrom the inbox: /communications?c=${conversation.id}`,
        },
        { timeout: 10_000, retries: 0 },
      )) as { id: string; number: number };
    } catch (err) {
      const e = err as { code?: number; type?: string };
      if (e.type === 'SERVICE_NOT_FOUND' || e.code === undefined || e.code >= 500)
        throw new MoleculerError('Tickets is not available right now', 503, 'DEPENDENCY_UNAVAILABLE', { dependency: 'tickets' });
      throw err;
    }
    const now = clockNow();
    ctx.db.create(MessageSchema, {
      id: randomUUID(),
      conversationId: conversation.id,
      source: conversation.source,
      externalId: null,
      direction: 'note',
      senderName: '',
      senderAddress: '',
      senderDomain: null,
      authorId: actorOf(ctx),
      bodyText: `Ticket #${ticket.number} opened from this conversation`,
      bodyHtml: null,
      attachments: [],
      externalRef: { ticketId: ticket.id },
      deliveryState: null,
      deliveryError: null,
      deliveryAttempts: 0,
      sentAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await ctx.em.flush();
    await refreshConversation(ctx.db, conversation.id);
    ctx.meta.$statusCode = 201;
    return { ticketId: ticket.id, number: ticket.number };
  },
};
