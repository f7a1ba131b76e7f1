import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import type { ComponentType } from 'react';
import type { ModuleUi, RemoteAppProps, RemoteConfig } from '@audienceos/remote-sdk';

/**
 * The only place that talks to the federation runtime. Remotes are registered lazily from the
 * registry's `ui.remote`/`ui.entry`; a retry or a redeploy re-registers with `force: true`,
 * which drops the runtime's cached container so the entry script is fetched again.
 */

/** What each container is currently registered as: its entry URL plus the caller's revision. */
const registrations = new Map<string, string>();

export class RemoteLoadError extends Error {
  override readonly name = 'RemoteLoadError';
  constructor(
    readonly remote: string,
    readonly exposed: string,
    readonly reason: unknown,
  ) {
    super(`Could not load ${remote}/${exposed}${reason instanceof Error ? `: ${reason.message}` : ''}`);
  }
}

function absoluteEntry(entry: string): string {
  return new URL(entry, window.location.origin).href;
}

/**
 * Register the container, or re-register it (`force`) when its entry or the revision changed.
 * The revision is the shell's way to say "fetch it again": it changes when the module comes
 * back or is redeployed, and on every Retry.
 */
function ensureRegistered(ui: ModuleUi, revision: string): void {
  const entry = absoluteEntry(ui.entry);
  const wanted = `${entry}#${revision}`;
  const current = registrations.get(ui.remote);
  if (current === wanted) return;
  registerRemotes([{ name: ui.remote, entry }], { force: current !== undefined });
  registrations.set(ui.remote, wanted);
}

async function loadExposed<T>(ui: ModuleUi, exposed: 'config' | 'App', revision: string): Promise<T> {
  let loaded: T | null;
  try {
    ensureRegistered(ui, revision);
    loaded = await loadRemote<T>(`${ui.remote}/${exposed}`);
  } catch (error) {
    throw new RemoteLoadError(ui.remote, exposed, error);
  }
  if (loaded === null || loaded === undefined) throw new RemoteLoadError(ui.remote, exposed, new Error('the container returned nothing'));
  return loaded;
}

/** `./config` may be the config itself or a module with it as default export. */
export async function loadRemoteConfig(ui: ModuleUi, revision: string): Promise<RemoteConfig> {
  const mod = await loadExposed<RemoteConfig | { default: RemoteConfig }>(ui, 'config', revision);
  const config = 'default' in mod && mod.default ? mod.default : (mod as RemoteConfig);
  if (!config || typeof config !== 'object' || !config.nav) {
    throw new RemoteLoadError(ui.remote, 'config', new Error('./config does not export a RemoteConfig'));
  }
  return config;
}

export async function loadRemoteApp(ui: ModuleUi, revision: string): Promise<ComponentType<RemoteAppProps>> {
  const mod = await loadExposed<{ default?: ComponentType<RemoteAppProps> }>(ui, 'App', revision);
  if (typeof mod.default !== 'function' && typeof mod.default !== 'object') {
    throw new RemoteLoadError(ui.remote, 'App', new Error('./App has no default export'));
  }
  return mod.default as ComponentType<RemoteAppProps>;
}
