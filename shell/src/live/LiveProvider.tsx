import { useEffect } from 'react';
import { startLiveConnection, stopLiveConnection } from '@audienceos/remote-sdk';

/**
 * Opens the tab's one live stream (issue 13) while the user is signed in, and closes it on
 * sign-out (unmount). Remotes subscribe through the remote SDK (`useLiveChanges`,
 * `useQuery(…, { live })`); nothing here knows a module.
 */
export function LiveProvider() {
  useEffect(() => {
    startLiveConnection();
    return () => stopLiveConnection();
  }, []);
  return null;
}
