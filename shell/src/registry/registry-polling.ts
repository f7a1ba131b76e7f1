import { api, appStore, moduleListRefreshAtom, type ModulesResponse } from '@audienceos/remote-sdk';
import { knownScreensAtom, mergeKnownScreens, modulesAtom, registryErrorAtom, registryStatusAtom, sameScreens } from './registry-state';

/** The list changes while the app runs (module processes start and stop). */
export const REGISTRY_POLL_MS = 10_000;

let inflight: Promise<void> | null = null;

/**
 * Fetch `/modules` now (deduplicated) and merge the answer into the registry atoms. `fresh`:
 * the caller knows the list just changed, so an answer already on its way may be stale — read
 * it again once that one is in.
 */
export function refreshRegistry(options: { fresh?: boolean } = {}): Promise<void> {
  if (inflight && options.fresh) return inflight.then(() => refreshRegistry());
  if (!inflight) {
    inflight = (async () => {
      try {
        const { modules } = await api.get<ModulesResponse>('/modules');
        const list = Array.isArray(modules) ? modules : [];
        if (JSON.stringify(list) !== JSON.stringify(appStore.get(modulesAtom))) appStore.set(modulesAtom, list);
        const previous = appStore.get(knownScreensAtom);
        const next = mergeKnownScreens(previous, list);
        if (!sameScreens(previous, next)) appStore.set(knownScreensAtom, next);
        appStore.set(registryStatusAtom, 'ready');
        appStore.set(registryErrorAtom, null);
      } catch (error) {
        // Keep showing what we had; only the very first failure blocks the content area.
        if (appStore.get(registryStatusAtom) !== 'ready') appStore.set(registryStatusAtom, 'error');
        appStore.set(registryErrorAtom, error);
      }
    })().finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

/** Poll every 10 s, and right away on window focus, on becoming visible, or when a remote asks. */
export function startRegistryPolling(): () => void {
  void refreshRegistry();
  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible') void refreshRegistry();
  }, REGISTRY_POLL_MS);
  const onFocus = () => void refreshRegistry();
  const onVisibility = () => {
    if (document.visibilityState === 'visible') void refreshRegistry();
  };
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onVisibility);
  // A remote said the list changed (refreshModuleList() from the SDK).
  const unsubscribeRequests = appStore.sub(moduleListRefreshAtom, () => void refreshRegistry({ fresh: true }));
  return () => {
    unsubscribeRequests();
    window.clearInterval(timer);
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** Forget everything on sign-out: the next user may see other modules. */
export function resetRegistry(): void {
  appStore.set(modulesAtom, []);
  appStore.set(knownScreensAtom, {});
  appStore.set(registryStatusAtom, 'loading');
  appStore.set(registryErrorAtom, null);
}
