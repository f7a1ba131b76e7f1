/**
 * The plugin's KPI on the platform's KPI contract (`defineKpis` from the SDK): NPS over the
 * period `[from, to)` and per bucket of the agency's days, `null` where nobody answered.
 * A partner writes only `compute`; periods, zones, buckets and empty values come from the SDK.
 */
import { BUCKETS_SQL, bucketParams, defineKpis, type ActionContext, type KpiFigures, type KpiPeriod } from '@audienceos/module-sdk';
import { memberScope } from './broker-peers';
import { npsOf } from './nps';

interface Row {
  i: string;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

async function npsPerBucket(ctx: ActionContext, buckets: { start: Date; end: Date }[], scope: string[] | null): Promise<(number | null)[]> {
  const rows = await ctx.db.sql<Row>(
    `select b.i, count(r.id)::int as responses,
            (count(r.id) filter (where r.score >= 9))::int as promoters,
            (count(r.id) filter (where r.score between 7 and 8))::int as passives,
            (count(r.id) filter (where r.score <= 6))::int as detractors
       from ${BUCKETS_SQL}
       left join example_nps.response r on r.agency_id = $agency and r.created_at >= b.bucket_start and r.created_at < b.bucket_end
            and (?::boolean or r.client_id::text = any(string_to_array(?, ',')))
      group by b.i order by b.i`,
    [...bucketParams({ buckets } as KpiPeriod), scope === null, (scope ?? []).join(',')],
  );
  return rows.map((r) => npsOf(r));
}

async function compute(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures> {
  const scope = await memberScope(ctx, 'read');
  const [series, [value]] = await Promise.all([npsPerBucket(ctx, period.buckets, scope), npsPerBucket(ctx, [{ start: period.from, end: period.to }], scope)]);
  return { value: value ?? null, series };
}

export const npsKpis = defineKpis({
  action: 'nps.kpi',
  permission: 'nps:read',
  kpis: { nps: { label: 'Net Promoter Score', unit: 'count', aggregate: 'average', link: '/nps', compute } },
});
