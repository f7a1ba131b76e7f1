import { useAtom } from 'jotai';
import { Dialog } from '@audienceos/remote-sdk';
import { useCommands } from '../commands/useCommands';
import { shortcutsOpenAtom } from '../layout/ui-state';
import { Shortcut } from './Shortcut';

/** Conventions every list and detail screen follows (UI.md), listed for discoverability. */
const SCREEN_CONVENTIONS: { keys: string; label: string }[] = [
  { keys: 'j', label: 'Next row' },
  { keys: 'k', label: 'Previous row' },
  { keys: 'enter', label: 'Open the selected row' },
  { keys: 'c', label: 'Create' },
  { keys: 'a', label: 'Assign' },
  { keys: 'i', label: 'Assign to me' },
  { keys: 's', label: 'Change status' },
  { keys: 'p', label: 'Change priority' },
  { keys: '/', label: 'Search in list' },
  { keys: 'escape', label: 'Close drawer or dialog' },
];

/** `?`: every key binding of the app, grouped. */
export function ShortcutsDialog() {
  const [open, setOpen] = useAtom(shortcutsOpenAtom);
  const commands = useCommands().filter((c) => c.shortcut);
  const groups = new Map<string, { keys: string; label: string }[]>();
  for (const c of commands) {
    const list = groups.get(c.group) ?? [];
    list.push({ keys: c.shortcut as string, label: c.label });
    groups.set(c.group, list);
  }
  groups.set('Lists and details', SCREEN_CONVENTIONS);

  return (
    <Dialog open={open} onOpenChange={setOpen} title="Keyboard shortcuts" wide>
      <div className="shell-shortcuts">
        {[...groups.entries()].map(([group, items]) => (
          <section key={group} className="shell-shortcuts__group">
            <h3 className="shell-shortcuts__heading">{group}</h3>
            <dl className="shell-shortcuts__list">
              {items.map((item) => (
                <div key={`${item.keys}-${item.label}`} className="shell-shortcuts__row">
                  <dt>{item.label}</dt>
                  <dd>
                    <Shortcut keys={item.keys} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
