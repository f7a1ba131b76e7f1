/** Formatting shared by cards, table and drawer. */
import { currentDateFormat, dateFormat } from '@audienceos/remote-sdk';
import type { Health } from '../api';

const currency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export const formatMoney = (value: number) => currency.format(value);
// Instants in the agency's zone, in the platform's one format; a date-only value is a calendar date as it is.
export const formatDate = (iso: string) => (iso.length === 10 ? dateFormat('UTC').date(`${iso}T12:00:00Z`) : currentDateFormat().date(iso));
export const formatDateTime = (iso: string) => currentDateFormat().dateTime(iso);
export const formatDays = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day' : `${days} days`);

export const HEALTH_LABEL: Record<Health, string> = { green: 'Healthy', yellow: 'Needs attention', red: 'At risk' };
export const HEALTH_TONE = { green: 'success', yellow: 'warning', red: 'danger' } as const;

/** "2 hours ago", "3 days ago" — for timelines. */
export function relativeTime(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days < 45 ? `${days} days ago` : formatDate(iso);
}
