/**
 * Snooze presets, computed on the server in the AGENCY's zone (not the browser's): a person in
 * London snoozing a conversation of an agency in Auckland until "tomorrow" means 9:00 tomorrow
 * in Auckland. `later-today`: in 3 hours; `tomorrow`: 9:00 on the next local day; `next-week`:
 * 9:00 on the next local Monday (a week later when today is Monday).
 */
import { addDaysIn, atLocalTime, startOfDayIn, weekdayIn, WEEKDAYS } from '@audienceos/module-sdk';

export const SNOOZE_PRESETS = ['later-today', 'tomorrow', 'next-week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** Local time the day presets wake at. */
export const SNOOZE_WAKE_TIME = '09:00';

/** The instant `preset` means at `now` in `zone` (IANA). */
export function snoozePresetUntil(preset: SnoozePreset, now: Date, zone: string): Date {
  if (preset === 'later-today') return new Date(now.getTime() + 3 * 3_600_000);
  const today = startOfDayIn(now, zone);
  if (preset === 'tomorrow') return atLocalTime(addDaysIn(today, 1, zone), SNOOZE_WAKE_TIME, zone);
  const weekday = WEEKDAYS.indexOf(weekdayIn(now, zone)); // 0 = Monday
  return atLocalTime(addDaysIn(today, 7 - weekday, zone), SNOOZE_WAKE_TIME, zone);
}
