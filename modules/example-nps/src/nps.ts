/**
 * Net Promoter Score maths, kept free of I/O so that the API tests can check the figures
 * against an independent count. NPS = % promoters (9–10) − % detractors (0–6), −100…100.
 */
import { addDaysIn, dateKeyIn, startOfDateIn, startOfDayIn, WEEKDAYS, weekdayIn } from '@audienceos/module-sdk';

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

/** Start of the bucket holding `date` in the agency `zone`: Monday for weeks (as Postgres' date_trunc), the 1st for months. */
export function bucketStart(date: Date, interval: Interval, zone = 'UTC'): Date {
  if (interval === 'month') return startOfDateIn(`${dateKeyIn(date, zone).slice(0, 8)}01`, zone);
  const day = startOfDayIn(date, zone);
  return addDaysIn(day, -WEEKDAYS.indexOf(weekdayIn(day, zone)), zone);
}

export function nextBucket(start: Date, interval: Interval, zone = 'UTC'): Date {
  if (interval === 'week') return addDaysIn(start, 7, zone);
  const [y, m] = dateKeyIn(start, zone).split('-').map(Number) as [number, number];
  return startOfDateIn(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, zone);
}

/** Bucket keys (`YYYY-MM-DD` of each start, local dates in `zone`) covering [from, to). */
export function bucketKeys(from: Date, to: Date, interval: Interval, zone = 'UTC'): string[] {
  const keys: string[] = [];
  for (let d = bucketStart(from, interval, zone); d < to; d = nextBucket(d, interval, zone)) keys.push(dateKeyIn(d, zone));
  return keys;
}

export function countBuckets(from: Date, to: Date, interval: Interval): number {
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  return Math.ceil(days / (interval === 'week' ? 7 : 28)) + 1;
}
