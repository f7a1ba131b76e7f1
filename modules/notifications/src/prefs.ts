/**
 * Per-user preferences: which kinds arrive in-app and/or by email, muted clients, quiet hours
 * (local `HH:MM` in the user's zone, else the agency's) and a daily digest instead of single emails.
 */
import { agencyTime, isTimeZone, type ActionContext } from '@audienceos/module-sdk';
import { DEFAULT_CHANNELS, DEFAULT_DIGEST_HOUR, KINDS, type Kind } from './constants';
import { pgArray } from './sql';

export interface Prefs {
  userId: string;
  channels: Record<Kind, { inApp: boolean; email: boolean }>;
  mutedClientIds: string[];
  quietHours: { start: string; end: string } | null;
  timeZone: string | null;
  digest: boolean;
  digestHour: number;
  lastDigestOn: string | null;
  version: number;
}

interface Row {
  user_id: string;
  channels: Record<string, { inApp?: boolean; email?: boolean }>;
  muted_client_ids: string[];
  quiet_start: string | null;
  quiet_end: string | null;
  time_zone: string | null;
  digest: boolean;
  digest_hour: number;
  last_digest_on: string | null;
  version: number;
}

export function prefsOf(userId: string, row?: Row | null): Prefs {
  const channels = Object.fromEntries(
    KINDS.map((k) => {
      const stored = row?.channels?.[k];
      return [k, { inApp: stored?.inApp ?? DEFAULT_CHANNELS[k].inApp, email: stored?.email ?? DEFAULT_CHANNELS[k].email }];
    }),
  ) as Prefs['channels'];
  return {
    userId,
    channels,
    mutedClientIds: row?.muted_client_ids ?? [],
    quietHours: row?.quiet_start && row?.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
    timeZone: row?.time_zone ?? null,
    digest: row?.digest ?? false,
    digestHour: row?.digest_hour ?? DEFAULT_DIGEST_HOUR,
    lastDigestOn: row?.last_digest_on ?? null,
    version: row?.version ?? 0,
  };
}

/** The stored preferences of `userIds` in the caller's agency (defaults for those without a row). */
export async function loadPrefs(ctx: ActionContext, userIds: string[], lock = false): Promise<Map<string, Prefs>> {
  const out = new Map<string, Prefs>();
  if (!userIds.length) return out;
  const rows = await ctx.db.sql<Row>(
    `select * from notifications.preference where agency_id = $agency and user_id = any(?::uuid[])${lock ? ' for update' : ''}`,
    [pgArray(userIds)],
  );
  const byId = new Map(rows.map((r) => [r.user_id, r]));
  for (const id of userIds) out.set(id, prefsOf(id, byId.get(id)));
  return out;
}

/** Minutes since local midnight of `at` in `zone` (wall clock). */
export function localMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is `at` inside the quiet hours (start inclusive, end exclusive; overnight windows wrap)? */
export function inQuietHours(prefs: Prefs, at: Date, zone: string): boolean {
  if (!prefs.quietHours) return false;
  const m = localMinutes(at, zone);
  const s = toMinutes(prefs.quietHours.start);
  const e = toMinutes(prefs.quietHours.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The zone a person's quiet hours and digest hour are read in: their own if set, else the agency's. */
export async function zoneFor(ctx: ActionContext, prefs: Prefs): Promise<string> {
  if (prefs.timeZone && isTimeZone(prefs.timeZone)) return prefs.timeZone;
  return (await agencyTime(ctx)).zone;
}
