/**
 * Dates on screen, in the agency's time zone and one format everywhere (issue 9): the zone is
 * the agency profile's (`GET /settings/profile`, loaded once per session by the first screen
 * that formats a date, when the registry lists settings; UTC when settings is off or unreachable). Formats (en-GB order, 24 h):
 * date "9 Mar 2026", short date "9 Mar", date-time "9 Mar 2026, 17:00", time "17:00".
 */
import { atom, useAtomValue } from 'jotai';
import { useEffect, useMemo } from 'react';
import { api } from '../api/client';
import type { ModulesResponse } from '../contract/api-types';
import { currentAgencyAtom } from '../state/session';
import { appStore } from '../state/store';

/** The agency's IANA zone, for the agency it was loaded for (a sign-in to another agency reloads it). */
export const agencyZoneAtom = atom<{ agencyId: string; zone: string } | null>(null);
agencyZoneAtom.debugLabel = 'time/agencyZone';

let loading: { agencyId: string; zone: Promise<string> } | null = null;

/** Ask settings for the signed-in agency's zone once (later calls share the answer); UTC when it cannot answer. */
export function loadAgencyZone(): Promise<string> {
  const agencyId = appStore.get(currentAgencyAtom)?.id ?? '';
  if (loading?.agencyId === agencyId) return loading.zone;
  // Only when settings is up for this agency (the registry says), so that no screen logs a 404.
  const zone = api
    .get<ModulesResponse>('/modules')
    .then(({ modules }) => (modules.some((m) => m.module === 'settings') ? api.get<{ timezone?: string }>('/settings/profile') : null))
    .then((p) => (p?.timezone && isZone(p.timezone) ? p.timezone : 'UTC'))
    .catch(() => 'UTC')
    .then((z) => {
      appStore.set(agencyZoneAtom, { agencyId, zone: z });
      return z;
    });
  loading = { agencyId, zone };
  return zone;
}

/** After the agency changes its zone (the settings screen): every date on screen follows at once. */
export function setAgencyZone(zone: string): void {
  const agencyId = appStore.get(currentAgencyAtom)?.id ?? '';
  loading = { agencyId, zone: Promise.resolve(zone) };
  appStore.set(agencyZoneAtom, { agencyId, zone });
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, kind: 'date' | 'short' | 'dateTime' | 'time'): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const parts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { day: 'numeric', month: 'short', year: 'numeric' }
        : kind === 'short'
          ? { day: 'numeric', month: 'short' }
          : kind === 'time'
            ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
            : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('en-GB', { ...parts, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

export interface DateFormat {
  zone: string;
  /** An instant (ISO) as its date in the zone: "9 Mar 2026". */
  date(iso: string | Date): string;
  /** An instant as day and month in the zone: "9 Mar". */
  shortDate(iso: string | Date): string;
  /** An instant as date and time in the zone: "9 Mar 2026, 17:00". */
  dateTime(iso: string | Date): string;
  /** An instant as the time of day in the zone: "17:00". */
  time(iso: string | Date): string;
  /** A calendar date `YYYY-MM-DD` (already the agency's, e.g. a KPI point): "9 Mar". */
  day(dateKey: string): string;
}

/** Formatters for `zone` (pure: usable outside React and in tests). */
export function dateFormat(zone: string): DateFormat {
  const at = (v: string | Date) => (typeof v === 'string' ? new Date(v) : v);
  return {
    zone,
    date: (v) => formatter(zone, 'date').format(at(v)),
    shortDate: (v) => formatter(zone, 'short').format(at(v)),
    dateTime: (v) => formatter(zone, 'dateTime').format(at(v)),
    time: (v) => formatter(zone, 'time').format(at(v)),
    // A date key is a calendar date, not an instant: format it at noon UTC in UTC.
    day: (key) => formatter('UTC', 'short').format(new Date(`${key}T12:00:00Z`)),
  };
}

/** The formatters in the zone loaded so far, for code outside React (a screen calls `useDateFormat()` to render again when it arrives). */
export function currentDateFormat(): DateFormat {
  const loaded = appStore.get(agencyZoneAtom);
  const agencyId = appStore.get(currentAgencyAtom)?.id ?? '';
  if (loaded?.agencyId !== agencyId) void loadAgencyZone();
  return dateFormat(loaded?.agencyId === agencyId ? loaded.zone : 'UTC');
}

/** The formatters in the agency's zone (UTC until the zone has loaded). */
export function useDateFormat(): DateFormat {
  const loaded = useAtomValue(agencyZoneAtom);
  const agencyId = useAtomValue(currentAgencyAtom)?.id ?? '';
  const current = loaded?.agencyId === agencyId ? loaded.zone : null;
  useEffect(() => {
    if (current === null) void loadAgencyZone();
  }, [current, agencyId]);
  return useMemo(() => dateFormat(current ?? 'UTC'), [current]);
}
