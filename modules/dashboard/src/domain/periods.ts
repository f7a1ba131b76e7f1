/**
 * Dashboard periods, in the agency's zone (SDK KPI contract): a preset is the last 7/30/90
 * whole local days, today the last; a custom period is `[from, to)` where a date-only `to`
 * includes that day; the previous period is the same number of local days just before
 * (the same length for periods that do not start and end at local midnights).
 */
import { customRange, errors, presetRange, previousRange, KPI_PRESETS, now as clockNow } from '@audienceos/module-sdk';

export const PRESETS = KPI_PRESETS;
export type PeriodKey = keyof typeof PRESETS | 'custom';
export const PERIOD_KEYS: PeriodKey[] = ['7d', '30d', '90d', 'custom'];

export interface Range {
  from: Date;
  to: Date;
}

/** The period asked for, in `zone`; 422 naming `from`/`to` for bad or missing dates and ranges over two years. */
export function resolvePeriod(period: PeriodKey, from: string | undefined, to: string | undefined, zone: string, now = clockNow()): Range {
  if (period !== 'custom') {
    if (from !== undefined || to !== undefined) {
      throw errors.invalid({ field: from !== undefined ? 'from' : 'to', message: "'from' and 'to' go with period=custom only", type: 'forbidden' });
    }
    return presetRange(PRESETS[period], zone, now);
  }
  if (from === undefined) throw errors.invalid({ field: 'from', message: "'from' is required with period=custom", type: 'required' });
  if (to === undefined) throw errors.invalid({ field: 'to', message: "'to' is required with period=custom", type: 'required' });
  return customRange(from, to, zone);
}

/** The period just before, in `zone`. */
export function previousOf(range: Range, zone: string): Range {
  return previousRange(range, zone);
}
