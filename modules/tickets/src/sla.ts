/**
 * SLAs in business hours (the Zendesk / Chatwoot model). Each ticket keeps its two deadlines,
 * fixed from the agency's policy when its clocks start (creation; a reopen starts a new
 * resolution clock; a priority change re-times them), so lists can filter on them in SQL
 * and a later policy change does not silently move deadlines people work towards.
 *
 * A target of N minutes is N minutes of the agency's business hours (per weekday, in its zone,
 * holidays closed: settings profile through the SDK's `agencyTime`). While a ticket waits on
 * the client the clocks stop (agency setting, on by default): `slaPausedAt` is set, and on
 * leaving that status each running deadline moves out by the business time it was stopped.
 * The state shown to people is derived from the deadlines at read time.
 */
import { addBusinessMinutes, agencyTime, businessMinutesBetween, now as clockNow, type ActionContext, type AgencyTime, type TenantScope } from '@audienceos/module-sdk';
import { AT_RISK_SHARE, DEFAULT_SLA, PRIORITIES, type Priority, type SlaTargets } from './constants';
import { SlaPolicySchema, type Ticket } from './entities';

export type SlaPolicyMap = Record<Priority, SlaTargets>;
export type SlaState = 'ok' | 'at_risk' | 'breached';

export interface SlaClock {
  /** Target in business minutes. */
  target: number;
  /** Deadline (ISO instant; shown in the agency's zone). While paused, it moves when the clock resumes. */
  dueAt: string;
  /** Done in time. */
  met: boolean;
  /** Done late, or not done and past the deadline (an earlier late resolution before a reopen counts too). */
  breached: boolean;
  /** Calendar minutes until the deadline while running (negative once overdue; frozen while paused); null once done. */
  remainingMinutes: number | null;
}

export interface TicketSla {
  firstResponse: SlaClock;
  resolution: SlaClock;
  state: SlaState;
  /** The clocks are stopped: the ticket waits on the client. */
  paused: boolean;
  pausedAt: string | null;
}

/** What the SLA rules need of the agency, loaded once per call. */
export interface SlaContext {
  policy: SlaPolicyMap;
  time: AgencyTime;
}

/** The agency's policy: stored rows over the defaults. */
export async function loadSlaPolicy(db: TenantScope): Promise<SlaPolicyMap> {
  const rows = await db.find(SlaPolicySchema, {});
  const policy = structuredClone(DEFAULT_SLA);
  for (const row of rows)
    policy[row.priority] = { firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes };
  return policy;
}

/** The policy and the agency's business calendar (settings; UTC and 09:00–17:30 weekdays when settings is down). */
export async function slaContext(ctx: ActionContext): Promise<SlaContext> {
  const [policy, time] = await Promise.all([loadSlaPolicy(ctx.db), agencyTime(ctx)]);
  return { policy, time };
}

type Clocked = Pick<
  Ticket,
  | 'createdAt'
  | 'priority'
  | 'firstResponseDueAt'
  | 'resolutionDueAt'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'resolutionClockStart'
  | 'slaPausedAt'
  | 'slaBreachedBefore'
  | 'firstResponseTarget'
  | 'resolutionTarget'
>;

/** Set both deadlines: first response from creation, resolution from the start of the current resolution clock. */
export function applySlaDeadlines(ticket: Clocked, sla: SlaContext): void {
  const targets = sla.policy[ticket.priority];
  ticket.firstResponseTarget = targets.firstResponseMinutes;
  ticket.resolutionTarget = targets.resolutionMinutes;
  ticket.firstResponseDueAt = addBusinessMinutes(ticket.createdAt, targets.firstResponseMinutes, sla.time);
  ticket.resolutionDueAt = addBusinessMinutes(ticket.resolutionClockStart ?? ticket.createdAt, targets.resolutionMinutes, sla.time);
}

/** Stop the clocks (entering "waiting on client"), when the agency pauses them. */
export function pauseSla(ticket: Clocked, sla: SlaContext, at: Date = clockNow()): void {
  if (sla.time.slaPauseWhileWaiting && !ticket.slaPausedAt && !ticket.resolvedAt) ticket.slaPausedAt = at;
}

/** Restart stopped clocks: each running deadline keeps the business time it had left when stopped. */
export function resumeSla(ticket: Clocked, sla: SlaContext, at: Date = clockNow()): void {
  const since = ticket.slaPausedAt;
  if (!since) return;
  const move = (due: Date) => (due > since ? addBusinessMinutes(at, businessMinutesBetween(since, due, sla.time), sla.time) : due);
  if (!ticket.firstResponseAt) ticket.firstResponseDueAt = move(ticket.firstResponseDueAt);
  if (!ticket.resolvedAt) ticket.resolutionDueAt = move(ticket.resolutionDueAt);
  ticket.slaPausedAt = null;
}

/** A reopen: remember a late earlier resolution, and start a new resolution clock. */
export function restartResolutionClock(ticket: Clocked, sla: SlaContext, at: Date = clockNow()): void {
  if (ticket.resolvedAt && ticket.resolvedAt > ticket.resolutionDueAt) ticket.slaBreachedBefore = true;
  ticket.resolutionClockStart = at;
  ticket.resolutionTarget = sla.policy[ticket.priority].resolutionMinutes;
  ticket.resolutionDueAt = addBusinessMinutes(at, sla.policy[ticket.priority].resolutionMinutes, sla.time);
}

function clock(start: Date, dueAt: Date, doneAt: Date | null | undefined, pausedAt: Date | null | undefined, now: Date): SlaClock & { atRisk: boolean } {
  const target = Math.round((dueAt.getTime() - start.getTime()) / 60_000);
  if (doneAt) {
    const late = doneAt.getTime() > dueAt.getTime();
    return { target, dueAt: dueAt.toISOString(), met: !late, breached: late, remainingMinutes: null, atRisk: false };
  }
  const at = pausedAt ?? now;
  const remaining = Math.floor((dueAt.getTime() - at.getTime()) / 60_000);
  const breached = remaining < 0;
  // At risk: no more than a quarter of the window left (in calendar time, as the SQL filter counts it).
  return { target, dueAt: dueAt.toISOString(), met: false, breached, remainingMinutes: remaining, atRisk: !breached && !pausedAt && remaining <= target * AT_RISK_SHARE };
}

/** The ticket's SLA as shown: both clocks, the overall state, and whether the clocks are paused. */
export function ticketSla(ticket: Ticket, now = clockNow()): TicketSla {
  const paused = ticket.slaPausedAt ?? null;
  const { atRisk: frRisk, ...firstResponse } = clock(ticket.createdAt, ticket.firstResponseDueAt, ticket.firstResponseAt, paused, now);
  const { atRisk: resRisk, ...resolution } = clock(ticket.resolutionClockStart ?? ticket.createdAt, ticket.resolutionDueAt, ticket.resolvedAt, paused, now);
  // Rows from before business-hours clocks have no stored target: their calendar window stands in.
  if (ticket.firstResponseTarget) firstResponse.target = ticket.firstResponseTarget;
  if (ticket.resolutionTarget) resolution.target = ticket.resolutionTarget;
  if (ticket.slaBreachedBefore) resolution.breached = true;
  const state: SlaState = firstResponse.breached || resolution.breached ? 'breached' : frRisk || resRisk ? 'at_risk' : 'ok';
  return { firstResponse, resolution, state, paused: Boolean(paused), pausedAt: paused ? paused.toISOString() : null };
}

const literal = (at: Date) => `'${at.toISOString()}'::timestamptz`;

/**
 * The same rules in SQL, for list filters and KPIs (`t` is the ticket table's alias; `now`
 * the platform clock, inlined as a literal it generates itself). Keep in step with `clock()`.
 */
export function breachedSql(t: string, now: Date = clockNow()): string {
  const at = `coalesce(${t}.sla_paused_at, ${literal(now)})`;
  // coalesce: a comparison with a null timestamp is null, and `not null` would hide at-risk rows
  return `coalesce(${t}.sla_breached_before
    or (${t}.first_response_at is null and ${t}.first_response_due_at < ${at})
    or ${t}.first_response_at > ${t}.first_response_due_at
    or (${t}.resolved_at is null and ${t}.resolution_due_at < ${at})
    or ${t}.resolved_at > ${t}.resolution_due_at, false)`;
}

export function atRiskSql(t: string, now: Date = clockNow()): string {
  const n = literal(now);
  const risky = (due: string, done: string, start: string) =>
    `(${t}.${done} is null and ${t}.${due} >= ${n} and ${t}.${due} - ${n} <= (${t}.${due} - ${start}) * ${AT_RISK_SHARE})`;
  return `(not ${breachedSql(t, now)} and ${t}.sla_paused_at is null and (${risky('first_response_due_at', 'first_response_at', `${t}.created_at`)} or ${risky('resolution_due_at', 'resolved_at', `coalesce(${t}.resolution_clock_start, ${t}.created_at)`)}))`;
}

export function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}
