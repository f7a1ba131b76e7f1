/**
 * One KPI card: the provider's answer for the period and for the previous one, and the change
 * between them. The change rule is the SDK's `kpiChange` (the remote SDK's mirrors it), so
 * the arrow colour and the `better` flag agree: below a small previous value the change is
 * told as an absolute difference, not a percentage.
 */
import { fillKpiLink, kpiChange, type KpiDeclaration } from '@audienceos/module-sdk';
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
  /** The list behind the figure, filtered to the card's period (`{from}`/`{to}` of the declaration filled in). */
  link: string | null;
  aggregate: KpiDeclaration['aggregate'] | null;
  value: number | null;
  previous: number | null;
  /** value − previous (0.1); null when either is missing. */
  change: number | null;
  /** (value − previous) / |previous| × 100, rounded to 0.1; null when either is missing or |previous| is below the threshold (show `change`). */
  changePct: number | null;
  /** true: the change is an improvement (a fall when lowerIsBetter); null: flat or not comparable. */
  better: boolean | null;
  series: SeriesPoint[];
  period: PeriodRange;
  previousPeriod: PeriodRange;
  /** The agency's zone the period and the series dates are in. */
  zone: string;
  error?: KpiCardError;
}

export interface KpiAnswer {
  value: number | null;
  series: SeriesPoint[];
  /** The provider's own link for this answer (an app path), preferred over the declaration's. */
  link?: string;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Read a provider's answer defensively: it is another team's (or a partner's) code. */
export function readAnswer(raw: unknown): KpiAnswer {
  if (!raw || typeof raw !== 'object' || !('value' in raw)) throw new Error('The provider answered without a value');
  const answer = raw as { value: unknown; series?: unknown; link?: unknown };
  const series = Array.isArray(answer.series)
    ? answer.series
        .filter((p): p is { date: unknown; value: unknown } => Boolean(p) && typeof p === 'object')
        .map((p) => ({ date: String(p.date), value: numberOrNull(p.value) }))
    : [];
  // Only an app-relative path counts: a partner's answer cannot send the card elsewhere.
  const link = typeof answer.link === 'string' && /^\/(?![/\\])/.test(answer.link) && answer.link.length <= 2000 ? answer.link : undefined;
  return { value: numberOrNull(answer.value), series, ...(link ? { link } : {}) };
}

/** The card's change rule: the SDK's `kpiChange`. */
export function change(value: number | null, previous: number | null, lowerIsBetter: boolean): { change: number | null; changePct: number | null; better: boolean | null } {
  return kpiChange(value, previous, lowerIsBetter);
}

/** The declaration's link with the card's period filled in (`{from}`, `{to}`: ISO instants, URL-encoded). */
export function linkFor(link: string | undefined, range: Range): string | null {
  return fillKpiLink(link, range) ?? null;
}

export function toRange(range: Range): PeriodRange {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}
