import { useEffect } from 'react';
import { onLiveStatus, startLiveConnection, stopLiveConnection } from '@audienceos/remote-sdk';

/**
 * Opens the tab's one live stream (issue 13) while the user is signed in, and closes it on
 * sign-out (unmount). Remotes subscribe through the remote SDK (`useLiveChanges`,
 * `useQuery(…, { live })`); nothing here knows a module. The stream's state is mirrored on
 * `<html data-live="off|connecting|open|retrying">` (styles and browser tests can read it).
 */
export function LiveProvider() {
  useEffect(() => {
    const off = onLiveStatus((status) => {
      document.documentElement.dataset.live = status;
    });
    startLiveConnection();
    return () => {
      stopLiveConnection();
      off();
      delete document.documentElement.dataset.live;
    };
  }, []);
  return null;
}
