import { atom } from 'jotai';
import { appStore } from './store';

/**
 * Bumped when a remote knows the module list just changed (e.g. settings switched a module on
 * or off); the shell then re-reads `/modules` at once instead of at its next 10-second poll.
 */
export const moduleListRefreshAtom = atom(0);
moduleListRefreshAtom.debugLabel = 'registry/refreshRequests';

/** Ask the shell to re-read the module list now (sidebar, routes, widgets follow). */
export function refreshModuleList(): void {
  appStore.set(moduleListRefreshAtom, (n) => n + 1);
}
