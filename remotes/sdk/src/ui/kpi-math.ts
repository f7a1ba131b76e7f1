/** Number formats and the better/worse rule behind KpiFigure (pure, so it is easy to test). */

export type KpiFormat = 'number' | 'percent' | 'currency' | 'duration';

export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${Math.round(seconds)}s`;
  if (abs < 3600) return `${Math.round(seconds / 60)}m`;
  if (abs < 86400) {
    const h = Math.floor(abs / 3600);
    const m = Math.round((abs % 3600) / 60);
    return `${seconds < 0 ? '-' : ''}${h}h${m ? ` ${m}m` : ''}`;
  }
  return `${(seconds / 86400).toFixed(1)}d`;
}

export function formatKpi(value: number, format: KpiFormat | ((value: number) => string) = 'number', currency = 'USD'): string {
  if (typeof format === 'function') return format(value);
  switch (format) {
    case 'percent':
      return `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
    case 'currency':
      return value.toLocaleString(undefined, { style: 'currency', currency, maximumFractionDigits: Math.abs(value) >= 1000 ? 0 : 2 });
    case 'duration':
      return formatDuration(value);
    default:
      return value.toLocaleString(undefined, { maximumFractionDigits: Math.abs(value) < 10 ? 1 : 0 });
  }
}

export type KpiTrend = 'better' | 'worse' | 'flat';

/** Below this |previous| a change is shown as an absolute difference ("+35"), not "+3500 %" (the module SDK's rule). */
export const PERCENT_CHANGE_MIN_PREVIOUS = 10;

/**
 * Change against the previous period: `change` = value − previous (0.1); `percent` null when
 * |previous| < PERCENT_CHANGE_MIN_PREVIOUS (then show `change`); `trend` by `lowerIsBetter`.
 */
export function kpiChange(value: number, previous: number, lowerIsBetter = false): { percent: number | null; change: number; trend: KpiTrend } {
  const change = Math.round((value - previous) * 10) / 10;
  const trend: KpiTrend = change === 0 ? 'flat' : change > 0 !== lowerIsBetter ? 'better' : 'worse';
  if (Math.abs(previous) < PERCENT_CHANGE_MIN_PREVIOUS) return { percent: null, change, trend };
  const percent = ((value - previous) / Math.abs(previous)) * 100;
  if (Math.abs(percent) < 0.05) return { percent: 0, change, trend: 'flat' };
  return { percent, change, trend };
}
