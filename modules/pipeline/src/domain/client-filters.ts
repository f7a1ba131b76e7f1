/** The list filters (query string → query condition), shared by the list and the board. */
import type { Health } from '../entities';
import { raw, textMatch, type ClientScope } from '@audienceos/module-sdk';
import { scopeWhere } from './access';
import { healthWhere, type HealthThresholds } from './health';

export interface ClientFilters {
  q?: string;
  /** One stage key or several, comma-separated (`onboarding,installation`). */
  stage?: string;
  health?: Health;
  owner?: string;
  tag?: string;
  archived?: boolean;
  /** Created in `[createdFrom, createdTo)` (ISO instants): the "new clients" KPI's drill-down. */
  createdFrom?: Date;
  createdTo?: Date;
  /**
   * `stage` and `health` as they were at this instant (or now, if later), replayed from the
   * stage history as the snapshot KPIs count them (kpis.ts `asOf`): a past period's drill-down
   * for "active onboardings" and "at-risk clients" lists what the card counted at its end.
   */
  asOf?: Date;
}

export const clientFilterParams = {
  q: { type: 'string', max: 100, trim: true, optional: true },
  stage: { type: 'string', max: 400, pattern: /^[a-z0-9-]+(,[a-z0-9-]+)*$/, optional: true },
  health: { type: 'enum', values: ['green', 'yellow', 'red'], optional: true },
  owner: { type: 'uuid', optional: true },
  tag: { type: 'string', max: 32, trim: true, optional: true },
  archived: { type: 'boolean', convert: true, optional: true },
  createdFrom: { type: 'date', convert: true, optional: true },
  createdTo: { type: 'date', convert: true, optional: true },
  asOf: { type: 'date', convert: true, optional: true },
} as const;

const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;
const int = (n: number) => String(Math.trunc(n));

/**
 * The client as of `t`: created before it, not archived by then, its stage the `to_stage` of its
 * latest stage event before it, its health the override set before it or else the days since
 * that event against the thresholds. The same SQL as the snapshot KPIs, so the counts agree.
 */
function asOfWhere(filters: ClientFilters, policy: HealthThresholds, at: Date): Record<string, unknown> {
  const t = ts(at);
  const last = (a: string, col: string) =>
    `(select e.${col} from pipeline.stage_event e where e.client_id = ${a}.id and e.at < ${t} order by e.at desc, e.id desc limit 1)`;
  const conditions = (a: string) => {
    const parts = [`${a}.created_at < ${t}`, `(${a}.archived_at is null or ${a}.archived_at >= ${t})`, `${last(a, 'to_stage')} is not null`];
    if (filters.stage) parts.push(`${last(a, 'to_stage')} = any(array[${filters.stage.split(',').map((k) => `'${k}'`).join(',')}]::text[])`);
    if (filters.health) {
      const days = `(${t} - ${last(a, 'at')})`;
      const byDays = { red: `${days} >= make_interval(days => ${int(policy.redAfterDays)})`, yellow: `${days} >= make_interval(days => ${int(policy.yellowAfterDays)}) and ${days} < make_interval(days => ${int(policy.redAfterDays)})`, green: `${days} < make_interval(days => ${int(policy.yellowAfterDays)})` }[filters.health];
      parts.push(`(case when ${a}.health_override is not null and ${a}.health_overridden_at < ${t} then ${a}.health_override = '${filters.health}' else (${byDays}) end)`);
    }
    return `(${parts.join(' and ')})`;
  };
  return { [raw(conditions)]: true };
}

export function clientWhere(filters: ClientFilters, scope: ClientScope, policy: HealthThresholds, now: Date): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [scopeWhere(scope)];
  if (filters.asOf) {
    // History replaces the current stage, health and archived state; the other filters still apply.
    clauses.push(asOfWhere(filters, policy, filters.asOf.getTime() < now.getTime() ? filters.asOf : now));
    filters = { ...filters, stage: undefined, health: undefined };
  }
  // A creation period is history: it lists every client created then (as the KPI counts them), archived since or not, unless `archived` says.
  const byCreation = filters.createdFrom !== undefined || filters.createdTo !== undefined || filters.asOf !== undefined;
  if (!byCreation || filters.archived !== undefined) clauses.push({ archivedAt: filters.archived ? { $ne: null } : null });
  if (filters.createdFrom) clauses.push({ createdAt: { $gte: filters.createdFrom } });
  if (filters.createdTo) clauses.push({ createdAt: { $lt: filters.createdTo } });
  if (filters.stage) clauses.push({ stage: { $in: filters.stage.split(',') } });
  if (filters.health) clauses.push(healthWhere(filters.health, policy, now));
  if (filters.owner) clauses.push({ ownerId: filters.owner });
  if (filters.tag) clauses.push({ tags: { $contains: [filters.tag] } });
  if (filters.q) {
    // Literal, case- and accent-insensitive (the SDK's one text matcher).
    clauses.push(textMatch(['name', 'company', 'contactName', 'contactEmail'], filters.q));
  }
  return { $and: clauses };
}
