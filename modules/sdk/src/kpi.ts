/**
 * The KPI contract: ONE implementation of periods, buckets, empty values and the change rule,
 * so every provider (plugins too) gets them right by construction.
 *
 * A provider declares its figures with `defineKpis()`. The dashboard (or anyone) calls the
 * action with `{ id, from, to, zone?, bucket? }`: the period is the half-open range
 * `[from, to)` of instants, `zone` the agency's IANA zone (default: the caller's agency's,
 * see `agencyZone`), `bucket` the size of a trend point (`day` up to 92 days, `week` beyond).
 * The SDK cuts the period into buckets at local midnights (a DST day is one 23 or 25 h
 * bucket), hands them to the provider, and builds the answer `{ value, series, period }`
 * with one point per bucket dated by its local calendar date (plus `link` when the provider built
 * one for this answer, see `KpiFigures.link`). Sums and snapshots with no data
 * are 0; averages with no data are `null` (shown as "—", no change).
 */
import { errors } from './errors';
import { MAX_KPI_RANGE_DAYS } from './limits';
import { addDaysIn, agencyZone, calendarDaysBetween, dateKeyIn, isTimeZone, now as clockNow, startOfDateIn, startOfDayIn } from './time';
import type { ActionContext, ModuleAction } from './define-module';
import type { KpiAggregate, KpiDeclaration } from './types';

export type KpiBucket = 'day' | 'week';

export interface KpiBucketRange {
  /** First instant of the bucket (a local midnight, or `from`). */
  start: Date;
  /** First instant after it (exclusive; the last one ends at `to`). */
  end: Date;
  /** Local calendar date of `start` in the zone, `YYYY-MM-DD`. */
  date: string;
}

export interface KpiPeriod {
  from: Date;
  to: Date;
  zone: string;
  bucket: KpiBucket;
  buckets: KpiBucketRange[];
}

/**
 * What a provider computes for a period: the whole-period value and one value per bucket (same
 * order), and optionally `link`: the list behind THIS answer, built from the same definition the
 * figure used (e.g. the agency's own stage keys), a path like the declaration's `link` that may
 * hold `{from}`/`{to}`. It wins over the declaration's static `link` on the dashboard.
 */
export interface KpiFigures {
  value: number | null;
  series: (number | null)[];
  link?: string;
}

export interface KpiAnswer {
  value: number | null;
  series: { date: string; value: number | null }[];
  period: { from: string; to: string; zone: string; bucket: KpiBucket };
  /** The provider's per-answer link with `{from}`/`{to}` filled in (ISO instants, URL-encoded); absent when it gave none. */
  link?: string;
}

/**
 * Fill `{from}`/`{to}` of a KPI link with the period's ends (ISO instants, URL-encoded). Only an
 * app-relative path (`/…`, not `//…`) is a link; anything else gives `undefined`.
 */
export function fillKpiLink(link: string | undefined | null, range: { from: Date; to: Date }): string | undefined {
  if (typeof link !== 'string' || !/^\/(?![/\\])/.test(link) || link.length > 2000) return undefined;
  return link.replaceAll('{from}', encodeURIComponent(range.from.toISOString())).replaceAll('{to}', encodeURIComponent(range.to.toISOString()));
}

/** Up to this many days a trend point is one day; beyond it, one week. */
export const MAX_DAILY_BUCKET_DAYS = 92;
/** Below this |previous| a change is told as an absolute difference, not a percentage ("+3500 %" from 1 to 36). */
export const PERCENT_CHANGE_MIN_PREVIOUS = 10;
export const KPI_PRESETS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type KpiPreset = keyof typeof KPI_PRESETS;

const DAY_MS = 86_400_000;

/** The bucket size for a period: days up to 92 days, weeks beyond. */
export function bucketFor(from: Date, to: Date): KpiBucket {
  return to.getTime() - from.getTime() <= MAX_DAILY_BUCKET_DAYS * DAY_MS + 2 * 3_600_000 ? 'day' : 'week';
}

/**
 * The buckets of `[from, to)` in `zone`: the first starts at `from`, the next ones at the
 * following local midnights (every 1 or 7 calendar days), the last ends at `to`.
 */
export function kpiBuckets(from: Date, to: Date, zone: string, bucket: KpiBucket): KpiBucketRange[] {
  const step = bucket === 'week' ? 7 : 1;
  const out: KpiBucketRange[] = [];
  let start = from;
  let next = addDaysIn(startOfDayIn(from, zone), step, zone);
  while (start < to) {
    const end = next < to ? next : to;
    out.push({ start, end, date: dateKeyIn(start, zone) });
    start = end;
    next = addDaysIn(next, step, zone);
  }
  return out;
}

/** A full `KpiPeriod` for `[from, to)` in `zone` (bucket: by length unless given). */
export function kpiPeriod(from: Date, to: Date, zone: string, bucket: KpiBucket = bucketFor(from, to)): KpiPeriod {
  return { from, to, zone, bucket, buckets: kpiBuckets(from, to, zone, bucket) };
}

/** The last `days` whole local days in `zone`, today (the day of `now`) being the last: `[midnight − (days−1) d, next midnight)`. */
export function presetRange(days: number, zone: string, now: Date = clockNow()): { from: Date; to: Date } {
  const to = addDaysIn(startOfDayIn(now, zone), 1, zone);
  return { from: addDaysIn(to, -days, zone), to };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A custom period from text: a date-only `from` is that local midnight, a date-only `to`
 * includes that day (ends at the next local midnight); full timestamps are taken as given.
 * Raises a 422 naming `from`/`to` for bad dates, an empty or inverted range, or more than two years.
 */
export function customRange(from: string, to: string, zone: string): { from: Date; to: Date } {
  const parse = (field: 'from' | 'to', text: string): Date => {
    if (DATE_ONLY.test(text)) {
      const d = startOfDateIn(text, zone);
      // No roll-over: 30 February is not 2 March.
      if (!Number.isNaN(d.getTime()) && dateKeyIn(d, zone) === text) return field === 'to' ? addDaysIn(d, 1, zone) : d;
    } else {
      const d = new Date(text);
      if (!Number.isNaN(d.getTime())) return d;
    }
    throw errors.invalid({ field, message: `'${field}' is not a valid date`, type: 'date', actual: text });
  };
  const range = { from: parse('from', from), to: parse('to', to) };
  checkRange(range.from, range.to);
  return range;
}

/** 422 unless `from < to` and the range spans at most `MAX_KPI_RANGE_DAYS` (limits.ts). */
export function checkRange(from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) throw errors.invalid({ field: 'to', message: "'to' must be after 'from'", type: 'dateMin' });
  // An hour of slack: a range of whole local days may hold one DST hour more.
  if (to.getTime() - from.getTime() > MAX_KPI_RANGE_DAYS * DAY_MS + 3_600_000) {
    throw errors.invalid({ field: 'to', message: `A period spans at most ${MAX_KPI_RANGE_DAYS} days`, type: 'dateMax' });
  }
}

/**
 * The period just before `[from, to)`: the same number of local calendar days when both ends
 * are local midnights (so a 7-day period across a DST change is still 7 days), the same length
 * in milliseconds otherwise.
 */
export function previousRange(range: { from: Date; to: Date }, zone: string): { from: Date; to: Date } {
  const midnight = (d: Date) => startOfDayIn(d, zone).getTime() === d.getTime();
  if (midnight(range.from) && midnight(range.to)) {
    const days = calendarDaysBetween(range.from, range.to, zone);
    return { from: addDaysIn(range.from, -days, zone), to: range.from };
  }
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

export interface KpiChange {
  /** value − previous (rounded to 0.1); null when either is missing. */
  change: number | null;
  /** (value − previous) / |previous| × 100 (0.1); null when either is missing or |previous| < `PERCENT_CHANGE_MIN_PREVIOUS` (then show `change`). */
  changePct: number | null;
  /** true: an improvement (a fall when lowerIsBetter); null: flat or not comparable. */
  better: boolean | null;
}

/** The change rule of every KPI card (the remote SDK's `kpiChange` mirrors it). */
export function kpiChange(value: number | null, previous: number | null, lowerIsBetter: boolean): KpiChange {
  if (value === null || previous === null) return { change: null, changePct: null, better: null };
  const change = Math.round((value - previous) * 10) / 10;
  const better = change === 0 ? null : change > 0 !== lowerIsBetter;
  if (Math.abs(previous) < PERCENT_CHANGE_MIN_PREVIOUS) return { change, changePct: null, better };
  const percent = ((value - previous) / Math.abs(previous)) * 100;
  if (Math.abs(percent) < 0.05) return { change, changePct: 0, better: null };
  return { change, changePct: Math.round(percent * 10) / 10, better };
}

/** Empty values: a sum or snapshot over nothing is 0; an average over nothing is null. */
export function emptyValue(aggregate: KpiAggregate, value: number | null | undefined): number | null {
  const n = value === null || value === undefined || !Number.isFinite(Number(value)) ? null : Number(value);
  return n === null && aggregate !== 'average' ? 0 : n;
}

export interface KpiProvider extends Omit<KpiDeclaration, 'id' | 'action' | 'aggregate'> {
  aggregate: KpiAggregate;
  /** Compute the figures of `period` for the caller (`ctx.db` is scoped to the caller's agency). */
  compute(ctx: ActionContext, period: KpiPeriod): Promise<KpiFigures>;
}

export interface KpiSet {
  /** For the manifest's `kpis`. */
  declarations: KpiDeclaration[];
  /** The action answering them (put it in a service's `actions` under the name in `action`). */
  action: ModuleAction<{ id: string; from: string; to: string; zone?: string; bucket?: KpiBucket }>;
}

const dateText = { type: 'string', max: 40, pattern: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/ };

/**
 * Declare a module's KPIs and get the manifest entries plus the one action that answers them.
 * `action` is the full action name (`tickets.kpi`); `permission` the default read permission.
 * The action validates `{ id, from, to, zone?, bucket? }` (422 on bad input or a range over two
 * years), resolves the zone, builds the buckets, calls `compute` and normalises empty values.
 */
export function defineKpis(options: { action: string; permission?: string; kpis: Record<string, KpiProvider> }): KpiSet {
  const ids = Object.keys(options.kpis);
  const declarations: KpiDeclaration[] = Object.entries(options.kpis).map(([id, { compute: _c, ...k }]) => ({
    id,
    action: options.action,
    ...(options.permission && !k.permission ? { permission: options.permission } : {}),
    ...k,
  }));
  const action: KpiSet['action'] = {
    summary: 'One declared KPI for the half-open period [from, to) in the agency zone: `{ value, series: [{ date, value }], period }`',
    permissions: options.permission ? [options.permission] : [],
    mutation: false,
    params: {
      id: { type: 'enum', values: ids },
      from: dateText,
      to: dateText,
      zone: { type: 'string', max: 64, optional: true },
      bucket: { type: 'enum', values: ['day', 'week'], optional: true },
    },
    async handler(ctx) {
      const { id, zone: zoneParam, bucket } = ctx.params;
      if (zoneParam !== undefined && !isTimeZone(zoneParam)) {
        throw errors.invalid({ field: 'zone', message: `'${zoneParam}' is not a known time zone`, type: 'timezone', actual: zoneParam });
      }
      const zone = zoneParam ?? (await agencyZone(ctx));
      const { from, to } = customRange(ctx.params.from, ctx.params.to, zone);
      const period = kpiPeriod(from, to, zone, bucket);
      const provider = options.kpis[id]!;
      const figures = await provider.compute(ctx, period);
      const link = fillKpiLink(figures.link, { from, to });
      return {
        value: emptyValue(provider.aggregate, figures.value),
        series: period.buckets.map((b, i) => ({ date: b.date, value: emptyValue(provider.aggregate, figures.series[i]) })),
        period: { from: from.toISOString(), to: to.toISOString(), zone, bucket: period.bucket },
        ...(link ? { link } : {}),
      } satisfies KpiAnswer;
    },
  };
  return { declarations, action };
}

/**
 * SQL for the buckets as a table `b(bucket_start, bucket_end, i)` (bind `bucketParams(period)`):
 * join a provider's rows on `x.at >= b.bucket_start and x.at < b.bucket_end`.
 */
export const BUCKETS_SQL = `unnest(?::timestamptz[], ?::timestamptz[]) with ordinality as b(bucket_start, bucket_end, i)`;

/** The two array parameters of `BUCKETS_SQL` (PostgreSQL array literals: a raw binding would expand a JS array). */
export function bucketParams(period: KpiPeriod): [string, string] {
  const list = (key: 'start' | 'end') => `{${period.buckets.map((b) => b[key].toISOString()).join(',')}}`;
  return [list('start'), list('end')];
}
