/**
 * SLAs. Each ticket keeps its two deadlines (fixed from the agency's policy when it is
 * created or its priority changes), so the list can filter on them in SQL and a later policy
 * change does not silently move deadlines that people have already been working towards.
 * The state shown to people is derived from those deadlines at read time.
 */
import type { TenantScope } from '@audienceos/module-sdk';
import { AT_RISK_SHARE, DEFAULT_SLA, PRIORITIES, type Priority, type SlaTargets } from './constants';
import { SlaPolicySchema, type Ticket } from './entities';

export type SlaPolicyMap = Record<Priority, SlaTargets>;
export type SlaState = 'ok' | 'at_risk' | 'breached';

export interface SlaClock {
  /** Target in minutes (the window between creation and the deadline). */
  target: number;
  dueAt: string;
  /** Done in time. */
  met: boolean;
  /** Done late, or not done and past the deadline. */
  breached: boolean;
  /** Minutes until the deadline while not done (negative once overdue); null once done. */
  remainingMinutes: number | null;
}

export interface TicketSla {
  firstResponse: SlaClock;
  resolution: SlaClock;
  state: SlaState;
}

/** The agency's policy: stored rows over the defaults. */
export async function loadSlaPolicy(db: TenantScope): Promise<SlaPolicyMap> {
  const rows = await db.find(SlaPolicySchema, {});
  const policy = structuredClone(DEFAULT_SLA);
  for (const row of rows)
    policy[row.priority] = { firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes };
  return policy;
}

const addMinutes = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

/** Set both deadlines from the creation time and the priority's targets. */
export function applySlaDeadlines(
  ticket: Pick<Ticket, 'createdAt' | 'priority' | 'firstResponseDueAt' | 'resolutionDueAt'>,
  policy: SlaPolicyMap,
): void {
  const targets = policy[ticket.priority];
  ticket.firstResponseDueAt = addMinutes(ticket.createdAt, targets.firstResponseMinutes);
  ticket.resolutionDueAt = addMinutes(ticket.createdAt, targets.resolutionMinutes);
}

function clock(createdAt: Date, dueAt: Date, doneAt: Date | null | undefined, now: Date): SlaClock & { atRisk: boolean } {
  const target = Math.round((dueAt.getTime() - createdAt.getTime()) / 60_000);
  if (doneAt) {
    const late = doneAt.getTime() > dueAt.getTime();
    return { target, dueAt: dueAt.toISOString(), met: !late, breached: late, remainingMinutes: null, atRisk: false };
  }
  const remaining = Math.floor((dueAt.getTime() - now.getTime()) / 60_000);
  const breached = remaining < 0;
  return {
    target,
    dueAt: dueAt.toISOString(),
    met: false,
    breached,
    remainingMinutes: remaining,
    atRisk: !breached && remaining <= target * AT_RISK_SHARE,
  };
}

export function ticketSla(ticket: Ticket, now = new Date()): TicketSla {
  const { atRisk: frRisk, ...firstResponse } = clock(ticket.createdAt, ticket.firstResponseDueAt, ticket.firstResponseAt, now);
  const { atRisk: resRisk, ...resolution } = clock(ticket.createdAt, ticket.resolutionDueAt, ticket.resolvedAt, now);
  const state: SlaState = firstResponse.breached || resolution.breached ? 'breached' : frRisk || resRisk ? 'at_risk' : 'ok';
  return { firstResponse, resolution, state };
}

/**
 * The same rules in SQL, for list filters and KPIs (`t` is the ticket table's alias).
 * Keep in step with `clock()` above.
 */
export function breachedSql(t: string): string {
  // coalesce: a comparison with a null timestamp is null, and `not null` would hide at-risk rows
  return `coalesce((${t}.first_response_at is null and ${t}.first_response_due_at < now())
    or ${t}.first_response_at > ${t}.first_response_due_at
    or (${t}.resolved_at is null and ${t}.resolution_due_at < now())
    or ${t}.resolved_at > ${t}.resolution_due_at, false)`;
}

export function atRiskSql(t: string): string {
  const risky = (due: string, done: string) =>
    `(${t}.${done} is null and ${t}.${due} >= now() and ${t}.${due} - now() <= (${t}.${due} - ${t}.created_at) * ${AT_RISK_SHARE})`;
  return `(not ${breachedSql(t)} and (${risky('first_response_due_at', 'first_response_at')} or ${risky('resolution_due_at', 'resolved_at')}))`;
}

export function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}
