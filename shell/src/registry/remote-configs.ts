import { atom } from 'jotai';
import { appStore, widgetsAtom, type RemoteConfig, type WidgetRegistration } from '@audienceos/remote-sdk';
import { loadRemoteConfig } from './remote-loader';
import { knownScreensAtom, type KnownScreen } from './registry-state';
import { revisionOf } from './revision';

/**
 * Each available remote's `./config`, loaded in the background after the frame is up, so
 * that its commands (palette, shortcuts), widgets and nav badge are known before its screen is
 * opened. Widgets of every available remote are published to the SDK's `widgetsAtom`.
 */
export interface LoadedConfig {
  module: string;
  generation: number;
  config: RemoteConfig;
}

export const remoteConfigsAtom = atom<Readonly<Record<string, LoadedConfig>>>({});
remoteConfigsAtom.debugLabel = 'registry/remoteConfigs';

/** Configs of modules that are available right now. */
export const availableConfigsAtom = atom((get) => {
  const screens = get(knownScreensAtom);
  return Object.values(get(remoteConfigsAtom)).filter((c) => screens[c.module]?.available);
});
availableConfigsAtom.debugLabel = 'registry/availableConfigs';

const loading = new Map<string, number>(); // module → generation being loaded
const failedAt = new Map<string, number>(); // module → time of last failure (for back-off)
const RETRY_FAILED_AFTER_MS = 30_000;

function publishWidgets(): void {
  const widgets: WidgetRegistration[] = appStore
    .get(availableConfigsAtom)
    .flatMap(({ module, config }) => (config.widgets ?? []).map((w) => ({ ...w, module })));
  const current = appStore.get(widgetsAtom);
  const same = current.length === widgets.length && current.every((w, i) => w.module === widgets[i].module && w.id === widgets[i].id && w.load === widgets[i].load);
  if (!same) appStore.set(widgetsAtom, widgets);
}

async function loadConfigFor(screen: KnownScreen): Promise<void> {
  loading.set(screen.module, screen.generation);
  try {
    const config = await loadRemoteConfig(screen.ui, revisionOf(screen));
    appStore.set(remoteConfigsAtom, (all) => ({ ...all, [screen.module]: { module: screen.module, generation: screen.generation, config } }));
    failedAt.delete(screen.module);
  } catch (error) {
    failedAt.set(screen.module, Date.now());
    console.warn(`[shell] ${screen.module}: ./config failed to load; its commands and widgets are missing until it loads`, error);
  } finally {
    loading.delete(screen.module);
  }
}

/** Load what is missing or outdated; called whenever the registry changes (and on its polls). */
export function syncRemoteConfigs(): void {
  const configs = appStore.get(remoteConfigsAtom);
  for (const screen of Object.values(appStore.get(knownScreensAtom))) {
    if (!screen.available) continue;
    const have = configs[screen.module];
    if (have && have.generation === screen.generation) continue;
    if (loading.get(screen.module) === screen.generation) continue;
    const failed = failedAt.get(screen.module);
    if (failed && Date.now() - failed < RETRY_FAILED_AFTER_MS) continue;
    void loadConfigFor(screen);
  }
  publishWidgets();
}

export function startRemoteConfigSync(): () => void {
  // After the frame's first paint: configs are for the palette and widgets, not for the nav.
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(syncRemoteConfigs, { timeout: 2000 });
  else setTimeout(syncRemoteConfigs, 300);
  const unsubscribeScreens = appStore.sub(knownScreensAtom, syncRemoteConfigs);
  const unsubscribeConfigs = appStore.sub(remoteConfigsAtom, publishWidgets);
  // Retry configs that failed, on the registry's rhythm.
  const timer = window.setInterval(syncRemoteConfigs, RETRY_FAILED_AFTER_MS);
  return () => {
    unsubscribeScreens();
    unsubscribeConfigs();
    window.clearInterval(timer);
  };
}

export function resetRemoteConfigs(): void {
  appStore.set(remoteConfigsAtom, {});
  appStore.set(widgetsAtom, []);
}

/** After a manual Retry: try the config again right away instead of waiting for the back-off. */
export function retryRemoteConfig(module: string): void {
  failedAt.delete(module);
  syncRemoteConfigs();
}
