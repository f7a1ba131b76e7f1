/** Create, read, edit and delete one ticket. */
import { randomUUID } from 'node:crypto';
import { assertVersion, now as clockNow, saved, setETag, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { actorOf, clientScopeOf, visibleTicket, writableTicket } from '../access';
import { recordActivity } from '../activity';
import { PRIORITY_RANK, TICKET_EVENTS, type Category, type Priority } from '../constants';
import { ticketDto } from '../dto';
import { liveTicket, liveTicketGone } from '../live';
import { TicketSchema, type Ticket } from '../entities';
import { nextTicketNumber } from '../numbering';
import { categoryRule, dateRule, descriptionRule, idParam, priorityRule, titleRule, toDate } from '../params';
import { assertAssignee, assertClient } from '../references';
import { applySlaDeadlines, slaContext } from '../sla';
import { assignTicket, eventData } from '../transitions';

export interface CreateParams {
  title: string;
  description?: string;
  clientId: string;
  category?: Category;
  priority?: Priority;
  assigneeId?: string | null;
  dueAt?: string | null;
}

async function createTicket(ctx: ActionContext<CreateParams>) {
  const p = ctx.params;
  const dueAt = toDate('dueAt', p.dueAt);
  // Checks that call other services come first: the counter row is locked from the moment
  // a number is taken until commit, so that window is kept as short as possible.
  await assertClient(ctx, p.clientId, await clientScopeOf(ctx));
  if (p.assigneeId) await assertAssignee(ctx, p.assigneeId);
  const sla = await slaContext(ctx);
  const number = await nextTicketNumber(ctx.db);
  const now = clockNow();
  const priority = p.priority ?? 'medium';
  const ticket = ctx.db.create(TicketSchema, {
    id: randomUUID(),
    number,
    title: p.title,
    description: p.description ?? '',
    clientId: p.clientId,
    category: p.category ?? 'general',
    priority,
    priorityRank: PRIORITY_RANK[priority],
    status: 'new',
    assigneeId: p.assigneeId ?? null,
    dueAt: dueAt ?? null,
    timeSpentMinutes: 0,
    createdBy: actorOf(ctx),
    createdAt: now,
    updatedAt: now,
    firstResponseDueAt: now,
    resolutionDueAt: now,
    slaBreachedBefore: false,
  });
  applySlaDeadlines(ticket, sla);
  await ctx.em.flush(); // the timeline row references the ticket
  recordActivity(ctx, ticket, 'created', { number, priority, assigneeId: ticket.assigneeId ?? null }, now);
  ctx.emitDurable(TICKET_EVENTS.created, eventData(ticket, { title: ticket.title, category: ticket.category }));
  if (ticket.assigneeId) ctx.emitDurable(TICKET_EVENTS.assigned, eventData(ticket, { from: null, to: ticket.assigneeId }));
  return liveTicket(ctx, 'created', ticketDto(await saved(ctx, ticket)));
}

export const createAction: ModuleAction<CreateParams> = {
  rest: 'POST /',
  summary: 'Open a ticket (honours Idempotency-Key: a retried create makes one ticket)',
  permissions: ['tickets:write'],
  params: {
    title: titleRule,
    description: descriptionRule,
    clientId: { type: 'uuid' },
    category: { ...categoryRule, optional: true },
    priority: { ...priorityRule, optional: true },
    assigneeId: { type: 'uuid', optional: true, nullable: true },
    dueAt: { ...dateRule, optional: true, nullable: true },
  },
  async handler(ctx) {
    const dto = await ctx.idempotent(() => createTicket(ctx));
    ctx.meta.$statusCode = 201;
    return dto;
  },
};

export const getAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id',
  permissions: ['tickets:read'],
  params: idParam,
  async handler(ctx) {
    const { ticket } = await visibleTicket(ctx, ctx.params.id);
    setETag(ctx, ticket.version);
    return ticketDto(ticket);
  },
};

export interface UpdateParams {
  id: string;
  title?: string;
  description?: string;
  clientId?: string;
  category?: Category;
  priority?: Priority;
  assigneeId?: string | null;
  dueAt?: string | null;
}

const sameTime = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export const updateAction: ModuleAction<UpdateParams> = {
  rest: 'PATCH /:id',
  summary: 'Edit fields; priority changes move the SLA deadlines, assignee changes notify',
  permissions: ['tickets:write'],
  params: {
    ...idParam,
    title: { ...titleRule, optional: true },
    description: descriptionRule,
    clientId: { type: 'uuid', optional: true },
    category: { ...categoryRule, optional: true },
    priority: { ...priorityRule, optional: true },
    assigneeId: { type: 'uuid', optional: true, nullable: true },
    dueAt: { ...dateRule, optional: true, nullable: true },
  },
  async handler(ctx) {
    const p = ctx.params;
    const dueAt = toDate('dueAt', p.dueAt);
    const ticket = await writableTicket(ctx, p.id);
    await assertVersion(ctx, ticket.version, () => ticketDto(ticket));
    const previousClientId = ticket.clientId;
    if (p.clientId !== undefined && p.clientId !== ticket.clientId) await assertClient(ctx, p.clientId, await clientScopeOf(ctx));
    if (p.assigneeId) await assertAssignee(ctx, p.assigneeId);

    const changed: string[] = [];
    const set = <K extends 'title' | 'description' | 'clientId' | 'category'>(key: K) => {
      if (p[key] !== undefined && p[key] !== ticket[key]) {
        (ticket as Ticket)[key] = p[key] as Ticket[K];
        changed.push(key);
      }
    };
    (['title', 'description', 'clientId', 'category'] as const).forEach(set);
    if (dueAt !== undefined && !sameTime(dueAt, ticket.dueAt)) {
      ticket.dueAt = dueAt;
      changed.push('dueAt');
    }
    if (changed.length) recordActivity(ctx, ticket, 'updated', { fields: changed });
    if (p.priority && p.priority !== ticket.priority) {
      const from = ticket.priority;
      ticket.priority = p.priority;
      ticket.priorityRank = PRIORITY_RANK[p.priority];
      applySlaDeadlines(ticket, await slaContext(ctx));
      recordActivity(ctx, ticket, 'priority', { from, to: p.priority });
    }
    if (p.assigneeId !== undefined) assignTicket(ctx, ticket, p.assigneeId);
    return liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket)), previousClientId);
  },
};

export const removeAction: ModuleAction<{ id: string }> = {
  rest: 'DELETE /:id',
  summary: 'Delete a ticket with its notes and timeline (its number is never reused)',
  permissions: ['tickets:delete'],
  params: idParam,
  async handler(ctx) {
    const gone = await writableTicket(ctx, ctx.params.id);
    ctx.em.remove(gone);
    liveTicketGone(ctx, gone.id, gone.clientId);
    ctx.meta.$statusCode = 204;
    return null;
  },
};
