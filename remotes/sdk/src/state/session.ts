import { atom } from 'jotai';
import type { Agency, CurrentUser, MeResponse } from '../contract/api-types';

/**
 * `restoring`: the shell is trying the refresh cookie (page load);
 * `anonymous`: no session, show login; `authenticated`: token and profile are present.
 */
export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';

/** The bearer token. Kept only in memory: never written to storage. */
export const accessTokenAtom = atom<string | null>(null);
accessTokenAtom.debugLabel = 'session/accessToken';

/** Epoch ms at which the access token expires; drives the shell's silent refresh. */
export const accessTokenExpiresAtAtom = atom<number | null>(null);
accessTokenExpiresAtAtom.debugLabel = 'session/accessTokenExpiresAt';

export const sessionStatusAtom = atom<SessionStatus>('restoring');
sessionStatusAtom.debugLabel = 'session/status';

/** The `GET /auth/me` answer: who is signed in, for which agency, allowed to do what. */
export const profileAtom = atom<MeResponse | null>(null);
profileAtom.debugLabel = 'session/profile';

export const currentUserAtom = atom<CurrentUser | null>((get) => get(profileAtom)?.user ?? null);
currentUserAtom.debugLabel = 'session/currentUser';

export const currentAgencyAtom = atom<Agency | null>((get) => get(profileAtom)?.agency ?? null);
currentAgencyAtom.debugLabel = 'session/currentAgency';

const NO_PERMISSIONS: readonly string[] = Object.freeze([]);

export const permissionsAtom = atom<readonly string[]>((get) => get(profileAtom)?.permissions ?? NO_PERMISSIONS);
permissionsAtom.debugLabel = 'session/permissions';

/**
 * Whether `granted` covers `wanted`. Supports exact matches plus the wildcards `*` (everything)
 * and `resource:*` (every action on a resource), so a backend may grant broad roles compactly.
 */
export function permissionMatches(granted: readonly string[], wanted: string): boolean {
  if (granted.includes(wanted) || granted.includes('*')) return true;
  const [resource] = wanted.split(':');
  return granted.includes(`${resource}:*`);
}
