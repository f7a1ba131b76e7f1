import { currentDateFormat } from '@audienceos/remote-sdk';
import type { Category, Priority, SlaClock, Status } from './api';

export const STATUS_LABEL: Record<Status, string> = {
  new: 'New',
  in_progress: 'In progress',
  waiting_client: 'Waiting on client',
  resolved: 'Resolved',
};
export const PRIORITY_LABEL: Record<Priority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const CATEGORY_LABEL: Record<Category, string> = {
  technical: 'Technical',
  billing: 'Billing',
  campaign: 'Campaign',
  general: 'General',
  escalation: 'Escalation',
};

/** "2 h 05 m", "3 d 4 h", "45 m": compact enough for a card. */
export function formatMinutes(total: number): string {
  const m = Math.abs(Math.round(total));
  if (m < 60) return `${m} m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${String(m % 60).padStart(2, '0')} m` : ''}`;
  const days = Math.floor(m / (24 * 60));
  const hours = Math.floor((m % (24 * 60)) / 60);
  return `${days} d${hours ? ` ${hours} h` : ''}`;
}

/** What an SLA clock says to a person: "2 h left", "overdue 3 h", "met", "missed". */
export function clockText(clock: SlaClock): string {
  if (clock.remainingMinutes === null) return clock.met ? 'met' : 'missed';
  return clock.remainingMinutes >= 0 ? `${formatMinutes(clock.remainingMinutes)} left` : `overdue ${formatMinutes(clock.remainingMinutes)}`;
}

// Dates in the agency's zone, in the platform's one format (the App subscribes with useDateFormat,
// so the screen renders again once the zone has loaded).
export const formatDateTime = (iso: string): string => currentDateFormat().dateTime(iso);

export const formatDate = (iso: string): string => currentDateFormat().date(iso);

const PERIOD_FIELD_LABEL: Record<string, string> = { created: 'Opened', resolved: 'Resolved', responded: 'First answered', timeLogged: 'Time logged' };

/** The drill-down chip: "Opened 4 Mar – 10 Mar" for `in=created&from=…&to=…` (the end is exclusive). */
export function periodLabel(field: string, from?: string, to?: string): string {
  const f = currentDateFormat();
  const range = from && to ? ` ${f.shortDate(from)} – ${f.shortDate(new Date(new Date(to).getTime() - 1))}` : '';
  return `${PERIOD_FIELD_LABEL[field] ?? field}${range}`;
}

/** "3 h ago", "2 d ago". */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  return minutes < 1 ? 'just now' : `${formatMinutes(minutes)} ago`;
}
