import {
  accessTokenExpiresAtAtom,
  appStore,
  clearSession,
  isApiError,
  loadProfile,
  login,
  logout,
  refreshAccessToken,
  sessionStatusAtom,
  toast,
} from '@audienceos/remote-sdk';

/**
 * The session's life cycle, owned by the shell: restore on page load from the refresh cookie,
 * refresh silently before the access token expires, tell other tabs about sign-out.
 * The token lives only in memory (a jotai atom); a reload restores it through the cookie.
 */

/** Refresh this long before expiry, but never later than at 80% of the token's lifetime. */
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
const OFFLINE_RETRY_MS = 30_000;

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('aos.session') : null;

/** Set while this tab signs out on purpose, so that the end of the session is not reported as a surprise. */
let signingOut = false;

/** Page load: the refresh cookie (if any) decides whether we start signed in. */
export async function restoreSession(): Promise<void> {
  appStore.set(sessionStatusAtom, 'restoring');
  const token = await refreshAccessToken(); // rejects only when the server is unreachable
  if (!token) {
    clearSession();
    return;
  }
  try {
    await loadProfile();
  } catch (error) {
    // A token the API will not accept (e.g. the user was deactivated) means: sign in again.
    if (isApiError(error) && (error.code === 401 || error.code === 403)) clearSession();
    else throw error;
  }
}

/** Sign in (to the agency with slug `agency` when the email belongs to several). */
export async function signIn(email: string, password: string, agency?: string): Promise<void> {
  await login(email, password, agency);
  await loadProfile();
  channel?.postMessage({ type: 'signed-in' });
}

export async function signOut(): Promise<void> {
  signingOut = true;
  try {
    await logout();
  } finally {
    signingOut = false;
  }
  channel?.postMessage({ type: 'signed-out' });
}

function refreshDelay(expiresAt: number): number {
  const remaining = expiresAt - Date.now();
  const beforeExpiry = remaining - REFRESH_MARGIN_MS;
  const atEightyPercent = remaining * 0.8;
  return Math.max(MIN_REFRESH_DELAY_MS, Math.min(beforeExpiry, atEightyPercent));
}

/**
 * Keep the access token fresh while signed in and follow sign-in/out in other tabs.
 * Returns the cleanup.
 */
export function startSilentRefresh(): () => void {
  let timer: number | undefined;

  const schedule = (delay: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, delay);
  };

  async function run() {
    if (appStore.get(sessionStatusAtom) !== 'authenticated') return;
    try {
      const token = await refreshAccessToken();
      if (token) await loadProfile(); // picks up role/permission changes too
      // null: the session ended server-side; clearSession() already sent us to the login page
    } catch (error) {
      if (isApiError(error) && error.isNetwork) schedule(OFFLINE_RETRY_MS);
    }
  }

  const onExpiryChange = () => {
    const expiresAt = appStore.get(accessTokenExpiresAtAtom);
    if (expiresAt === null) window.clearTimeout(timer);
    else schedule(refreshDelay(expiresAt));
  };
  const unsubscribe = appStore.sub(accessTokenExpiresAtAtom, onExpiryChange);
  onExpiryChange();

  // A session that ends by itself (revoked, expired refresh token, signed out in another tab)
  // lands on the login page; say why instead of leaving the user to guess.
  let lastStatus = appStore.get(sessionStatusAtom);
  const unsubscribeStatus = appStore.sub(sessionStatusAtom, () => {
    const status = appStore.get(sessionStatusAtom);
    if (lastStatus === 'authenticated' && status === 'anonymous' && !signingOut) {
      toast({ title: 'Your session has ended', description: 'Sign in again to continue.' });
    }
    lastStatus = status;
  });

  const onMessage = (event: MessageEvent<{ type: string }>) => {
    if (event.data?.type === 'signed-out' && appStore.get(sessionStatusAtom) === 'authenticated') clearSession();
    if (event.data?.type === 'signed-in' && appStore.get(sessionStatusAtom) === 'anonymous') {
      restoreSession().catch(() => clearSession());
    }
  };
  channel?.addEventListener('message', onMessage);

  return () => {
    window.clearTimeout(timer);
    unsubscribe();
    unsubscribeStatus();
    channel?.removeEventListener('message', onMessage);
  };
}
