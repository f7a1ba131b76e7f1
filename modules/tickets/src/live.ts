/**
 * Live change notices of tickets (issue 13): create, edit, status, assignment, notes and time
 * tell open lists and drawers after commit. Audience `{ clientId }`: members hear only tickets
 * of granted clients. A ticket moved to another client is also announced to the old client's audience.
 */
import { announce, type ActionContext, type LiveOp } from '@audienceos/module-sdk';

/** Announce a change of the ticket `dto` (the write's answer) and hand it back. */
export function liveTicket<T extends { id: string; clientId: string; version: number; number?: number; status?: string }>(
  ctx: ActionContext,
  op: LiveOp,
  dto: T,
  previousClientId?: string,
): T {
  const data = { clientId: dto.clientId, ...(dto.status ? { status: dto.status } : {}) };
  announce(ctx, { entity: 'ticket', id: dto.id, op, version: dto.version, audience: { clientId: dto.clientId }, data });
  if (previousClientId && previousClientId !== dto.clientId) {
    announce(ctx, { entity: 'ticket', id: dto.id, op: 'deleted', audience: { clientId: previousClientId }, data: { clientId: previousClientId } });
  }
  return dto;
}

/** Announce a deleted ticket (`id`, `clientId` as they were). */
export function liveTicketGone(ctx: ActionContext, id: string, clientId: string): void {
  announce(ctx, { entity: 'ticket', id, op: 'deleted', audience: { clientId }, data: { clientId } });
}
