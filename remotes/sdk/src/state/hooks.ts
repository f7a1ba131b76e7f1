import { useAtomValue } from 'jotai';
import { useMemo } from 'react';
import {
  accessTokenAtom,
  currentAgencyAtom,
  currentUserAtom,
  permissionMatches,
  permissionsAtom,
  profileAtom,
  sessionStatusAtom,
} from './session';
import { widgetsAtom } from './widgets';
import type { WidgetRegistration } from '../contract/remote-config';

export function useSession() {
  const status = useAtomValue(sessionStatusAtom);
  const profile = useAtomValue(profileAtom);
  const accessToken = useAtomValue(accessTokenAtom);
  return {
    status,
    isAuthenticated: status === 'authenticated' && accessToken !== null,
    user: profile?.user ?? null,
    agency: profile?.agency ?? null,
    permissions: profile?.permissions ?? [],
  };
}

export function useCurrentUser() {
  return useAtomValue(currentUserAtom);
}

export function useCurrentAgency() {
  return useAtomValue(currentAgencyAtom);
}

export function usePermissions() {
  return useAtomValue(permissionsAtom);
}

/** `useCan('tickets:write')` → whether the signed-in user holds that permission. */
export function useCan(permission: string): boolean {
  const permissions = useAtomValue(permissionsAtom);
  return permissionMatches(permissions, permission);
}

/**
 * Widgets other remotes contribute to `slot`, filtered by permission and sorted by `order`.
 * Render each with `<WidgetOutlet widget={w} props={…} />`, which lazy-loads it inside its own
 * error boundary.
 */
export function useWidgets(slot: string): WidgetRegistration[] {
  const widgets = useAtomValue(widgetsAtom);
  const permissions = useAtomValue(permissionsAtom);
  return useMemo(
    () =>
      widgets
        .filter((w) => w.slot === slot && (!w.permission || permissionMatches(permissions, w.permission)))
        .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.label.localeCompare(b.label)),
    [widgets, permissions, slot],
  );
}
