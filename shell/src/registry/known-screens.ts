/*
 * The registry's availability rules, free of React, jotai and the SDK so they can be unit-tested
 * in Node. The manifest types are the structural subset of the SDK's ModuleManifest used here.
 */
interface ScreenNav {
  label: string;
  icon: string;
  path: string;
  group: 'operations' | 'resources' | 'configure';
  order: number;
}

interface ScreenUi {
  remote: string;
  entry: string;
  nav: ScreenNav;
}

interface ListedModule {
  module: string;
  version: string;
  available: boolean;
  ui: ScreenUi | null;
}

/**
 * What the shell knows about modules. `/modules` lists only what is up and allowed right now;
 * the shell also remembers screens it has seen this session, so that a module which drops out
 * while open keeps its route and shows "unavailable" instead of a 404.
 */
export interface KnownScreen {
  module: string;
  version: string;
  ui: ScreenUi;
  available: boolean;
  /**
   * Bumped whenever the module comes back or is redeployed (version or entry changed): the
   * shell then re-registers the remote with `force` and re-mounts the screen.
   */
  generation: number;
}

/**
 * Merge a fresh `/modules` answer into what we know. Pure, so the availability and generation
 * rules are easy to test.
 */
export function mergeKnownScreens(previous: Readonly<Record<string, KnownScreen>>, modules: readonly ListedModule[]): Record<string, KnownScreen> {
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
