/**
 * KPI figures for the dashboard, on the SDK's KPI contract (`defineKpis`): the SDK hands each
 * figure the period `[from, to)`, the agency's zone and its buckets, and fills empty values.
 *
 * Every figure is read from history, never from a ticket's current state, so a later change
 * does not rewrite a past period: resolutions are the timeline's `resolved` lines (a reopened
 * ticket keeps its earlier resolution), open tickets at an instant replay the timeline's
 * resolve/reopen lines, support hours are time entries by the time they were spent. Members
 * get figures over their clients only. `link` is the list behind the figure with the same
 * definition (`{from}`/`{to}`: the card's period).
 */
import { BUCKETS_SQL, bucketParams, defineKpis, now as clockNow, type ActionContext, type KpiFigures, type KpiPeriod, type KpiProvider } from '@audienceos/module-sdk';
import { clientScopeOf } from './access';
import { breachedSql } from './sla';

const T = 't';

/**
 * One measure per bucket: `perBucket` is a scalar subquery over `b.bucket_start`/`b.bucket_end`
 * (and `p.now`, the platform clock) with `$scope` for the caller's client scope.
 */
async function measure(ctx: ActionContext, buckets: { start: Date; end: Date }[], perBucket: string): Promise<(number | null)[]> {
  const scope = await clientScopeOf(ctx);
  const period = { buckets } as KpiPeriod;
  // `$scope` twice-bound would need positional params; the flag and list are bound once in a CTE.
  const rows = await ctx.db.sql<{ i: string; value: number | string | null }>(
    `with p as (select ?::boolean as all_clients, string_to_array(?, ',')::uuid[] as clients, ?::timestamptz as now)
     select b.i, ${perBucket.replaceAll('$scope', `(p.all_clients or ${T}.client_id = any(p.clients))`)} as value
       from p, ${BUCKETS_SQL} order by b.i`,
    [scope.all, scope.read.join(','), clockNow().toISOString(), ...bucketParams(period)],
  );
  return rows.map((r) => (r.value === null ? null : Number(r.value)));
}

/** The whole period as one bucket and every bucket: most figures are not additive (averages, snapshots). */
async function figures(ctx: ActionContext, period: KpiPeriod, perBucket: string, snapshot = false): Promise<KpiFigures> {
  const series = await measure(ctx, period.buckets, perBucket);
  if (snapshot) return { value: series[series.length - 1] ?? null, series };
  const [value] = await measure(ctx, [{ start: period.from, end: period.to }], perBucket);
  return { value: value ?? null, series };
}

const ticketIn = `${T}.agency_id = $agency and $scope`;

/** Open at the end of the bucket (or now, if earlier): created before, and not resolved then by the timeline. */
const OPEN_AT = `(select count(*)::float from tickets.ticket ${T}
   where ${ticketIn} and ${T}.created_at < least(b.bucket_end, p.now)
     and coalesce((select a.kind from tickets.activity a where a.ticket_id = ${T}.id and a.kind in ('resolved', 'reopened')
                    and a.created_at < least(b.bucket_end, p.now) order by a.created_at desc, a.id desc limit 1), 'reopened') <> 'resolved')`;

const SUPPORT_HOURS = `(select round(coalesce(sum(e.minutes), 0) / 60.0, 1)::float from tickets.time_entry e
   join tickets.ticket ${T} on ${T}.id = e.ticket_id where ${ticketIn} and e.spent_at >= b.bucket_start and e.spent_at < b.bucket_end)`;

/** Hours from opening to each resolution on the timeline (a reopened and re-resolved ticket counts both). */
const RESOLUTION_HOURS = `(select round((avg(extract(epoch from a.created_at - ${T}.created_at)) / 3600)::numeric, 1)::float
   from tickets.activity a join tickets.ticket ${T} on ${T}.id = a.ticket_id
  where ${ticketIn} and a.kind = 'resolved' and a.created_at >= b.bucket_start and a.created_at < b.bucket_end)`;

/** Tickets opened in the bucket whose SLA was breached (as the list's `sla=breached` filter says, at the same clock). */
const breaches = (now: Date) => `(select count(*)::float from tickets.ticket ${T}
   where ${ticketIn} and ${T}.created_at >= b.bucket_start and ${T}.created_at < b.bucket_end and ${breachedSql(T, now)})`;

/** Minutes from opening to the first response (set once, never rewritten), by the time of the response. */
const FIRST_RESPONSE_MINUTES = `(select round(avg(extract(epoch from ${T}.first_response_at - ${T}.created_at)) / 60)::float
   from tickets.ticket ${T} where ${ticketIn} and ${T}.first_response_at >= b.bucket_start and ${T}.first_response_at < b.bucket_end)`;

const KPIS: Record<string, KpiProvider> = {
  'open-tickets': {
    label: 'Open tickets',
    unit: 'count',
    aggregate: 'snapshot',
    lowerIsBetter: true,
    link: '/tickets?openAt={to}',
    compute: (ctx, period) => figures(ctx, period, OPEN_AT, true),
  },
  'support-hours': {
    label: 'Support hours',
    unit: 'hours',
    aggregate: 'sum',
    link: '/tickets?in=timeLogged&from={from}&to={to}',
    compute: (ctx, period) => figures(ctx, period, SUPPORT_HOURS),
  },
  'avg-resolution-time': {
    label: 'Average resolution time',
    unit: 'hours',
    aggregate: 'average',
    lowerIsBetter: true,
    link: '/tickets?in=resolved&from={from}&to={to}',
    compute: (ctx, period) => figures(ctx, period, RESOLUTION_HOURS),
  },
  'sla-breaches': {
    label: 'SLA breaches',
    unit: 'count',
    aggregate: 'sum',
    lowerIsBetter: true,
    link: '/tickets?sla=breached&in=created&from={from}&to={to}',
    compute: (ctx, period) => figures(ctx, period, breaches(clockNow())),
  },
  'first-response-time': {
    label: 'First response time',
    unit: 'minutes',
    aggregate: 'average',
    lowerIsBetter: true,
    link: '/tickets?in=responded&from={from}&to={to}',
    compute: (ctx, period) => figures(ctx, period, FIRST_RESPONSE_MINUTES),
  },
};

export const ticketKpis = defineKpis({ action: 'tickets.kpi', permission: 'tickets:read', kpis: KPIS });
export const kpiDeclarations = ticketKpis.declarations;
export const KPI_IDS = Object.keys(KPIS);
