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

/** Snooze presets (the browser's clock and zone): later today (+3 h), tomorrow 9:00, next Monday 9:00. */
export function snoozePresets(now = new Date()): { value: string; label: string }[] {
  const at9 = (d: Date) => {
    const x = new Date(d);
    x.setHours(9, 0, 0, 0);
    return x;
  };
  const tomorrow = at9(new Date(now.getTime() + 86_400_000));
  const monday = at9(new Date(now.getTime() + ((8 - now.getDay()) % 7 || 7) * 86_400_000));
  return [
    { value: new Date(now.getTime() + 3 * 3_600_000).toISOString(), label: 'Later today' },
    { value: tomorrow.toISOString(), label: 'Tomorrow' },
    { value: monday.toISOString(), label: 'Next week' },
    { value: 'pick', label: 'Pick a time…' },
  ];
}
