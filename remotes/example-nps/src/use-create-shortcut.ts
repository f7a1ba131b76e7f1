import { useEffect } from 'react';

/** `C` creates (UI.md), unless the user is typing or a dialog is open. */
export function useCreateShortcut(create: (() => void) | null): void {
  useEffect(() => {
    if (!create) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'c' || event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      create();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [create]);
}
