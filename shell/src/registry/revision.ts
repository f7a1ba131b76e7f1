import { atom } from 'jotai';
import { appStore } from '@audienceos/remote-sdk';
import type { KnownScreen } from './registry-state';

/**
 * Retries per module. Together with the registry generation they form the "revision" handed to
 * the remote loader: a new revision re-registers the container with `force: true`, so a Retry
 * really fetches remoteEntry.js again instead of replaying the cached failure.
 */
export const retryCountsAtom = atom<Readonly<Record<string, number>>>({});
retryCountsAtom.debugLabel = 'registry/retryCounts';

export function revisionOf(screen: Pick<KnownScreen, 'module' | 'generation'>): string {
  return `${screen.generation}.${appStore.get(retryCountsAtom)[screen.module] ?? 0}`;
}

export function bumpRetry(module: string): void {
  appStore.set(retryCountsAtom, (counts) => ({ ...counts, [module]: (counts[module] ?? 0) + 1 }));
}
