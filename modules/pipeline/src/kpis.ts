/**
 * The pipeline's KPIs on the SDK's KPI contract (`defineKpis`): the SDK hands each figure the
 * period `[from, to)`, the agency's zone and its buckets, and fills empty values. Figures come
 * from history: snapshot figures (active onboardings, at-risk) replay the stage history as of
 * the end of each bucket (or now, if earlier), install time uses the first arrival in Live,
 * new clients their creation time. `link`: the list behind the figure (`{from}`/`{to}` filled
 * in by the dashboard); snapshot figures link with `asOf={to}`, the list's replay of the same history.
 * Active onboardings answers its own `link` with the agency's stage keys before Live (the
 * declaration's fixed keys are only the default for a card that has not answered).
 */
import { BUCKETS_SQL, bucketParams, clientScope, defineKpis, now as clockNow, type ActionContext, type KpiFigures, type KpiPeriod, type KpiProvider } from '@audienceos/module-sdk';
import { healthPolicy } from './domain/health';
import { agencyStages, LIVE_STAGE } from './domain/stages';

/**
 * One value per bucket: `perBucket` is a scalar subquery that may use `b.bucket_start`,
 * `b.bucket_end`, `pt.t` (the end of the bucket, or now if earlier), and `$scope` for the
 * caller's clients (`c` is the client alias). `params` bind its own `?`s.
 */
async function measure(ctx: ActionContext, buckets: { start: Date; end: Date }[], perBucket: string, params: unknown[] = []): Promise<(number | null)[]> {
  const scope = await clientScope(ctx);
  const rows = await ctx.db.sql<{ i: string; value: number | string | null }>(
    `with p as (select ?::boolean as all_clients, string_to_array(?, ',') as ids, ?::timestamptz as now)
     select b.i, ${perBucket.replaceAll('$scope', '(p.all_clients or c.id::text = any(p.ids))')} as value
       from p, ${BUCKETS_SQL} cross join lateral (select least(b.bucket_end, p.now) as t) pt order by b.i`,
    [scope.all, scope.read.join(','), clockNow().toISOString(), ...params, ...bucketParams({ buckets } as KpiPeriod)],
  );
  return rows.map((r) => (r.value === null ? null : Number(r.value)));
}

async function figures(ctx: ActionContext, period: KpiPeriod, perBucket: string, params: unknown[], snapshot = false): Promise<KpiFigures> {
  const series = await measure(ctx, period.buckets, perBucket, params);
  if (snapshot) return { value: series[series.length - 1] ?? null, series };
  const [value] = await measure(ctx, [{ start: period.from, end: period.to }], perBucket, params);
  return { value: value ?? null, series };
}

/**
 * Clients matching `condition` just before `pt.t`: stage = `to_stage` of their latest event
 * before it, created before it, not archived by then. `condition` may use `s.to_stage`, `s.at`.
 */
const asOf = (condition: string) => `(select count(*)::float from pipeline.client c
   join lateral (select e.to_stage, e.at from pipeline.stage_event e
                  where e.client_id = c.id and e.at < pt.t order by e.at desc, e.id desc limit 1) s on true
  where c.agency_id = $agency and c.created_at < pt.t and (c.archived_at is null or c.archived_at >= pt.t)
    and $scope and ${condition})`;

async function activeOnboardings(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures> {
  // "Onboarding" is everything before Live in the agency's own order.
  const stages = await agencyStages(ctx);
  const live = stages.findIndex((s) => s.key === LIVE_STAGE);
  const keys = (live > 0 ? stages.slice(0, live) : stages.slice(0, 1)).map((s) => s.key);
  const result = await figures(ctx, period, asOf(`s.to_stage = any(string_to_array(?, ','))`), [keys.join(',')], true);
  // The list behind THIS figure: the same stage keys, as of the same instant.
  return { ...result, link: `/pipeline?stage=${keys.map(encodeURIComponent).join(',')}&asOf={to}` };
}

async function atRiskClients(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures> {
  const policy = await healthPolicy(ctx);
  // A manual override counts from the moment it was set (earlier points use the rule).
  const red = `(case when c.health_override is not null and c.health_overridden_at < pt.t then c.health_override = 'red'
                     else pt.t - s.at >= make_interval(days => ?) end)`;
  return figures(ctx, period, asOf(red), [policy.redAfterDays], true);
}

/** Days from the client's creation to its first arrival in Live, counted in the bucket in which it went live. */
const INSTALL_DAYS = `(select round((avg(extract(epoch from r.live_at - c.created_at) / 86400))::numeric, 1)::float
   from (select e.client_id, min(e.at) as live_at from pipeline.stage_event e
          where e.agency_id = $agency and e.to_stage = ? group by e.client_id) r
   join pipeline.client c on c.id = r.client_id
  where c.agency_id = $agency and r.live_at >= b.bucket_start and r.live_at < b.bucket_end and $scope)`;

const NEW_CLIENTS = `(select count(*)::float from pipeline.client c
  where c.agency_id = $agency and c.created_at >= b.bucket_start and c.created_at < b.bucket_end and $scope)`;

const KPIS: Record<string, KpiProvider> = {
  'active-onboardings': {
    label: 'Active onboardings',
    unit: 'count',
    aggregate: 'snapshot',
    link: '/pipeline?stage=onboarding,installation,audit&asOf={to}',
    compute: activeOnboardings,
  },
  'at-risk-clients': { label: 'At-risk clients', unit: 'count', aggregate: 'snapshot', lowerIsBetter: true, link: '/pipeline?health=red&asOf={to}', compute: atRiskClients },
  'average-install-time': {
    label: 'Average install time',
    unit: 'days',
    aggregate: 'average',
    lowerIsBetter: true,
    link: '/pipeline?stage=live&view=table',
    compute: (ctx, period) => figures(ctx, period, INSTALL_DAYS, [LIVE_STAGE]),
  },
  'new-clients': {
    label: 'New clients',
    unit: 'count',
    aggregate: 'sum',
    link: '/pipeline?view=table&sort=createdAt&order=desc&createdFrom={from}&createdTo={to}',
    compute: (ctx, period) => figures(ctx, period, NEW_CLIENTS, []),
  },
};

export const pipelineKpis = defineKpis({ action: 'clients.kpi', permission: 'clients:read', kpis: KPIS });
export const KPI_IDS = Object.keys(KPIS);
