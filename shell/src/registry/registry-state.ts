import { atom } from 'jotai';
import type { ModuleManifest } from '@audienceos/remote-sdk';
import type { KnownScreen } from './known-screens';

export { mergeKnownScreens, sameScreens, type KnownScreen } from './known-screens';

export type RegistryStatus = 'loading' | 'ready' | 'error';

export const registryStatusAtom = atom<RegistryStatus>('loading');
registryStatusAtom.debugLabel = 'registry/status';

export const registryErrorAtom = atom<unknown>(null);
registryErrorAtom.debugLabel = 'registry/error';

/** The last `/modules` answer. */
export const modulesAtom = atom<readonly ModuleManifest[]>([]);
modulesAtom.debugLabel = 'registry/modules';

/** Every module with a screen seen during this session, keyed by module id. */
export const knownScreensAtom = atom<Readonly<Record<string, KnownScreen>>>({});
knownScreensAtom.debugLabel = 'registry/knownScreens';

/** Available screens in navigation order (group, then `order`, then label). */
export const navScreensAtom = atom((get) => {
  const groupRank = { operations: 0, resources: 1, configure: 2 } as Record<string, number>;
  return Object.values(get(knownScreensAtom))
    .filter((s) => s.available)
    .sort(
      (a, b) =>
        (groupRank[a.ui.nav.group] ?? 3) - (groupRank[b.ui.nav.group] ?? 3) ||
        a.ui.nav.order - b.ui.nav.order ||
        a.ui.nav.label.localeCompare(b.ui.nav.label),
    );
});
navScreensAtom.debugLabel = 'registry/navScreens';
