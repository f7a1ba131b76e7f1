/**
 * NPS over a period, bucketed by week or month. Counting happens in Postgres (one grouped
 * scan on the agency/created_at index); the buckets without responses are filled in here so
 * that a chart shows the gaps instead of joining distant points.
 */
import { addDaysIn, errors, now, type ActionContext } from '@audienceos/module-sdk';
import { bucketKeys, bucketStart, countBuckets, emptyTally, npsOf, type Interval, type Tally } from './nps';

export interface SummaryQuery {
  from: Date;
  to: Date;
  interval: Interval;
  clientId?: string;
  /** Client ids the caller may see; null for all. */
  scope: string[] | null;
  /** The agency's zone: buckets are its weeks and months. */
  zone: string;
}

export interface SeriesPoint extends Tally {
  /** Start of the bucket, `YYYY-MM-DD` (a local date in the agency's zone). */
  date: string;
  nps: number | null;
}

export interface Summary extends Tally {
  from: string;
  to: string;
  interval: Interval;
  nps: number | null;
  series: SeriesPoint[];
}

const MAX_BUCKETS = 520;

/** Resolve the period from optional params: default the last 6 months (or 12 weeks) of the agency's calendar, up to now. */
export function resolvePeriod(params: { from?: Date; to?: Date; interval?: Interval }, zone = 'UTC'): { from: Date; to: Date; interval: Interval } {
  const interval = params.interval ?? 'month';
  const to = params.to ?? now();
  let from = params.from;
  if (!from) {
    let start = bucketStart(to, interval, zone);
    for (let i = 0; i < (interval === 'month' ? 5 : 11); i += 1) start = bucketStart(addDaysIn(start, -1, zone), interval, zone);
    from = start;
  }
  if (from >= to) throw errors.invalid({ field: 'to', message: 'The end of the period must be after its start', type: 'dateMin', actual: to.toISOString() });
  if (countBuckets(from, to, interval) > MAX_BUCKETS) {
    throw errors.invalid({ field: 'from', message: `At most ${MAX_BUCKETS} ${interval}s per request`, type: 'dateRange' });
  }
  return { from, to, interval };
}

interface BucketRow extends Tally {
  bucket: string;
}

async function countByBucket(ctx: ActionContext, q: SummaryQuery): Promise<BucketRow[]> {
  if (q.scope && q.scope.length === 0) return [];
  const clauses = ['agency_id = $agency', 'created_at >= ?', 'created_at < ?'];
  const params: unknown[] = [q.interval, q.zone, q.from, q.to];
  if (q.clientId) {
    clauses.push('client_id = ?');
    params.push(q.clientId);
  }
  if (q.scope) {
    clauses.push(`client_id in (${q.scope.map(() => '?').join(', ')})`);
    params.push(...q.scope);
  }
  return ctx.db.sql<BucketRow>(
    `select to_char(date_trunc(?, created_at at time zone ?), 'YYYY-MM-DD') as bucket,
            count(*)::int as responses,
            (count(*) filter (where score >= 9))::int as promoters,
            (count(*) filter (where score between 7 and 8))::int as passives,
            (count(*) filter (where score <= 6))::int as detractors
       from example_nps.response
      where ${clauses.join(' and ')}
      group by 1`,
    params,
  );
}

export async function summarize(ctx: ActionContext, q: SummaryQuery): Promise<Summary> {
  const rows = new Map((await countByBucket(ctx, q)).map((r) => [r.bucket, r]));
  const total = emptyTally();
  const series = bucketKeys(q.from, q.to, q.interval, q.zone).map((date): SeriesPoint => {
    const row = rows.get(date);
    const t: Tally = row ? { responses: row.responses, promoters: row.promoters, passives: row.passives, detractors: row.detractors } : emptyTally();
    (Object.keys(total) as (keyof Tally)[]).forEach((k) => (total[k] += t[k]));
    return { date, ...t, nps: npsOf(t) };
  });
  return { from: q.from.toISOString(), to: q.to.toISOString(), interval: q.interval, ...total, nps: npsOf(total), series };
}
