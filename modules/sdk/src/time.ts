/**
 * The agency's own time. Instants are stored as they are (timestamptz); every calendar thing
 * (a day, "today", a bucket, business hours) is computed in the agency's IANA time zone from
 * its settings profile, with `@date-fns/tz` (so a DST day is 23 or 25 hours long).
 *
 * Modules never read the settings tables: `agencyTime(ctx)` asks `settings.agencyTime` over
 * the broker (the caller's agency), keeps the answer a short while, forgets it when settings
 * says the profile changed (`agencyTimeEvents` in a service's `events`), and answers UTC with
 * the default business hours when settings is not running.
 */
import { TZDate, tz } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, getDay, startOfDay } from 'date-fns';
import type { Context } from 'moleculer';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Opening hours of one weekday, `HH:mm` local time in the agency's zone. */
export interface OpeningHours {
  open: string;
  close: string;
}
/** Per weekday: the opening hours, or null when closed. */
export type BusinessHours = Record<Weekday, OpeningHours | null>;

export interface AgencyTime {
  /** IANA zone, e.g. `America/New_York`. */
  zone: string;
  businessHours: BusinessHours;
  /** Whole days closed, `YYYY-MM-DD` in the agency's zone. */
  holidays: string[];
  /** SLA clocks stop while a ticket waits on the client (default true). */
  slaPauseWhileWaiting: boolean;
}

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const NINE_TO_HALF_FIVE = { open: '09:00', close: '17:30' };
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  mon: NINE_TO_HALF_FIVE,
  tue: NINE_TO_HALF_FIVE,
  wed: NINE_TO_HALF_FIVE,
  thu: NINE_TO_HALF_FIVE,
  fri: NINE_TO_HALF_FIVE,
  sat: null,
  sun: null,
};
export const DEFAULT_AGENCY_TIME: AgencyTime = { zone: 'UTC', businessHours: DEFAULT_BUSINESS_HOURS, holidays: [], slaPauseWhileWaiting: true };

// ---- the clock ------------------------------------------------------------------------

let clock: () => Date = () => new Date();

/** The current instant. Every "now" of a rule (SLA state, "today", a ticket's creation) comes from here, so tests can fix it. */
export function now(): Date {
  return clock();
}

/** Tests only (exported from `@audienceos/module-sdk/testing`): fix the clock, or `null` for the real one. */
export function setClock(at: Date | (() => Date) | null): void {
  clock = at === null ? () => new Date() : typeof at === 'function' ? at : () => new Date(at.getTime());
}

// ---- calendar arithmetic in a zone --------------------------------------------------

/** Is `zone` an IANA zone this runtime knows? */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Midnight (local) of the day that contains `instant` in `zone`, as an instant. */
export function startOfDayIn(instant: Date, zone: string): Date {
  return new Date(startOfDay(instant, { in: tz(zone) }).getTime());
}

/** `days` calendar days after `instant`, same wall-clock time in `zone` (DST-safe: not 24 h × days). */
export function addDaysIn(instant: Date, days: number, zone: string): Date {
  return new Date(addDays(instant, days, { in: tz(zone) }).getTime());
}

/** Whole local calendar days from `from` to `to` in `zone` (a DST day counts as one). */
export function calendarDaysBetween(from: Date, to: Date, zone: string): number {
  return differenceInCalendarDays(to, from, { in: tz(zone) });
}

/** The calendar date of `instant` in `zone`, `YYYY-MM-DD`. */
export function dateKeyIn(instant: Date, zone: string): string {
  return format(instant, 'yyyy-MM-dd', { in: tz(zone) });
}

/** Midnight (local) of the calendar date `YYYY-MM-DD` in `zone`, as an instant. */
export function startOfDateIn(dateKey: string, zone: string): Date {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  // Local midnight of that date (TZDate resolves a midnight that a DST jump skips to the first instant of the day).
  return startOfDayIn(new Date(new TZDate(y, m - 1, d, 12, 0, zone).getTime()), zone);
}

/** Weekday of `instant` in `zone`. */
export function weekdayIn(instant: Date, zone: string): Weekday {
  return WEEKDAYS[(getDay(instant, { in: tz(zone) }) + 6) % 7]!;
}

/** The instant at local `HH:mm` on the local day starting at `dayStart` (a 02:30 that a DST jump skips lands an hour later). */
export function atLocalTime(dayStart: Date, hhmm: string, zone: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const local = startOfDay(dayStart, { in: tz(zone) });
  local.setHours(h, m, 0, 0);
  return new Date(local.getTime());
}

// ---- business hours -----------------------------------------------------------------

const MINUTE = 60_000;

/** The open intervals `[open, close)` of the local day starting at `dayStart` (none on a holiday or a closed weekday). */
export function openIntervals(dayStart: Date, time: AgencyTime): { open: Date; close: Date }[] {
  if (time.holidays.includes(dateKeyIn(dayStart, time.zone))) return [];
  const hours = time.businessHours[weekdayIn(dayStart, time.zone)];
  if (!hours) return [];
  return [{ open: atLocalTime(dayStart, hours.open, time.zone), close: atLocalTime(dayStart, hours.close, time.zone) }];
}

/** Look this many days ahead for opening hours before giving up (an agency closed every day). */
const MAX_SEARCH_DAYS = 800;

/**
 * The instant `minutes` business minutes after `start` (Zendesk/Chatwoot "business hours"
 * SLA semantics: the clock only runs while the agency is open, in its zone, holidays off).
 * An agency with no opening hours at all counts calendar minutes, so that a deadline exists.
 */
export function addBusinessMinutes(start: Date, minutes: number, time: AgencyTime): Date {
  let left = minutes * MINUTE;
  let day = startOfDayIn(start, time.zone);
  for (let i = 0; i < MAX_SEARCH_DAYS; i += 1) {
    for (const { open, close } of openIntervals(day, time)) {
      const from = Math.max(open.getTime(), start.getTime());
      if (from >= close.getTime()) continue;
      const available = close.getTime() - from;
      if (left <= available) return new Date(from + left);
      left -= available;
    }
    day = addDaysIn(day, 1, time.zone);
  }
  return new Date(start.getTime() + minutes * MINUTE);
}

/** Business minutes between two instants (0 when `to` ≤ `from`). */
export function businessMinutesBetween(from: Date, to: Date, time: AgencyTime): number {
  if (to <= from) return 0;
  let total = 0;
  let day = startOfDayIn(from, time.zone);
  for (let i = 0; i < MAX_SEARCH_DAYS && day < to; i += 1) {
    for (const { open, close } of openIntervals(day, time)) {
      const a = Math.max(open.getTime(), from.getTime());
      const b = Math.min(close.getTime(), to.getTime());
      if (b > a) total += b - a;
    }
    day = addDaysIn(day, 1, time.zone);
  }
  return Math.round(total / MINUTE);
}

// ---- the agency's settings, over the broker -----------------------------------------

export const AGENCY_TIME_ACTION = 'settings.agencyTime';
/** Broadcast by settings when the profile changes: `{ agencyId }`. */
export const PROFILE_CHANGED_EVENT = 'settings.profileChanged';
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; value: AgencyTime }>();

function normalise(raw: Partial<AgencyTime> | null | undefined): AgencyTime {
  const zone = typeof raw?.zone === 'string' && isTimeZone(raw.zone) ? raw.zone : 'UTC';
  return {
    zone,
    businessHours: { ...DEFAULT_BUSINESS_HOURS, ...(raw?.businessHours ?? {}) },
    holidays: Array.isArray(raw?.holidays) ? raw.holidays.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) : [],
    slaPauseWhileWaiting: raw?.slaPauseWhileWaiting !== false,
  };
}

function settingsOffered(ctx: Context): boolean {
  return ctx.broker.registry
    .getServiceList({ onlyAvailable: true, withActions: true })
    .some((s) => Boolean((s as { actions?: Record<string, unknown> }).actions?.[AGENCY_TIME_ACTION]));
}

/**
 * The caller's agency's zone, business hours, holidays and pause rule (from settings; UTC and
 * the defaults when settings is not running or does not answer within 2 s). Cached per agency
 * for 30 s and dropped on `settings.profileChanged`.
 */
export async function agencyTime(ctx: Context): Promise<AgencyTime> {
  const agencyId = (ctx.meta as { user?: { agencyId?: string } }).user?.agencyId;
  if (!agencyId) return DEFAULT_AGENCY_TIME;
  const hit = cache.get(agencyId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  if (!settingsOffered(ctx)) return DEFAULT_AGENCY_TIME;
  try {
    const value = normalise((await ctx.call(AGENCY_TIME_ACTION, {}, { timeout: 2000, retries: 0 })) as Partial<AgencyTime>);
    cache.set(agencyId, { at: Date.now(), value });
    return value;
  } catch {
    return DEFAULT_AGENCY_TIME;
  }
}

/** The caller's agency's IANA zone (see `agencyTime`). */
export async function agencyZone(ctx: Context): Promise<string> {
  return (await agencyTime(ctx)).zone;
}

/** Drop the cached settings of one agency (or all). */
export function forgetAgencyTime(agencyId?: string): void {
  if (agencyId) cache.delete(agencyId);
  else cache.clear();
}

/** Spread into a service's `events` so that its process forgets a changed profile at once. */
export const agencyTimeEvents = {
  [PROFILE_CHANGED_EVENT](ctx: Context<{ agencyId?: string }>) {
    forgetAgencyTime(ctx.params?.agencyId);
  },
};
