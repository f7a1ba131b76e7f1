/**
 * KPI figures for the dashboard on the SDK's KPI contract (`defineKpis`: periods `[from, to)`
 * in the agency's zone, buckets at local midnights, empty values). Both figures are counts of
 * rows by their creation instant, so a past period never changes: documents added (members:
 * those they can see) and searches that found nothing (the content gaps of `GET /documents/gaps`).
 */
import { BUCKETS_SQL, bucketParams, clientScope, defineKpis, type ActionContext, type KpiFigures, type KpiPeriod, type KpiProvider } from '@audienceos/module-sdk';

async function countPerBucket(ctx: ActionContext, period: KpiPeriod, table: string, scoped: boolean): Promise<KpiFigures> {
  const scope = scoped ? await clientScope(ctx) : null;
  const visible = scope && !scope.all ? ` and (t.client_id is null or t.client_id = any(?::uuid[]))` : '';
  const visibleParams = scope && !scope.all ? [`{${[...scope.read, ...scope.write].join(',')}}`] : [];
  const rows = await ctx.db.sql<{ value: number | string }>(
    `select (select count(*)::int from ${table} t where t.agency_id = $agency and t.created_at >= b.bucket_start and t.created_at < b.bucket_end${visible}) as value
       from ${BUCKETS_SQL} order by b.i`,
    [...visibleParams, ...bucketParams(period)],
  );
  const series = rows.map((r) => Number(r.value));
  return { value: series.reduce((s, v) => s + v, 0), series };
}

const KPIS: Record<string, KpiProvider> = {
  'documents-added': {
    label: 'Documents added',
    unit: 'count',
    aggregate: 'sum',
    link: '/knowledge-base',
    compute: (ctx, period) => countPerBucket(ctx, period, 'knowledge_base.document', true),
  },
  'no-result-searches': {
    label: 'Searches with no result',
    unit: 'count',
    aggregate: 'sum',
    lowerIsBetter: true,
    link: '/knowledge-base?gaps=1',
    compute: (ctx, period) => countPerBucket(ctx, period, 'knowledge_base.search_miss', false),
  },
};

export const documentKpis = defineKpis({ action: 'documents.kpi', permission: 'documents:read', kpis: KPIS });
