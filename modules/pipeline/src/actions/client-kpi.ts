/**
 * The figures the dashboard shows, for any period: one action answers every KPI the manifest
 * declares. Snapshot figures (active onboardings, at-risk) are read "as of" the end of the
 * period by replaying stage history, so a past period shows what was true then.
 */
import { clientScope, errors, type ActionContext, type ClientScope, type ModuleAction } from '@audienceos/module-sdk';
import { healthPolicy } from '../domain/health';
import { bucketStarts, bucketStep, type KpiAnswer, type Period } from '../domain/kpi-periods';
import { agencyStages, LIVE_STAGE } from '../domain/stages';
import { KPI_IDS, type KpiId } from '../manifest';

/** `(… or id in scope)` bound with a flag and a comma list: arrays do not survive raw bindings. */
function scopeSql(scope: ClientScope, column = 'c.id'): { sql: string; params: unknown[] } {
  return { sql: `(?::boolean or ${column}::text = any(string_to_array(?, ',')))`, params: [scope.all, scope.read.join(',')] };
}

/**
 * Clients matching `condition` as of each point in time: stage = `to_stage` of their latest
 * event at or before the point, not yet archived, already created. `condition` may use
 * `s.to_stage`, `s.at` (entered that stage) and `p.t` (the point).
 */
async function countAsOf(ctx: ActionContext, points: Date[], condition: string, conditionParams: unknown[], scope: ClientScope) {
  const inScope = scopeSql(scope);
  const rows = await ctx.db.sql<{ t: Date; value: string }>(
    `select p.t, count(c.id) as value
       from unnest(?::timestamptz[]) as p(t)
       left join lateral (
         select c.id from pipeline.client c
           join lateral (
             select e.to_stage, e.at from pipeline.stage_event e
              where e.client_id = c.id and e.at <= p.t order by e.at desc, e.id desc limit 1
           ) s on true
          where c.agency_id = $agency and c.created_at <= p.t and (c.archived_at is null or c.archived_at > p.t)
            and ${inScope.sql} and ${condition}
       ) c on true
      group by p.t order by p.t`,
    [`{${points.map((d) => d.toISOString()).join(',')}}`, ...inScope.params, ...conditionParams],
  );
  return rows.map((r) => ({ date: new Date(r.t).toISOString(), value: Number(r.value) }));
}

/** Series of a snapshot KPI: its value at the end of each bucket; the value at the end of the period. */
async function snapshot(ctx: ActionContext, period: Period, condition: string, params: unknown[], scope: ClientScope): Promise<KpiAnswer> {
  const now = new Date();
  const end = period.to < now ? period.to : now;
  const step = bucketStep(period);
  const starts = bucketStarts(period, step).filter((d) => d <= end);
  if (!starts.length) return { value: 0, series: [] }; // a period that has not begun yet
  const points = [...starts.slice(1).map((d) => new Date(d.getTime() - 1)), end];
  const values = await countAsOf(ctx, points, condition, params, scope);
  return { value: values[values.length - 1]?.value ?? 0, series: values.map((v, i) => ({ date: starts[i]!.toISOString(), value: v.value })) };
}

async function activeOnboardings(ctx: ActionContext, period: Period, scope: ClientScope): Promise<KpiAnswer> {
  // "Onboarding" is everything before Live in the agency's own order.
  const stages = await agencyStages(ctx);
  const live = stages.findIndex((s) => s.key === LIVE_STAGE);
  const keys = (live > 0 ? stages.slice(0, live) : stages.slice(0, 1)).map((s) => s.key);
  return snapshot(ctx, period, `s.to_stage = any(string_to_array(?, ','))`, [keys.join(',')], scope);
}

async function atRiskClients(ctx: ActionContext, period: Period, scope: ClientScope): Promise<KpiAnswer> {
  const policy = await healthPolicy(ctx);
  // A manual override counts from the moment it was set (earlier points use the rule).
  const red = `(case when c.health_override is not null and c.health_overridden_at <= p.t then c.health_override = 'red'
                     else p.t - s.at >= make_interval(days => ?) end)`;
  return snapshot(ctx, period, red, [policy.redAfterDays], scope);
}

async function averageInstallTime(ctx: ActionContext, period: Period, scope: ClientScope): Promise<KpiAnswer> {
  const inScope = scopeSql(scope);
  const step = bucketStep(period);
  // Install time: days from the client's creation to its first arrival in Live, counted in
  // the period in which it went live.
  const rows = await ctx.db.sql<{ bucket: Date; days: string; n: string }>(
    `with reached as (
       select e.client_id, min(e.at) as live_at from pipeline.stage_event e
        where e.agency_id = $agency and e.to_stage = ? group by e.client_id
     )
     select date_bin(?::interval, r.live_at, ?::timestamptz) as bucket,
            sum(extract(epoch from r.live_at - c.created_at) / 86400) as days, count(*) as n
       from reached r join pipeline.client c on c.id = r.client_id
      where c.agency_id = $agency and r.live_at >= ? and r.live_at <= ? and ${inScope.sql}
      group by 1`,
    [LIVE_STAGE, step, period.from, period.from, period.to, ...inScope.params],
  );
  const average = (days: number, n: number) => (n ? Math.round((days / n) * 10) / 10 : null);
  const byBucket = new Map(rows.map((r) => [new Date(r.bucket).toISOString(), average(Number(r.days), Number(r.n))]));
  const totalDays = rows.reduce((sum, r) => sum + Number(r.days), 0);
  const totalClients = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return {
    value: average(totalDays, totalClients),
    series: bucketStarts(period, step).map((d) => ({ date: d.toISOString(), value: byBucket.get(d.toISOString()) ?? null })),
  };
}

async function newClients(ctx: ActionContext, period: Period, scope: ClientScope): Promise<KpiAnswer> {
  const inScope = scopeSql(scope);
  const step = bucketStep(period);
  const rows = await ctx.db.sql<{ bucket: Date; n: string }>(
    `select date_bin(?::interval, c.created_at, ?::timestamptz) as bucket, count(*) as n
       from pipeline.client c
      where c.agency_id = $agency and c.created_at >= ? and c.created_at <= ? and ${inScope.sql}
      group by 1`,
    [step, period.from, period.from, period.to, ...inScope.params],
  );
  const byBucket = new Map(rows.map((r) => [new Date(r.bucket).toISOString(), Number(r.n)]));
  const series = bucketStarts(period, step).map((d) => ({ date: d.toISOString(), value: byBucket.get(d.toISOString()) ?? 0 }));
  return { value: series.reduce((sum, p) => sum + p.value, 0), series };
}

const KPIS: Record<KpiId, (ctx: ActionContext, period: Period, scope: ClientScope) => Promise<KpiAnswer>> = {
  'active-onboardings': activeOnboardings,
  'at-risk-clients': atRiskClients,
  'average-install-time': averageInstallTime,
  'new-clients': newClients,
};

export const clientKpiActions: Record<string, ModuleAction> = {
  kpi: {
    rest: 'GET /kpi',
    summary: 'One KPI of the manifest for a period: `{ value, series }` (members: over their clients)',
    permissions: ['clients:read'],
    params: { id: { type: 'enum', values: [...KPI_IDS] }, from: { type: 'date', convert: true }, to: { type: 'date', convert: true } },
    async handler(ctx: ActionContext<{ id: KpiId; from: Date; to: Date }>) {
      const { id, from, to } = ctx.params;
      if (from > to) throw errors.invalid({ field: 'to', message: "'to' must not be before 'from'", type: 'dateMin' });
      const scope = await clientScope(ctx);
      return KPIS[id](ctx, { from, to }, scope);
    },
  },
};
