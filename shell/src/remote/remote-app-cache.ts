import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ModuleUi, RemoteAppProps } from '@audienceos/remote-sdk';
import { loadRemoteApp } from '../registry/remote-loader';

/**
 * One React.lazy component per (remote, entry, revision). React.lazy remembers its result,
 * failures included, so a Retry must use a new revision to get a new lazy component.
 */
const cache = new Map<string, LazyExoticComponent<ComponentType<RemoteAppProps>>>();

export function lazyRemoteApp(ui: ModuleUi, revision: string): LazyExoticComponent<ComponentType<RemoteAppProps>> {
  const key = `${ui.remote}|${ui.entry}|${revision}`;
  let component = cache.get(key);
  if (!component) {
    component = lazy(async () => ({ default: await loadRemoteApp(ui, revision) }));
    cache.set(key, component);
  }
  return component;
}
