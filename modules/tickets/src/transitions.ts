/**
 * The status flow. Open statuses (new, in_progress, waiting_client) move freely among
 * themselves; `resolved` is entered only with resolution notes and left only by a reopen.
 * Every transition writes its timeline line and durable events in the caller's transaction.
 */
import { now as clockNow, errors, type ActionContext } from '@audienceos/module-sdk';
import { actorOf } from './access';
import { recordActivity } from './activity';
import { TICKET_EVENTS, type Status } from './constants';
import type { Ticket } from './entities';
import { pauseSla, restartResolutionClock, resumeSla, type SlaContext } from './sla';

type OpenStatus = Exclude<Status, 'resolved'>;

const label = (t: Ticket) => `Ticket #${t.number}`;

export function eventData(ticket: Ticket, extra: Record<string, unknown> = {}) {
  return {
    ticketId: ticket.id,
    number: ticket.number,
    title: ticket.title,
    clientId: ticket.clientId,
    priority: ticket.priority,
    status: ticket.status,
    assigneeId: ticket.assigneeId ?? null,
    ...extra,
  };
}

/** First response = the first status change or client-visible note by a person (not the platform). */
export function markFirstResponse(ctx: ActionContext, ticket: Ticket, at = clockNow()): void {
  if (!ticket.firstResponseAt && actorOf(ctx)) ticket.firstResponseAt = at;
}

export function requireNotes(notes: string | undefined | null): string {
  const trimmed = notes?.trim();
  if (!trimmed) {
    throw errors.invalid({
      field: 'resolutionNotes',
      message: 'Resolution notes are required to resolve a ticket: say what was done',
      type: 'required',
    });
  }
  return trimmed;
}

/** Resolve (notes required). `sla`: the agency's calendar, to restart stopped clocks first. */
export function resolveTicket(ctx: ActionContext, ticket: Ticket, notes: string | undefined | null, sla?: SlaContext): void {
  if (ticket.status === 'resolved')
    throw errors.conflict(`${label(ticket)} is already resolved`, 'TICKET_ALREADY_RESOLVED', { id: ticket.id });
  const resolutionNotes = requireNotes(notes);
  const from = ticket.status;
  const now = clockNow();
  if (sla) resumeSla(ticket, sla, now);
  ticket.status = 'resolved';
  ticket.resolutionNotes = resolutionNotes;
  ticket.resolvedBy = actorOf(ctx);
  ticket.resolvedAt = now;
  markFirstResponse(ctx, ticket, now);
  recordActivity(ctx, ticket, 'resolved', { from, to: 'resolved', resolutionNotes });
  ctx.emitDurable(TICKET_EVENTS.statusChanged, eventData(ticket, { from, to: 'resolved' }));
  ctx.emitDurable(TICKET_EVENTS.resolved, eventData(ticket, { resolutionNotes, resolvedBy: ticket.resolvedBy }));
}

/** Reopen: a new resolution clock starts (an earlier late resolution stays a breach); `waiting_client` stops it at once. */
export function reopenTicket(ctx: ActionContext, ticket: Ticket, to?: OpenStatus, reason?: string, sla?: SlaContext): void {
  if (ticket.status !== 'resolved') {
    throw errors.conflict(
      `${label(ticket)} is not resolved (it is ${ticket.status.replace('_', ' ')}): only resolved tickets can be reopened`,
      'TICKET_NOT_RESOLVED',
      {
        id: ticket.id,
        status: ticket.status,
      },
    );
  }
  const target: OpenStatus = to ?? (ticket.assigneeId ? 'in_progress' : 'new');
  const previousResolution = ticket.resolutionNotes ?? null;
  if (sla) restartResolutionClock(ticket, sla);
  ticket.status = target;
  ticket.resolvedAt = null;
  ticket.resolvedBy = null;
  ticket.resolutionNotes = null;
  if (sla && target === 'waiting_client') pauseSla(ticket, sla);
  recordActivity(ctx, ticket, 'reopened', { from: 'resolved', to: target, reason: reason ?? null, previousResolution });
  ctx.emitDurable(TICKET_EVENTS.statusChanged, eventData(ticket, { from: 'resolved', to: target }));
  ctx.emitDurable(TICKET_EVENTS.reopened, eventData(ticket, { reason: reason ?? null }));
}

/** `PATCH /:id/status`: resolving needs notes; leaving `resolved` is a reopen. Same status: no change. */
export function changeStatus(ctx: ActionContext, ticket: Ticket, to: Status, resolutionNotes?: string, sla?: SlaContext): boolean {
  if (ticket.status === to) return false;
  if (to === 'resolved') {
    resolveTicket(ctx, ticket, resolutionNotes, sla);
    return true;
  }
  if (ticket.status === 'resolved') {
    reopenTicket(ctx, ticket, to, undefined, sla);
    return true;
  }
  const from = ticket.status;
  // Waiting on the client stops the SLA clocks; leaving it restarts them.
  if (sla && from === 'waiting_client') resumeSla(ticket, sla);
  if (sla && to === 'waiting_client') pauseSla(ticket, sla);
  ticket.status = to;
  markFirstResponse(ctx, ticket);
  recordActivity(ctx, ticket, 'status', { from, to });
  ctx.emitDurable(TICKET_EVENTS.statusChanged, eventData(ticket, { from, to }));
  return true;
}

export function assignTicket(ctx: ActionContext, ticket: Ticket, assigneeId: string | null): boolean {
  const from = ticket.assigneeId ?? null;
  if (from === assigneeId) return false;
  ticket.assigneeId = assigneeId;
  recordActivity(ctx, ticket, 'assignee', { from, to: assigneeId });
  ctx.emitDurable(TICKET_EVENTS.assigned, eventData(ticket, { from, to: assigneeId }));
  return true;
}
