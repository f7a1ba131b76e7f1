/**
 * Demo tickets for Chase (about thirty over the last quarter) and a few for Northwind, with
 * their notes, time logs and timelines. Numbers follow creation order and the counter row is
 * left at the last number, so the next ticket created in the app continues the sequence.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_AGENCY_TIME, type EntityManager, type SeedContext } from '@audienceos/module-sdk';
import { DEFAULT_SLA, PRIORITY_RANK } from './constants';
import { TicketActivitySchema, TicketNoteSchema, TicketSchema, TimeEntrySchema, type ActivityKind, type Ticket } from './entities';
import { chaseTickets, northwindTickets, type SeedTicket } from './seed-content';
import { applySlaDeadlines } from './sla';

/** The demo agencies' zones as settings seeds them (a seed cannot ask settings over a broker). */
const SEED_ZONES: Record<string, string> = { 'chase-digital': 'America/New_York', 'northwind-media': 'Europe/London' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function seedAgency(em: EntityManager, demo: SeedContext['demo'], slug: string, plan: SeedTicket[]): Promise<number> {
  const agency = demo.agency(slug);
  const clients = demo.clientIds(slug);
  const userId = (handle: string) => demo.user(slug, handle).id;
  const now = Date.now();
  const ordered = [...plan].sort((a, b) => b.ageHours - a.ageHours);
  const later: (() => void)[] = [];

  ordered.forEach((s, index) => {
    const createdAt = new Date(now - s.ageHours * HOUR);
    const at = (minutes: number) => new Date(createdAt.getTime() + minutes * MINUTE);
    const resolvedAt = s.status === 'resolved' && s.resolvedAfterHours ? at(s.resolvedAfterHours * 60) : null;
    const firstResponseAt = s.firstResponseAfter !== null ? at(s.firstResponseAfter) : resolvedAt;
    const ticket = em.create(TicketSchema, {
      id: randomUUID(),
      agencyId: agency.id,
      number: index + 1,
      title: s.title,
      description: s.description,
      clientId: clients[s.client % clients.length]!,
      category: s.category,
      priority: s.priority,
      priorityRank: PRIORITY_RANK[s.priority],
      status: s.status,
      assigneeId: s.assignee ? userId(s.assignee) : null,
      dueAt: s.status === 'resolved' ? null : new Date(createdAt.getTime() + 7 * 24 * HOUR),
      timeSpentMinutes: (s.time ?? []).reduce((sum, [, minutes]) => sum + minutes, 0),
      resolutionNotes: resolvedAt ? (s.resolution ?? 'Resolved.') : null,
      resolvedBy: resolvedAt ? userId(s.resolvedBy ?? s.assignee ?? s.createdBy) : null,
      resolvedAt,
      createdBy: userId(s.createdBy),
      firstResponseAt,
      firstResponseDueAt: createdAt,
      resolutionDueAt: createdAt,
      slaBreachedBefore: false,
      createdAt,
      updatedAt: resolvedAt ?? firstResponseAt ?? createdAt,
    });
    applySlaDeadlines(ticket, { policy: DEFAULT_SLA, time: { ...DEFAULT_AGENCY_TIME, zone: SEED_ZONES[slug] ?? 'UTC' } });
    later.push(() => seedHistory(em, agency.id, ticket, s, userId, at));
  });
  await em.flush(); // notes, time and timeline reference the tickets
  later.forEach((write) => write());
  await em.flush();
  await em.getConnection().execute(
    `insert into tickets.ticket_counter (agency_id, last_number) values (?, ?)
       on conflict (agency_id) do update set last_number = greatest(tickets.ticket_counter.last_number, excluded.last_number)`,
    [agency.id, ordered.length],
    'run',
    em.getTransactionContext(),
  );
  return ordered.length;
}

function seedHistory(
  em: EntityManager,
  agencyId: string,
  ticket: Ticket,
  s: SeedTicket,
  userId: (h: string) => string,
  at: (minutes: number) => Date,
) {
  const activity = (kind: ActivityKind, actor: string, when: Date, data: Record<string, unknown>) =>
    em.create(TicketActivitySchema, {
      id: randomUUID(),
      agencyId,
      ticketId: ticket.id,
      actorId: userId(actor),
      kind,
      data,
      createdAt: when,
    });
  activity('created', s.createdBy, ticket.createdAt, { number: ticket.number, priority: s.priority, assigneeId: null });
  if (s.assignee) activity('assignee', s.createdBy, at(2), { from: null, to: userId(s.assignee) });
  const responder = s.assignee ?? s.createdBy;
  if (s.firstResponseAfter !== null && s.status !== 'new') {
    activity('status', responder, at(s.firstResponseAfter), { from: 'new', to: 'in_progress' });
    if (s.status === 'waiting_client')
      activity('status', responder, at(s.firstResponseAfter + 5), { from: 'in_progress', to: 'waiting_client' });
  }
  for (const n of s.notes ?? []) {
    const note = em.create(TicketNoteSchema, {
      id: randomUUID(),
      agencyId,
      ticketId: ticket.id,
      authorId: userId(n.by),
      body: n.body,
      visibility: n.visibility,
      createdAt: at(n.after),
    });
    activity('note', n.by, note.createdAt, { noteId: note.id, visibility: n.visibility, body: n.body });
  }
  (s.time ?? []).forEach(([who, minutes, note], i) => {
    const spentAt = new Date(Math.min(at((s.firstResponseAfter ?? 30) + 30 * (i + 1)).getTime(), Date.now()));
    em.create(TimeEntrySchema, {
      id: randomUUID(),
      agencyId,
      ticketId: ticket.id,
      userId: userId(who),
      minutes,
      note,
      spentAt,
      createdAt: spentAt,
    });
    activity('time', who, spentAt, { minutes, note, totalMinutes: null });
  });
  if (ticket.resolvedAt) {
    activity('resolved', s.resolvedBy ?? responder, ticket.resolvedAt, {
      from: 'in_progress',
      to: 'resolved',
      resolutionNotes: ticket.resolutionNotes,
    });
  }
}

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const chase = await seedAgency(em, demo, demo.chase.slug, chaseTickets);
  const northwind = await seedAgency(em, demo, demo.northwind.slug, northwindTickets);
  log(`tickets: ${chase} for ${demo.chase.name}, ${northwind} for ${demo.northwind.name}`);
}
