/**
 * Dashboard periods. Presets cover whole UTC days ending today (7d = the six days before
 * today and today), so series buckets fall on calendar days; the previous period is the
 * same length just before. A custom period is `[from, to)`; a date-only `to` includes that day.
 */
import { errors } from '@audienceos/module-sdk';

export const DAY_MS = 86_400_000;
export const PRESETS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type PeriodKey = keyof typeof PRESETS | 'custom';
export const PERIOD_KEYS: PeriodKey[] = ['7d', '30d', '90d', 'custom'];
/** Longest custom period: two years (providers bucket by week beyond three months). */
export const MAX_CUSTOM_DAYS = 732;

export interface Range {
  from: Date;
  to: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(field: 'from' | 'to', value: string): Date {
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) throw errors.invalid({ field, message: `'${field}' is not a valid date`, type: 'date', actual: value });
  return DATE_ONLY.test(value) && field === 'to' ? new Date(date.getTime() + DAY_MS) : date;
}

export function resolvePeriod(period: PeriodKey, from: string | undefined, to: string | undefined, now = new Date()): Range {
  if (period !== 'custom') {
    if (from !== undefined || to !== undefined) {
      throw errors.invalid({ field: from !== undefined ? 'from' : 'to', message: "'from' and 'to' go with period=custom only", type: 'forbidden' });
    }
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
    return { from: new Date(end - PRESETS[period] * DAY_MS), to: new Date(end) };
  }
  if (from === undefined) throw errors.invalid({ field: 'from', message: "'from' is required with period=custom", type: 'required' });
  if (to === undefined) throw errors.invalid({ field: 'to', message: "'to' is required with period=custom", type: 'required' });
  const range = { from: parse('from', from), to: parse('to', to) };
  if (range.to.getTime() <= range.from.getTime()) throw errors.invalid({ field: 'to', message: "'to' must be after 'from'", type: 'dateMin' });
  if (range.to.getTime() - range.from.getTime() > MAX_CUSTOM_DAYS * DAY_MS) {
    throw errors.invalid({ field: 'to', message: `A period spans at most ${MAX_CUSTOM_DAYS} days`, type: 'dateMax' });
  }
  return range;
}

/** The period of the same length that ends where this one starts. */
export function previousOf(range: Range): Range {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()) };
}
