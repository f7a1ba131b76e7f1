/** Periods and their buckets for KPI series: days for up to three months, weeks beyond that. */
import { DAY_MS } from './health';

export interface Period {
  from: Date;
  to: Date;
}

export interface KpiAnswer {
  value: number | null;
  series?: { date: string; value: number | null }[];
}

const MAX_DAILY_SPAN_DAYS = 92;

/** A PostgreSQL interval literal for the bucket size. */
export function bucketStep(period: Period): '1 day' | '7 days' {
  return period.to.getTime() - period.from.getTime() <= MAX_DAILY_SPAN_DAYS * DAY_MS ? '1 day' : '7 days';
}

/** Bucket starts from `from` up to `to`, aligned on `from` (the same origin `date_bin` uses). */
export function bucketStarts(period: Period, step: '1 day' | '7 days'): Date[] {
  const size = step === '1 day' ? DAY_MS : 7 * DAY_MS;
  const starts: Date[] = [];
  for (let t = period.from.getTime(); t <= period.to.getTime(); t += size) starts.push(new Date(t));
  return starts;
}
