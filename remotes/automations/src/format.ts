/**
 * Dates for the automation screens: relative within a day ("12 min ago", "in 3 h"), otherwise
 * the platform's one format in the agency's zone; calendar dates from a date input turned into
 * the instant they start at in that zone.
 */
import { useCallback } from 'react';
import { useDateFormat } from '@audienceos/remote-sdk';
import { relative } from './time';

export { relative, startOfDayIn } from './time';

/** `when(iso)` → relative within a day, else "9 Mar 2026, 17:00" in the agency's zone. */
export function useWhen(): (iso: string | null | undefined) => string {
  const fmt = useDateFormat();
  return useCallback((iso) => (iso ? (relative(iso) ?? fmt.dateTime(iso)) : '—'), [fmt]);
}
