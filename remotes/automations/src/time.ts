/** Pure time helpers of the automation screens (no React, no SDK): relative words and zoned day starts. */

/** "just now", "12 min ago", "3 h ago", "in 20 min", or null when more than a day away. */
export function relative(iso: string, now = Date.now()): string | null {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (!Number.isFinite(diff) || abs >= 86_400_000) return null;
  if (abs < 45_000) return diff < 0 ? 'just now' : 'in a moment';
  const words = abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : `${Math.round(abs / 3_600_000)} h`;
  return diff < 0 ? `${words} ago` : `in ${words}`;
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffset(zone: string, instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** `2026-03-09` → the ISO instant that day starts at in `zone` (plus `addDays`). */
export function startOfDayIn(dateKey: string, zone: string, addDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateKey);
  if (!m) return undefined;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  let instant = guess - zoneOffset(zone, guess);
  instant = guess - zoneOffset(zone, instant); // once more across a DST change
  return new Date(instant).toISOString();
}
