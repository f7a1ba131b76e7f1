import { now as clockNow } from '@audienceos/module-sdk';
import type { Ticket, TicketActivity, TicketNote, TimeEntry } from './entities';
import { ticketSla, type TicketSla } from './sla';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface TicketDto {
  id: string;
  number: number;
  title: string;
  description: string;
  clientId: string;
  category: Ticket['category'];
  priority: Ticket['priority'];
  status: Ticket['status'];
  assigneeId: string | null;
  dueAt: string | null;
  overdue: boolean;
  timeSpentMinutes: number;
  resolutionNotes: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdBy: string | null;
  firstResponseAt: string | null;
  sla: TicketSla;
  createdAt: string;
  updatedAt: string;
  /** The ticket's version: send it back as `If-Match` to refuse overwriting a newer change (412). */
  version: number;
}

export const ticketDto = (t: Ticket, now = clockNow()): TicketDto => ({
  id: t.id,
  number: t.number,
  title: t.title,
  description: t.description,
  clientId: t.clientId,
  category: t.category,
  priority: t.priority,
  status: t.status,
  assigneeId: t.assigneeId ?? null,
  dueAt: iso(t.dueAt),
  overdue: Boolean(t.dueAt && t.status !== 'resolved' && t.dueAt.getTime() < now.getTime()),
  timeSpentMinutes: t.timeSpentMinutes,
  resolutionNotes: t.resolutionNotes ?? null,
  resolvedBy: t.resolvedBy ?? null,
  resolvedAt: iso(t.resolvedAt),
  createdBy: t.createdBy ?? null,
  firstResponseAt: iso(t.firstResponseAt),
  sla: ticketSla(t, now),
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  version: t.version,
});

export const noteDto = (n: TicketNote) => ({
  id: n.id,
  ticketId: n.ticketId,
  authorId: n.authorId ?? null,
  body: n.body,
  visibility: n.visibility,
  createdAt: n.createdAt.toISOString(),
});

export const activityDto = (a: TicketActivity) => ({
  id: a.id,
  ticketId: a.ticketId,
  actorId: a.actorId ?? null,
  kind: a.kind,
  data: a.data,
  createdAt: a.createdAt.toISOString(),
});

export const timeEntryDto = (e: TimeEntry) => ({
  id: e.id,
  ticketId: e.ticketId,
  userId: e.userId ?? null,
  minutes: e.minutes,
  note: e.note ?? null,
  spentAt: e.spentAt.toISOString(),
});
