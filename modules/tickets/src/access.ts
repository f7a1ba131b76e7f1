/**
 * Who may see and change which ticket. Managers and above see every ticket of their agency;
 * members only those of the clients granted to them (identity's `users.clientScope`), and a
 * ticket they may not see answers 404 exactly like another agency's ticket would.
 */
import { clientScope, errors, LockMode, MoleculerClientError, type ActionContext, type ClientScope } from '@audienceos/module-sdk';
import { TicketSchema, type Ticket } from './entities';

export type { ClientScope };

/** The SDK's scope: asked of identity once per call, failing closed (a member then sees nothing). */
export const clientScopeOf = (ctx: ActionContext): Promise<ClientScope> => clientScope(ctx);

/** A ticket the caller may see, or 404. `forUpdate` locks the row until the transaction ends. */
export async function visibleTicket(ctx: ActionContext, id: string, forUpdate = false): Promise<{ ticket: Ticket; scope: ClientScope }> {
  const ticket = forUpdate
    ? await ctx.em.findOne(TicketSchema, ctx.db.where<Ticket>({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE })
    : await ctx.db.findOne(TicketSchema, { id });
  if (!ticket) throw errors.notFound('Ticket', id);
  const scope = await clientScopeOf(ctx);
  if (!scope.canRead(ticket.clientId)) throw errors.notFound('Ticket', id);
  return { ticket, scope };
}

/**
 * A ticket the caller may change, locked for this transaction so that two concurrent
 * transitions cannot both pass their checks: 404 when invisible, 403 when read-only.
 */
export async function writableTicket(ctx: ActionContext, id: string): Promise<Ticket> {
  const { ticket, scope } = await visibleTicket(ctx, id, true);
  if (!scope.canWrite(ticket.clientId)) {
    throw new MoleculerClientError(
      'You have read-only access to this client: ask an admin for write access to change its tickets',
      403,
      'CLIENT_READ_ONLY',
      {
        clientId: ticket.clientId,
      },
    );
  }
  return ticket;
}

/** The actor to record: people by id; the platform (automations) as null. */
export const actorOf = (ctx: ActionContext): string | null => (ctx.user.role === 'system' ? null : ctx.user.id);
