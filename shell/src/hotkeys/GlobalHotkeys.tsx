import { useEffect, useRef } from 'react';
import { useCommands } from '../commands/useCommands';
import { startHotkeys, type Hotkey } from './hotkeys';

/** Binds every command that declares a shortcut (shell, navigation and remote commands). */
export function GlobalHotkeys() {
  const commands = useCommands();
  const bindings = useRef<Hotkey[]>([]);
  bindings.current = commands
    .filter((c) => c.shortcut)
    .map((c) => ({ keys: c.shortcut as string, run: c.run, allowInInputs: c.shortcut!.startsWith('mod+') }));

  useEffect(() => startHotkeys(() => bindings.current), []);
  return null;
}
