import { useEffect, useState } from 'react';

/**
 * A module loaded on first need and then kept. The SDK is a shared singleton that the shell
 * loads before its first render, so anything it imports statically counts against the shell's
 * initial budget: the Radix-based parts (dialogs, menus, selects) come through this instead,
 * when a dialog opens, a menu is approached, or a select is rendered.
 */
export interface LazyModule<T> {
  /** Start (or join) the download; resolves with the module. */
  preload: () => Promise<T>;
  /** The module once `active` has been true at least once and it arrived; null before. */
  useModule: (active: boolean) => T | null;
}

export function createLazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  let loaded: T | null = null;
  let pending: Promise<T> | null = null;

  const preload = () => {
    if (loaded) return Promise.resolve(loaded);
    if (!pending) {
      pending = load().then(
        (module) => (loaded = module),
        (error: unknown) => {
          pending = null; // let the next attempt retry (e.g. after a network blip)
          throw error;
        },
      );
    }
    return pending;
  };

  function useModule(active: boolean): T | null {
    const [module, setModule] = useState<T | null>(loaded);
    useEffect(() => {
      if (!active || module) return;
      let cancelled = false;
      preload().then(
        (m) => !cancelled && setModule(() => m),
        (error: unknown) => console.error('[remote-sdk] could not load a UI chunk', error),
      );
      return () => {
        cancelled = true;
      };
    }, [active, module]);
    return module ?? loaded;
  }

  return { preload, useModule };
}
