import { atom } from 'jotai';
import type { ModuleManifest, ModuleUi } from '@audienceos/remote-sdk';

/**
 * What the shell knows about modules. `/modules` lists only what is up and allowed right now;
 * the shell also remembers screens it has seen this session, so that a module which drops out
 * while open keeps its route and shows "unavailable" instead of a 404.
 */
export interface KnownScreen {
  module: string;
  version: string;
  ui: ModuleUi;
  available: boolean;
  /**
   * Bumped whenever the module comes back or is redeployed (version or entry changed): the
   * shell then re-registers the remote with `force` and re-mounts the screen.
   */
  generation: number;
}

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

/**
 * Merge a fresh `/modules` answer into what we know. Pure, so the availability and generation
 * rules are easy to test.
 */
export function mergeKnownScreens(previous: Readonly<Record<string, KnownScreen>>, modules: readonly ModuleManifest[]): Record<string, KnownScreen> {
  const next: Record<string, KnownScreen> = {};
  const listed = new Set<string>();
  for (const manifest of modules) {
    if (!manifest.ui || manifest.available === false) continue;
    listed.add(manifest.module);
    const before = previous[manifest.module];
    const redeployed = before && (before.version !== manifest.version || before.ui.entry !== manifest.ui.entry || before.ui.remote !== manifest.ui.remote);
    const cameBack = before && !before.available;
    next[manifest.module] = {
      module: manifest.module,
      version: manifest.version,
      ui: manifest.ui,
      available: true,
      generation: before ? before.generation + (redeployed || cameBack ? 1 : 0) : 0,
    };
  }
  for (const [id, screen] of Object.entries(previous)) {
    if (!listed.has(id)) next[id] = screen.available ? { ...screen, available: false } : screen;
  }
  return next;
}

/** Cheap structural equality so an unchanged poll does not re-render the whole frame. */
export function sameScreens(a: Readonly<Record<string, KnownScreen>>, b: Readonly<Record<string, KnownScreen>>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
