/**
 * Live refresh of the automation screens. When the remote SDK offers the platform's live
 * channel (`useLiveChanges`), a change announced by the automations module reloads the screen;
 * until then (or with an older SDK) the screen polls every 5 s, and only while `pollWhile`
 * holds (a run is running). The SDK is a federation singleton: the check is made at run time,
 * so this remote picks the live channel up without a rebuild.
 */
import { useEffect, useRef } from 'react';
import * as sdk from '@audienceos/remote-sdk';

type LiveFilter = { module: string; entity?: string; id?: string };
type UseLiveChanges = (filter: LiveFilter, onChange: (change: unknown) => void) => void;

const useLiveChanges = Reflect.get(sdk, 'useLiveChanges') as UseLiveChanges | undefined;

/** True when the live channel is available (the screens then do not poll). */
export const liveAvailable = typeof useLiveChanges === 'function';

export const POLL_MS = 5000;

/** Call `onChange` on every automations change notice (filtered by entity/id), or poll while `pollWhile`. */
export function useLiveRefresh(filter: Omit<LiveFilter, 'module'>, onChange: () => void, pollWhile: boolean): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  if (useLiveChanges) {
    // Constant for the page's lifetime: the hook order never changes.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useLiveChanges({ module: 'automations', ...filter }, () => latest.current());
  }
  const poll = !liveAvailable && pollWhile;
  useEffect(() => {
    if (!poll) return;
    const timer = window.setInterval(() => latest.current(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [poll]);
}
