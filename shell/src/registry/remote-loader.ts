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

/** Turn the federation runtime's long technical messages into a sentence and a short code. */
function explain(reason: unknown): { message: string; code: string | null } {
  const text = reason instanceof Error ? reason.message : String(reason);
  const code = /#(RUNTIME-\d+)/.exec(text)?.[1] ?? null;
  if (/ScriptNetworkError|RUNTIME-008|Failed to load script/.test(text)) {
    return { message: 'Its code could not be downloaded: the server answered with an error or could not be reached.', code };
  }
  if (/ScriptExecutionError/.test(text)) return { message: 'Its code was downloaded but failed to start.', code };
  if (/version|singleton|RUNTIME-00[56]/i.test(text)) {
    return { message: 'It was built against platform libraries this shell does not provide (a version mismatch).', code };
  }
  return { message: 'Its code failed to load.', code };
}

export class RemoteLoadError extends Error {
  override readonly name = 'RemoteLoadError';
  /** Short technical reference for support, e.g. `aos_pipeline/App · RUNTIME-008`. */
  readonly detail: string;
  constructor(
    readonly remote: string,
    readonly exposed: string,
    readonly reason: unknown,
  ) {
    const { message, code } = explain(reason);
    super(message);
    this.detail = [`${remote}/${exposed}`, code].filter(Boolean).join(' · ');
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
