/**
 * Live refresh of the automation screens: every query listens to the platform's live channel
 * for changes announced by the automations module (`useQuery(…, { live: LIVE })`), and, as a
 * safety net, reloads every 5 s while something on screen is still running (a run in progress
 * changes step by step; not every step change is announced).
 */
import { useEffect, useState } from 'react';
import type { LiveFilter } from '@audienceos/remote-sdk';

/** Any change the automations module announces (workflows, runs, approvals). */
export const LIVE: LiveFilter = { module: 'automations' };

export const POLL_MS = 5000;

/** `pollMs` for useQuery: POLL_MS while `active` holds, none otherwise. */
export function usePollWhile(active: boolean): number | undefined {
  const [on, setOn] = useState(active);
  useEffect(() => setOn(active), [active]);
  return on ? POLL_MS : undefined;
}
