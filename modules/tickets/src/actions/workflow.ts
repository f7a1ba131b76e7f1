/** Status changes, resolve and reopen: thin HTTP shells around `transitions.ts`. */
import { assertVersion, saved, type ModuleAction } from '@audienceos/module-sdk';
import { writableTicket } from '../access';
import { OPEN_STATUSES, type Status } from '../constants';
import { ticketDto } from '../dto';
import { liveTicket } from '../live';
import { idParam, notesRule, statusRule } from '../params';
import { slaContext } from '../sla';
import { changeStatus, reopenTicket, resolveTicket } from '../transitions';

export const changeStatusAction: ModuleAction<{ id: string; status: Status; resolutionNotes?: string }> = {
  rest: 'PATCH /:id/status',
  summary: "Move a ticket to another status ('resolved' needs resolutionNotes; leaving 'resolved' reopens it)",
  permissions: ['tickets:write'],
  params: { ...idParam, status: statusRule, resolutionNotes: { ...notesRule, optional: true } },
  async handler(ctx) {
    const ticket = await writableTicket(ctx, ctx.params.id);
    await assertVersion(ctx, ticket.version, () => ticketDto(ticket));
    changeStatus(ctx, ticket, ctx.params.status, ctx.params.resolutionNotes, await slaContext(ctx));
    return liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket)));
  },
};

export const resolveAction: ModuleAction<{ id: string; resolutionNotes: string }> = {
  rest: 'POST /:id/resolve',
  summary: 'Resolve with notes that say what was done',
  permissions: ['tickets:write'],
  // Presence and emptiness are checked by the transition, with a message that says why.
  params: { ...idParam, resolutionNotes: { ...notesRule, optional: true } },
  async handler(ctx) {
    const ticket = await writableTicket(ctx, ctx.params.id);
    await assertVersion(ctx, ticket.version, () => ticketDto(ticket));
    resolveTicket(ctx, ticket, ctx.params.resolutionNotes, await slaContext(ctx));
    return liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket)));
  },
};

export const reopenAction: ModuleAction<{ id: string; status?: (typeof OPEN_STATUSES)[number]; reason?: string }> = {
  rest: 'POST /:id/reopen',
  summary: 'Reopen a resolved ticket (to in_progress when assigned, else new, unless status says otherwise)',
  permissions: ['tickets:write'],
  params: {
    ...idParam,
    status: { type: 'enum', values: [...OPEN_STATUSES], optional: true },
    reason: { type: 'string', max: 2000, trim: true, optional: true },
  },
  async handler(ctx) {
    const ticket = await writableTicket(ctx, ctx.params.id);
    await assertVersion(ctx, ticket.version, () => ticketDto(ticket));
    reopenTicket(ctx, ticket, ctx.params.status, ctx.params.reason || undefined, await slaContext(ctx));
    return liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket)));
  },
};
