import type { Interval } from './api';

/** NPS is signed: show "+42" so that a positive score reads as one. */
export const formatNps = (value: number | null): string => (value === null ? '—' : `${value > 0 ? '+' : ''}${Math.round(value)}`);

export function bucketLabel(date: string, interval: Interval): string {
  const d = new Date(`${date}T00:00:00Z`);
  return interval === 'month'
    ? d.toLocaleDateString(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' })
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export const formatDate = (iso: string): string => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

export const percent = (part: number, whole: number): string => (whole ? `${Math.round((part / whole) * 100)}%` : '—');
