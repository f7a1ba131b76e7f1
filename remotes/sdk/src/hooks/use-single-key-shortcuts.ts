import { useEffect, useRef } from 'react';

/**
 * Single-key shortcuts for the screen (UI.md: C create, A assign, I assign to me, S status,
 * P priority, J/K move, / search). Ignored while typing, with a modifier held, or while a
 * dialog is open (its own keys win); the drawer is not a dialog for this purpose.
 */
export function useSingleKeyShortcuts(bindings: Record<string, (event: KeyboardEvent) => void>, enabled = true): void {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (
        target?.closest(
          'input, textarea, select, [contenteditable="true"], [role="dialog"]:not(.aos-drawer), [role="listbox"], [role="menu"]',
        )
      )
        return;
      const handler = latest.current[event.key] ?? latest.current[event.key.toLowerCase()];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
