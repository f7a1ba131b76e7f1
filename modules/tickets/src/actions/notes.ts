/** Notes (internal or visible to the client), time logs and the timeline of one ticket. */
import { randomUUID } from 'node:crypto';
import type { ModuleAction } from '@audienceos/module-sdk';
import { now as clockNow, saved } from '@audienceos/module-sdk';
import { actorOf, visibleTicket, writableTicket } from '../access';
import { recordActivity } from '../activity';
import { mentionedUserIds, TICKET_EVENTS, type NoteVisibility } from '../constants';
import { activityDto, noteDto, ticketDto, timeEntryDto } from '../dto';
import { TicketActivitySchema, TicketNoteSchema, TimeEntrySchema } from '../entities';
import { dateRule, idParam, toDate, visibilityRule } from '../params';
import { eventData, markFirstResponse } from '../transitions';
import { liveTicket } from '../live';

/** A timeline is short (tens of lines); a hard cap keeps a pathological one from flooding a response. */
const TIMELINE_CAP = 500;

export const listNotesAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id/notes',
  permissions: ['tickets:read'],
  params: idParam,
  async handler(ctx) {
    const { ticket } = await visibleTicket(ctx, ctx.params.id);
    const notes = await ctx.db.find(
      TicketNoteSchema,
      { ticketId: ticket.id },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: TIMELINE_CAP },
    );
    return { items: notes.map(noteDto) };
  },
};

export const addNoteAction: ModuleAction<{ id: string; body: string; visibility?: NoteVisibility }> = {
  rest: 'POST /:id/notes',
  summary: "Add a note: internal by default; 'client' makes it visible to the client (and counts as a first response)",
  permissions: ['tickets:write'],
  params: { ...idParam, body: { type: 'string', min: 1, max: 20_000, trim: true, empty: false }, visibility: visibilityRule },
  async handler(ctx) {
    const ticket = await writableTicket(ctx, ctx.params.id);
    const visibility = ctx.params.visibility ?? 'internal';
    const now = clockNow();
    const note = ctx.db.create(TicketNoteSchema, {
      id: randomUUID(),
      ticketId: ticket.id,
      authorId: actorOf(ctx),
      body: ctx.params.body,
      visibility,
      createdAt: now,
    });
    if (visibility === 'client') markFirstResponse(ctx, ticket, now);
    recordActivity(ctx, ticket, 'note', { noteId: note.id, visibility, body: ctx.params.body }, now);
    ctx.emitDurable(TICKET_EVENTS.noteAdded, eventData(ticket, { noteId: note.id, visibility, mentions: mentionedUserIds(ctx.params.body), excerpt: ctx.params.body.slice(0, 500) }));
    ticket.updatedAt = now;
    ctx.meta.$statusCode = 201;
    return { note: noteDto(note), ticket: liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket))) };
  },
};

export const logTimeAction: ModuleAction<{ id: string; minutes: number; note?: string; spentAt?: string }> = {
  rest: 'POST /:id/time',
  summary: 'Log minutes spent on a ticket (at most a day per entry)',
  permissions: ['tickets:write'],
  params: {
    ...idParam,
    minutes: { type: 'number', integer: true, positive: true, max: 24 * 60 },
    note: { type: 'string', max: 2000, trim: true, optional: true },
    spentAt: { ...dateRule, optional: true },
  },
  async handler(ctx) {
    const spentAt = toDate('spentAt', ctx.params.spentAt) ?? clockNow();
    const ticket = await writableTicket(ctx, ctx.params.id);
    const entry = ctx.db.create(TimeEntrySchema, {
      id: randomUUID(),
      ticketId: ticket.id,
      userId: actorOf(ctx),
      minutes: ctx.params.minutes,
      note: ctx.params.note || null,
      spentAt,
      createdAt: clockNow(),
    });
    ticket.timeSpentMinutes += ctx.params.minutes;
    recordActivity(ctx, ticket, 'time', { minutes: ctx.params.minutes, note: entry.note ?? null, totalMinutes: ticket.timeSpentMinutes });
    ctx.meta.$statusCode = 201;
    return { entry: timeEntryDto(entry), ticket: liveTicket(ctx, 'updated', ticketDto(await saved(ctx, ticket))) };
  },
};

export const activityAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id/activity',
  summary: 'The timeline: creation, status, assignee and priority changes, notes, time, resolve/reopen',
  permissions: ['tickets:read'],
  params: idParam,
  async handler(ctx) {
    const { ticket } = await visibleTicket(ctx, ctx.params.id);
    const rows = await ctx.db.find(
      TicketActivitySchema,
      { ticketId: ticket.id },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: TIMELINE_CAP },
    );
    return { items: rows.map(activityDto) };
  },
};
