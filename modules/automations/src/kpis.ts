/**
 * KPIs on the platform contract (`defineKpis`): automation runs started in the period, and the
 * share of finished runs that failed (percent; null when none finished). Counted from the run
 * log by `started_at`, per bucket of the agency's days.
 */
import { BUCKETS_SQL, bucketParams, defineKpis, type ActionContext, type KpiFigures, type KpiPeriod } from '@audienceos/module-sdk';

interface Row {
  i: number;
  runs: number;
  failed: number;
  finished: number;
}

async function perBucket(ctx: ActionContext, period: KpiPeriod, buckets: { start: Date; end: Date }[]): Promise<Row[]> {
  return ctx.db.sql<Row>(
    `select b.i, count(r.id)::int as runs,
            (count(r.id) filter (where r.status = 'failed'))::int as failed,
            (count(r.id) filter (where r.status in ('succeeded', 'failed')))::int as finished
       from ${BUCKETS_SQL}
       left join automations.run r on r.agency_id = $agency and r.started_at >= b.bucket_start and r.started_at < b.bucket_end
      group by b.i order by b.i`,
    bucketParams({ ...period, buckets } as KpiPeriod),
  );
}

const whole = (p: KpiPeriod) => [{ start: p.from, end: p.to }];

async function runs(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures> {
  const series = await perBucket(ctx, period, period.buckets);
  const [all] = await perBucket(ctx, period, whole(period));
  return { value: all?.runs ?? 0, series: series.map((r) => r.runs) };
}

const rate = (r: Row | undefined) => (r && r.finished > 0 ? Math.round((r.failed / r.finished) * 1000) / 10 : null);

async function failureRate(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures> {
  const series = await perBucket(ctx, period, period.buckets);
  const [all] = await perBucket(ctx, period, whole(period));
  return { value: rate(all), series: series.map(rate) };
}

export const automationKpis = defineKpis({
  action: 'automations.kpi',
  permission: 'automations:read',
  kpis: {
    runs: { label: 'Automation runs', unit: 'count', aggregate: 'sum', link: '/automations?tab=runs', compute: runs },
    'failure-rate': {
      label: 'Automation failure rate',
      unit: 'percent',
      aggregate: 'average',
      lowerIsBetter: true,
      link: '/automations?tab=runs&status=failed',
      compute: failureRate,
    },
  },
});
