import { randomUUID } from 'node:crypto';
import type { ActionContext } from '@audienceos/module-sdk';
import { now as clockNow } from '@audienceos/module-sdk';
import { actorOf } from './access';
import { TicketActivitySchema, type ActivityKind, type Ticket } from './entities';

/** One line of the ticket's timeline, written in the same transaction as the change. */
export function recordActivity(
  ctx: ActionContext,
  ticket: Ticket,
  kind: ActivityKind,
  data: Record<string, unknown> = {},
  at = clockNow(),
) {
  return ctx.db.create(TicketActivitySchema, { id: randomUUID(), ticketId: ticket.id, actorId: actorOf(ctx), kind, data, createdAt: at });
}
