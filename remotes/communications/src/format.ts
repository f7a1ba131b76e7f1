/** Small display helpers (times are shown in the agency's zone through the SDK's formatters). */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(hours / 24);
  return days < 30 ? `${days}d` : `${Math.round(days / 30)}mo`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Snooze choices: the presets are computed by the server in the AGENCY's zone (later today = in
 * 3 h, tomorrow 9:00, next Monday 9:00 there), so the value is `preset:<name>`; `pick` opens the
 * time picker (its local value is also read in the agency's zone by the server).
 */
export function snoozePresets(): { value: string; label: string }[] {
  return [
    { value: 'preset:later-today', label: 'Later today' },
    { value: 'preset:tomorrow', label: 'Tomorrow, 9:00' },
    { value: 'preset:next-week', label: 'Next week (Monday 9:00)' },
    { value: 'pick', label: 'Pick a time…' },
  ];
}
