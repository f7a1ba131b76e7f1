import { appStore } from '../state/store';
import { accessTokenAtom, accessTokenExpiresAtAtom, profileAtom, sessionStatusAtom } from '../state/session';
import type { TokenResponse } from '../contract/api-types';
import { ApiError, apiErrorFromResponse } from './api-error';

/**
 * Token transport: login, refresh (single-flight), logout. The shell owns the session's life
 * cycle (when to refresh, what to show); the API client only calls `refreshAccessToken` after
 * a 401. The refresh token is an httpOnly cookie scoped to /api/v1/auth, so same-origin
 * `fetch` sends it and no script can read it.
 */
export const AUTH_BASE = '/api/v1/auth';

async function postAuth(path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`${AUTH_BASE}${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ name: 'NetworkError', message: 'Cannot reach the server.', code: 0, type: 'NETWORK_ERROR' });
  }
}

function storeToken(tokens: TokenResponse): void {
  appStore.set(accessTokenAtom, tokens.accessToken);
  appStore.set(accessTokenExpiresAtAtom, Date.now() + tokens.expiresIn * 1000);
}

/** Forget everything about the session in memory (the shell then shows the login page). */
export function clearSession(): void {
  appStore.set(accessTokenAtom, null);
  appStore.set(accessTokenExpiresAtAtom, null);
  appStore.set(profileAtom, null);
  appStore.set(sessionStatusAtom, 'anonymous');
}

/**
 * Sign in, to the agency with slug `agency` when the email belongs to several. Rejects with
 * ApiError (401 INVALID_CREDENTIALS, 422, 429 with `retryAfter`, 409 AGENCY_CHOICE_REQUIRED
 * with `data.agencies: [{slug, name}]`).
 */
export async function login(email: string, password: string, agency?: string): Promise<TokenResponse> {
  const response = await postAuth('/login', agency ? { email, password, agency } : { email, password });
  if (!response.ok) throw await apiErrorFromResponse(response);
  const tokens = (await response.json()) as TokenResponse;
  storeToken(tokens);
  return tokens;
}

let inflightRefresh: Promise<string | null> | null = null;

/**
 * Refresh tokens rotate and the server treats a spent one as theft (it revokes the whole
 * family). Two tabs refreshing at the same moment would both present the same cookie, so
 * refreshes are serialised across tabs with a Web Lock; the second tab then sends the cookie
 * the first one just received.
 */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('aos.session.refresh', task) as Promise<T>) : task();
}

/**
 * Exchange the refresh cookie for a new access token. Concurrent callers share one request
 * (several 401s at once must not burn the rotating refresh token several times).
 * Resolves to the new token, or null when the session is gone (the store is then cleared).
 * Rejects only when the server could not be reached, so callers can tell "signed out" from
 * "offline".
 */
export function refreshAccessToken(): Promise<string | null> {
  if (!inflightRefresh) {
    inflightRefresh = (async () => {
      const response = await acrossTabs(() => postAuth('/refresh'));
      if (response.status === 401 || response.status === 403) {
        clearSession();
        return null;
      }
      if (!response.ok) throw await apiErrorFromResponse(response);
      const tokens = (await response.json()) as TokenResponse;
      storeToken(tokens);
      return tokens.accessToken;
    })().finally(() => {
      inflightRefresh = null;
    });
  }
  return inflightRefresh;
}

/** Revoke the refresh token server-side and forget the session locally, even when offline. */
export async function logout(): Promise<void> {
  const token = appStore.get(accessTokenAtom);
  try {
    await fetch(`${AUTH_BASE}/logout`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    // Offline: the local session is still dropped; the cookie expires on its own.
  } finally {
    clearSession();
  }
}
