/** The vocabulary of a ticket, shared by validation, SLA computation, seed and DTOs. */
export const CATEGORIES = ['technical', 'billing', 'campaign', 'general', 'escalation'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['new', 'in_progress', 'waiting_client', 'resolved'] as const;
export const OPEN_STATUSES = ['new', 'in_progress', 'waiting_client'] as const;
export const NOTE_VISIBILITIES = ['internal', 'client'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Status = (typeof STATUSES)[number];
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** Sorting by priority must follow severity, not the alphabet: a rank column is kept next to it. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** Defaults until an agency stores its own policy (PUT /tickets/sla-policy). */
export const DEFAULT_SLA: Record<Priority, SlaTargets> = {
  critical: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
  high: { firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  medium: { firstResponseMinutes: 8 * 60, resolutionMinutes: 72 * 60 },
  low: { firstResponseMinutes: 24 * 60, resolutionMinutes: 120 * 60 },
};

/** A target is "at risk" once no more than this share of its window is left. */
export const AT_RISK_SHARE = 0.25;

export const TICKET_EVENTS = {
  created: 'tickets.ticket.created',
  statusChanged: 'tickets.ticket.statusChanged',
  assigned: 'tickets.ticket.assigned',
  resolved: 'tickets.ticket.resolved',
  reopened: 'tickets.ticket.reopened',
  /** A note was added; `mentions` holds the user ids of `@[Name](user:<uuid>)` tokens in it. */
  noteAdded: 'tickets.note.added',
  /** An SLA clock crossed into "at risk" / past its deadline (the SLA scan, once per clock and deadline). */
  slaAtRisk: 'tickets.ticket.slaAtRisk',
  slaBreached: 'tickets.ticket.slaBreached',
} as const;

/** `@[Name](user:<uuid>)` tokens written by the note composer's people picker: the mentioned user ids (lower case, unique). */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/@\[[^\]\n]{1,120}\]\(user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi)) ids.add(m[1]!.toLowerCase());
  return [...ids].slice(0, 50);
}

/** pg-boss's schema for the tickets module (created by migration 0005) and its queue. */
export const JOB_SCHEMA = 'tickets_jobs';
export const SLA_SCAN_QUEUE = 'tickets-sla-scan';
