import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '@audienceos/remote-sdk';
import { restoreSession, startSilentRefresh } from './session-lifecycle';

/**
 * Restore the session once at start and keep it fresh. `bootError` is set only when the server
 * could not be reached (a missing/expired cookie simply leads to the login page).
 */
export function useSessionBoot() {
  const [bootError, setBootError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setBootError(null);
    restoreSession().catch((error: unknown) => {
      if (!cancelled) setBootError(errorMessage(error));
    });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => startSilentRefresh(), []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { bootError, retry };
}
