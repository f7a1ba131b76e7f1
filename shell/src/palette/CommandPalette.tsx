import { Command } from 'cmdk';
import { ArrowRight, CornerDownLeft, Search } from 'lucide-react';
import { navIcon } from '../layout/nav-icons';
import { Shortcut } from '../hotkeys/Shortcut';
import type { ShellCommand } from '../commands/useCommands';

interface CommandPaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  commands: ShellCommand[];
}

function groupsOf(commands: ShellCommand[]): [string, ShellCommand[]][] {
  const groups = new Map<string, ShellCommand[]>();
  for (const command of commands) {
    const list = groups.get(command.group) ?? [];
    list.push(command);
    groups.set(command.group, list);
  }
  return [...groups.entries()];
}

/**
 * ⌘K: fuzzy search over navigation, remote-contributed commands and the shell's own.
 * Loaded on first use (cmdk is not part of the initial bundle).
 */
export default function CommandPalette({ open, onOpenChange, commands }: CommandPaletteProps) {
  const select = (command: ShellCommand) => {
    onOpenChange(false);
    // Run after the dialog has closed and returned focus, so a command can open its own dialog.
    window.setTimeout(command.run, 0);
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={onOpenChange}
      label="Command palette"
      overlayClassName="aos-overlay"
      contentClassName="shell-palette"
      loop
    >
      <div className="shell-palette__search">
        <Search aria-hidden="true" />
        <Command.Input className="shell-palette__input" placeholder="Search or jump to…" autoFocus />
        <kbd className="aos-kbd">Esc</kbd>
      </div>
      <Command.List className="shell-palette__list">
        <Command.Empty className="shell-palette__empty">No matching command or page.</Command.Empty>
        {groupsOf(commands).map(([group, items]) => (
          <Command.Group key={group} heading={group} className="shell-palette__group">
            {items.map((command) => {
              const Icon = command.icon ? navIcon(command.icon) : ArrowRight;
              return (
                <Command.Item
                  key={command.id}
                  value={`${command.label} · ${command.group}`}
                  keywords={command.keywords}
                  onSelect={() => select(command)}
                  className="shell-palette__item"
                >
                  <Icon aria-hidden="true" className="shell-palette__icon" />
                  <span className="shell-palette__label">{command.label}</span>
                  {command.shortcut && <Shortcut keys={command.shortcut} />}
                </Command.Item>
              );
            })}
          </Command.Group>
        ))}
      </Command.List>
      <div className="shell-palette__footer">
        <span>
          <kbd className="aos-kbd">↑</kbd>
          <kbd className="aos-kbd">↓</kbd> to move
        </span>
        <span>
          <kbd className="aos-kbd">
            <CornerDownLeft size={11} aria-hidden="true" />
          </kbd>{' '}
          to run
        </span>
      </div>
    </Command.Dialog>
  );
}
