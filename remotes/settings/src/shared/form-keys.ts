import type { KeyboardEvent } from 'react';

/** Esc anywhere in a form cancels its edits (Enter submits natively through the form). */
export function escapeCancels(cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    cancel();
  };
}
