/** Pure helpers of the dashboard screen (no runtime imports, so they are testable without a browser). */
import type { KpiFigureProps } from '@audienceos/remote-sdk';
import type { KpiCard, LayoutCard, Preset, Unit } from './api';

export const PRESETS: { value: Preset; label: string; days: number }[] = [
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
  { value: '90d', label: '90 days', days: 90 },
];

export const cardKey = (c: { module: string; id: string }) => `${c.module}/${c.id}`;

/** `45m`, `3h 17m`, `2d 4h`. */
export function minutes(value: number): string {
  const sign = value < 0 ? '−' : '';
  const m = Math.round(Math.abs(value));
  if (m < 60) return `${sign}${m}m`;
  if (m < 24 * 60) return `${sign}${Math.floor(m / 60)}h${m % 60 ? ` ${m % 60}m` : ''}`;
  const h = Math.round(m / 60);
  return `${sign}${Math.floor(h / 24)}d${h % 24 ? ` ${h % 24}h` : ''}`;
}

/** How a unit reads in KpiFigure. */
export function figureFormat(unit: Unit | null): KpiFigureProps['format'] {
  switch (unit) {
    case 'percent':
      return 'percent';
    case 'currency':
      return 'currency';
    case 'minutes':
      return minutes;
    case 'hours':
      // Hours stay hours (support hours are work time, not calendar days).
      return (v: number) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })}h`;
    case 'days':
      return (v: number) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })}d`;
    default:
      return 'number';
  }
}

export function formatValue(unit: Unit | null, value: number): string {
  const format = figureFormat(unit);
  if (typeof format === 'function') return format(value);
  if (format === 'percent') return `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
  if (format === 'currency') return value.toLocaleString(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  return value.toLocaleString(undefined, { maximumFractionDigits: 1 });
}

/**
 * The layout over the cards the API answered: the layout's order first (its hidden cards
 * marked), then any card it does not name yet. Layout entries without a card (a module that
 * is down) are kept, so that saving does not forget them.
 */
export function arrange(cards: KpiCard[], layout: LayoutCard[]): { entries: LayoutCard[]; visible: KpiCard[] } {
  const byKey = new Map(cards.map((c) => [cardKey(c), c]));
  const named = new Set(layout.map(cardKey));
  const entries: LayoutCard[] = [...layout, ...cards.filter((c) => !named.has(cardKey(c))).map((c) => ({ module: c.module, id: c.id }))];
  const visible = entries.filter((e) => !e.hidden && byKey.has(cardKey(e))).map((e) => byKey.get(cardKey(e))!);
  return { entries, visible };
}

/** Move the entry at `from` by `delta` places (clamped); a new array. */
export function move<T>(list: readonly T[], from: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, from + delta));
  if (to === from) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

// The remote SDK's one date format ("9 Mar", en-GB order), restated here so this file stays free of
// runtime imports (its tests run without a browser); the screen's other dates use `useDateFormat()`.
const dayMonth = (zone: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: zone });

/** A KPI point's calendar date (`YYYY-MM-DD`, already the agency's day): `9 Mar`. */
export function shortDate(dateKey: string): string {
  return dayMonth('UTC').format(new Date(`${dateKey.slice(0, 10)}T12:00:00Z`));
}

/** `27 Oct – 25 Nov` for a `[from, to)` range in the agency's `zone` (the end is exclusive: the day before `to`). */
export function rangeLabel(range: { from: string; to: string }, zone: string): string {
  const f = dayMonth(zone);
  return `${f.format(new Date(range.from))} – ${f.format(new Date(new Date(range.to).getTime() - 1))}`;
}
