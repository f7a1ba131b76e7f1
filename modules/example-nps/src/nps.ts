/**
 * Net Promoter Score maths, kept free of I/O so that the API tests can check the figures
 * against an independent count. NPS = % promoters (9–10) − % detractors (0–6), −100…100.
 */
export type Category = 'promoter' | 'passive' | 'detractor';
export type Interval = 'week' | 'month';

export interface Tally {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export const emptyTally = (): Tally => ({ responses: 0, promoters: 0, passives: 0, detractors: 0 });

export function categoryOf(score: number): Category {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export function tally(scores: Iterable<number>): Tally {
  const t = emptyTally();
  for (const score of scores) {
    t.responses++;
    t[`${categoryOf(score)}s` as 'promoters' | 'passives' | 'detractors']++;
  }
  return t;
}

/** One decimal; null without responses (a score of 0 would claim a neutral result nobody gave). */
export function npsOf(t: Tally): number | null {
  if (t.responses === 0) return null;
  return Math.round(((t.promoters - t.detractors) / t.responses) * 1000) / 10;
}

/** Start of the UTC bucket holding `date`: Monday for weeks (as Postgres' date_trunc), the 1st for months. */
export function bucketStart(date: Date, interval: Interval): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), interval === 'month' ? 1 : date.getUTCDate()));
  if (interval === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

export function nextBucket(start: Date, interval: Interval): Date {
  const d = new Date(start);
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + 7);
  return d;
}

/** Bucket keys (`YYYY-MM-DD` of each start) covering [from, to). */
export function bucketKeys(from: Date, to: Date, interval: Interval): string[] {
  const keys: string[] = [];
  for (let d = bucketStart(from, interval); d < to; d = nextBucket(d, interval)) keys.push(d.toISOString().slice(0, 10));
  return keys;
}

export function countBuckets(from: Date, to: Date, interval: Interval): number {
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  return Math.ceil(days / (interval === 'week' ? 7 : 28)) + 1;
}
