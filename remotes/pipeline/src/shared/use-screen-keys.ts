/**
 * The screen's single-key shortcuts (UI.md): `N` or `C` new client, `/` search. Ignored while
 * typing, with modifiers, or when something else (a card, a dialog) already handled the key.
 */
import { useEffect, useRef } from 'react';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

export function useScreenKeys(bindings: Record<string, (() => void) | null>): void {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      // Not while a dialog or menu has focus: their keys are theirs.
      if (document.querySelector('[role="dialog"][aria-modal="true"], [role="menu"]')) return;
      const run = latest.current[event.key.toLowerCase()];
      if (!run) return;
      event.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
