/**
 * KPI figures for the dashboard (`tickets.kpi` with `{id, from, to}` → `{value, series}`).
 * Each figure is one SQL aggregate over the period, plus the same aggregate per day (per week
 * for long periods) for the sparkline. Members get figures over their clients only.
 */
import type { KpiDeclaration } from '@audienceos/module-sdk';
import { breachedSql } from './sla';

export const KPIS = {
  'open-tickets': { label: 'Open tickets', unit: 'count', lowerIsBetter: true, link: '/tickets?status=open' },
  'support-hours': { label: 'Support hours', unit: 'hours', link: '/tickets?sort=updatedAt' },
  'avg-resolution-time': { label: 'Average resolution time', unit: 'hours', lowerIsBetter: true, link: '/tickets?status=resolved' },
  'sla-breaches': { label: 'SLA breaches', unit: 'count', lowerIsBetter: true, link: '/tickets?sla=breached' },
  'first-response-time': { label: 'First response time', unit: 'minutes', lowerIsBetter: true, link: '/tickets?sort=createdAt' },
} as const satisfies Record<string, Omit<KpiDeclaration, 'id' | 'action'>>;

export type KpiId = keyof typeof KPIS;

export const kpiDeclarations: KpiDeclaration[] = Object.entries(KPIS).map(([id, k]) => ({
  id,
  action: 'tickets.kpi',
  permission: 'tickets:read',
  ...k,
}));

interface KpiQuery {
  /** Value over the whole period: `$from`, `$to` and `$scope` are bound by the runner. */
  total: string;
  /** Value per bucket `b` (`b.bucket_start` … `b.bucket_end`). */
  perBucket: string;
  /** Point-in-time figures count every bucket; averages skip empty ones. */
  keepEmpty: boolean;
}

const T = 't';
const scoped = `${T}.agency_id = $agency and ($all or ${T}.client_id = any($clients))`;

export const KPI_SQL: Record<KpiId, KpiQuery> = {
  'open-tickets': {
    total: `select count(*)::float as value from tickets.ticket ${T} where ${scoped}
              and ${T}.created_at <= $to and (${T}.resolved_at is null or ${T}.resolved_at > $to)`,
    perBucket: `(select count(*)::float from tickets.ticket ${T} where ${scoped}
              and ${T}.created_at <= b.bucket_end and (${T}.resolved_at is null or ${T}.resolved_at > b.bucket_end))`,
    keepEmpty: true,
  },
  'support-hours': {
    total: `select round(coalesce(sum(e.minutes), 0) / 60.0, 1)::float as value from tickets.time_entry e
              join tickets.ticket ${T} on ${T}.id = e.ticket_id where ${scoped} and e.spent_at >= $from and e.spent_at < $to`,
    perBucket: `(select round(coalesce(sum(e.minutes), 0) / 60.0, 1)::float from tickets.time_entry e
              join tickets.ticket ${T} on ${T}.id = e.ticket_id where ${scoped} and e.spent_at >= b.bucket_start and e.spent_at < b.bucket_end)`,
    keepEmpty: true,
  },
  'avg-resolution-time': {
    total: `select round((avg(extract(epoch from ${T}.resolved_at - ${T}.created_at)) / 3600)::numeric, 1)::float as value
              from tickets.ticket ${T} where ${scoped} and ${T}.resolved_at >= $from and ${T}.resolved_at < $to`,
    perBucket: `(select round((avg(extract(epoch from ${T}.resolved_at - ${T}.created_at)) / 3600)::numeric, 1)::float
              from tickets.ticket ${T} where ${scoped} and ${T}.resolved_at >= b.bucket_start and ${T}.resolved_at < b.bucket_end)`,
    keepEmpty: false,
  },
  'sla-breaches': {
    total: `select count(*)::float as value from tickets.ticket ${T} where ${scoped}
              and ${T}.created_at >= $from and ${T}.created_at < $to and ${breachedSql(T)}`,
    perBucket: `(select count(*)::float from tickets.ticket ${T} where ${scoped}
              and ${T}.created_at >= b.bucket_start and ${T}.created_at < b.bucket_end and ${breachedSql(T)})`,
    keepEmpty: true,
  },
  'first-response-time': {
    total: `select round(avg(extract(epoch from ${T}.first_response_at - ${T}.created_at)) / 60)::float as value
              from tickets.ticket ${T} where ${scoped} and ${T}.first_response_at >= $from and ${T}.first_response_at < $to`,
    perBucket: `(select round(avg(extract(epoch from ${T}.first_response_at - ${T}.created_at)) / 60)::float
              from tickets.ticket ${T} where ${scoped} and ${T}.first_response_at >= b.bucket_start and ${T}.first_response_at < b.bucket_end)`,
    keepEmpty: false,
  },
};

export interface KpiRequest {
  id: KpiId;
  from: Date;
  to: Date;
  /** null: every client of the agency. */
  clientIds: string[] | null;
}

export interface KpiResult {
  value: number;
  series: { date: string; value: number }[];
}

type Sql = <R>(query: string, params: unknown[]) => Promise<R[]>;

const DAY_MS = 86_400_000;

/** Replace the named tokens with positional ones (`$agency` is left to TenantScope.sql). */
function bind(query: string, named: Record<string, unknown>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = query.replace(/\$(from|to|all|clients|step)\b/g, (_m, name: string) => {
    params.push(named[name]);
    const cast = name === 'clients' ? '::uuid[]' : name === 'all' ? '::boolean' : name === 'step' ? '::interval' : '::timestamptz';
    return `?${cast}`;
  });
  return { sql, params };
}

export async function computeKpi(sql: Sql, req: KpiRequest): Promise<KpiResult> {
  const query = KPI_SQL[req.id];
  const step = req.to.getTime() - req.from.getTime() > 92 * DAY_MS ? '7 days' : '1 day';
  const named = {
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    all: req.clientIds === null,
    // a Postgres array literal: the driver would expand a JS array into a list of parameters
    clients: `{${(req.clientIds ?? []).join(',')}}`,
    step,
  };
  const total = bind(query.total, named);
  const [row] = await sql<{ value: number | null }>(total.sql, total.params);
  const buckets = bind(
    `select b.bucket_start, ${query.perBucket} as value from (
       select gs as bucket_start, least(gs + $step, $to) as bucket_end
         from generate_series($from, $to - interval '1 microsecond', $step) gs
     ) b order by b.bucket_start`,
    named,
  );
  const rows = await sql<{ bucket_start: Date | string; value: number | null }>(buckets.sql, buckets.params);
  const series = rows
    .filter((r) => query.keepEmpty || r.value !== null)
    .map((r) => ({ date: new Date(r.bucket_start).toISOString().slice(0, 10), value: Number(r.value ?? 0) }));
  return { value: Number(row?.value ?? 0), series };
}
