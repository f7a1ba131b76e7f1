import { useAtom } from 'jotai';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useCommands } from '../commands/useCommands';
import { paletteOpenAtom } from '../layout/ui-state';

const CommandPalette = lazy(() => import(/* webpackChunkName: "command-palette" */ './CommandPalette'));

/** Prefetch the palette chunk (e.g. on hover of the search button) so ⌘K opens instantly. */
export function prefetchPalette(): void {
  void import(/* webpackChunkName: "command-palette" */ './CommandPalette');
}

/** Mounts the palette only once it has been opened; keeps it mounted afterwards. */
export function PaletteHost() {
  const [open, setOpen] = useAtom(paletteOpenAtom);
  const [wanted, setWanted] = useState(false);
  const commands = useCommands();
  useEffect(() => {
    if (open) setWanted(true);
  }, [open]);
  // ⌘K and Ctrl+K on every platform (the hotkey engine's `mod+k` is only one of them per OS),
  // also while typing in a field.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.shiftKey || !(event.metaKey || event.ctrlKey) || event.key.toLowerCase() !== 'k')
        return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [setOpen]);
  if (!wanted && !open) return null;
  return (
    <Suspense fallback={null}>
      <CommandPalette open={open} onOpenChange={setOpen} commands={commands} />
    </Suspense>
  );
}
