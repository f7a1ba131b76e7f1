import { EntitySchema, type Opt } from '@audienceos/module-sdk';
import type { Category, NoteVisibility, Priority, Status } from './constants';

export class Ticket {
  id!: string;
  agencyId!: string;
  /** Per-agency, consecutive; handed out by `ticket_counter` inside the create transaction. */
  number!: number;
  title!: string;
  description = '';
  clientId!: string;
  category!: Category;
  priority!: Priority;
  priorityRank!: number;
  status!: Status;
  assigneeId?: string | null;
  dueAt?: Date | null;
  timeSpentMinutes = 0;
  resolutionNotes?: string | null;
  resolvedBy?: string | null;
  resolvedAt?: Date | null;
  /** Null when the platform (an automation) created it. */
  createdBy?: string | null;
  firstResponseAt?: Date | null;
  /** SLA deadlines, fixed from the agency policy at creation and on priority changes. */
  firstResponseDueAt!: Date;
  resolutionDueAt!: Date;
  /** The policy's targets (business minutes) the deadlines were set from. */
  firstResponseTarget?: number | null;
  resolutionTarget?: number | null;
  /** Start of the current resolution clock: creation, or the last reopen (null: creation). */
  resolutionClockStart?: Date | null;
  /** The SLA clocks are stopped since then (waiting on the client). */
  slaPausedAt?: Date | null;
  /** A resolution before a reopen was late: the breach stays on the record. */
  slaBreachedBefore = false;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  /** +1 on every saved change (MikroORM's optimistic lock): the `ETag` that `If-Match` names. */
  version: Opt<number> = 1;
}

export class TicketNote {
  id!: string;
  agencyId!: string;
  ticketId!: string;
  authorId?: string | null;
  body!: string;
  visibility!: NoteVisibility;
  createdAt: Date = new Date();
}

export type ActivityKind = 'created' | 'status' | 'assignee' | 'priority' | 'updated' | 'note' | 'time' | 'resolved' | 'reopened';

export class TicketActivity {
  id!: string;
  agencyId!: string;
  ticketId!: string;
  actorId?: string | null;
  kind!: ActivityKind;
  data: Record<string, unknown> = {};
  createdAt: Date = new Date();
}

export class TimeEntry {
  id!: string;
  agencyId!: string;
  ticketId!: string;
  userId?: string | null;
  minutes!: number;
  note?: string | null;
  spentAt: Date = new Date();
  createdAt: Date = new Date();
}

export class SlaPolicy {
  agencyId!: string;
  priority!: Priority;
  firstResponseMinutes!: number;
  resolutionMinutes!: number;
  updatedAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const optUuid = { type: 'uuid', nullable: true } as const;
const ts = { type: 'Date', columnType: 'timestamptz' } as const;
const optTs = { ...ts, nullable: true } as const;

export const TicketSchema = new EntitySchema<Ticket>({
  class: Ticket,
  tableName: 'tickets.ticket',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    number: { type: 'integer' },
    title: { type: 'string' },
    description: { type: 'text' },
    clientId: uuid,
    category: { type: 'string' },
    priority: { type: 'string' },
    priorityRank: { type: 'smallint' },
    status: { type: 'string' },
    assigneeId: optUuid,
    dueAt: optTs,
    timeSpentMinutes: { type: 'integer' },
    resolutionNotes: { type: 'text', nullable: true },
    resolvedBy: optUuid,
    resolvedAt: optTs,
    createdBy: optUuid,
    firstResponseAt: optTs,
    firstResponseDueAt: ts,
    resolutionDueAt: ts,
    firstResponseTarget: { type: 'integer', nullable: true },
    resolutionTarget: { type: 'integer', nullable: true },
    resolutionClockStart: optTs,
    slaPausedAt: optTs,
    slaBreachedBefore: { type: 'boolean' },
    createdAt: ts,
    updatedAt: { ...ts, onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const TicketNoteSchema = new EntitySchema<TicketNote>({
  class: TicketNote,
  tableName: 'tickets.note',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    ticketId: uuid,
    authorId: optUuid,
    body: { type: 'text' },
    visibility: { type: 'string' },
    createdAt: ts,
  },
});

export const TicketActivitySchema = new EntitySchema<TicketActivity>({
  class: TicketActivity,
  tableName: 'tickets.activity',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    ticketId: uuid,
    actorId: optUuid,
    kind: { type: 'string' },
    data: { type: 'json' },
    createdAt: ts,
  },
});

export const TimeEntrySchema = new EntitySchema<TimeEntry>({
  class: TimeEntry,
  tableName: 'tickets.time_entry',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    ticketId: uuid,
    userId: optUuid,
    minutes: { type: 'integer' },
    note: { type: 'text', nullable: true },
    spentAt: ts,
    createdAt: ts,
  },
});

export const SlaPolicySchema = new EntitySchema<SlaPolicy>({
  class: SlaPolicy,
  tableName: 'tickets.sla_policy',
  properties: {
    agencyId: { ...uuid, primary: true },
    priority: { type: 'string', primary: true },
    firstResponseMinutes: { type: 'integer' },
    resolutionMinutes: { type: 'integer' },
    updatedAt: ts,
  },
});

export const entities = [TicketSchema, TicketNoteSchema, TicketActivitySchema, TimeEntrySchema, SlaPolicySchema];
