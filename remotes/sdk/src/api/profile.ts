import { appStore } from '../state/store';
import { profileAtom, sessionStatusAtom } from '../state/session';
import type { MeResponse } from '../contract/api-types';
import { AUTH_BASE } from './auth';
import { api } from './client';

/** Load `/auth/me` into the session atoms; the session counts as authenticated from here on. */
export async function loadProfile(signal?: AbortSignal): Promise<MeResponse> {
  const me = await api.get<MeResponse>(`${AUTH_BASE}/me`, { signal });
  appStore.set(profileAtom, me);
  appStore.set(sessionStatusAtom, 'authenticated');
  return me;
}
