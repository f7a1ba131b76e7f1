/**
 * One KPI card: the provider's answer for the period and for the previous one, and the change
 * between them. The better/worse rule is the remote SDK's `kpiChange` (same thresholds), so
 * the arrow colour and the `better` flag agree.
 */
import type { KpiDeclaration } from '@audienceos/module-sdk';
import type { Range } from './periods';

export interface PeriodRange {
  from: string;
  to: string;
}

export interface SeriesPoint {
  date: string;
  value: number | null;
}

export interface KpiCardError {
  message: string;
  type: string;
  /** Which period failed: the card shows nothing unless both answered. */
  period: 'current' | 'previous';
}

export interface KpiCard {
  module: string;
  id: string;
  label: string;
  unit: KpiDeclaration['unit'] | null;
  lowerIsBetter: boolean;
  link: string | null;
  value: number | null;
  previous: number | null;
  /** (value − previous) / |previous| × 100, rounded to 0.1; null when previous is 0 or missing (0 when both are 0). */
  changePct: number | null;
  /** true: the change is an improvement (a fall when lowerIsBetter); null: flat or not comparable. */
  better: boolean | null;
  series: SeriesPoint[];
  period: PeriodRange;
  previousPeriod: PeriodRange;
  error?: KpiCardError;
}

export interface KpiAnswer {
  value: number | null;
  series: SeriesPoint[];
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Read a provider's answer defensively: it is another team's (or a partner's) code. */
export function readAnswer(raw: unknown): KpiAnswer {
  if (!raw || typeof raw !== 'object' || !('value' in raw)) throw new Error('The provider answered without a value');
  const answer = raw as { value: unknown; series?: unknown };
  const series = Array.isArray(answer.series)
    ? answer.series
        .filter((p): p is { date: unknown; value: unknown } => Boolean(p) && typeof p === 'object')
        .map((p) => ({ date: String(p.date), value: numberOrNull(p.value) }))
    : [];
  return { value: numberOrNull(answer.value), series };
}

export function change(value: number | null, previous: number | null, lowerIsBetter: boolean): { changePct: number | null; better: boolean | null } {
  if (value === null || previous === null) return { changePct: null, better: null };
  if (previous === 0) return { changePct: value === 0 ? 0 : null, better: null };
  const percent = ((value - previous) / Math.abs(previous)) * 100;
  if (Math.abs(percent) < 0.05) return { changePct: 0, better: null };
  return { changePct: Math.round(percent * 10) / 10, better: percent > 0 !== lowerIsBetter };
}

export function toRange(range: Range): PeriodRange {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}
