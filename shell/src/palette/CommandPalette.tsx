import { Command, defaultFilter } from 'cmdk';
import {
  ArrowRight,
  Building2,
  Clock,
  CornerDownLeft,
  FileText,
  MessagesSquare,
  Search,
  Ticket,
  User,
  Workflow,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCurrentUser } from '@audienceos/remote-sdk';
import { navIcon } from '../layout/nav-icons';
import { Shortcut } from '../hotkeys/Shortcut';
import type { ShellCommand } from '../commands/useCommands';
import { readRecent, rememberRecent, skippedText, useGlobalSearch, type RecentItem, type SearchHit } from './search-api';
import './palette.css';

interface CommandPaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  commands: ShellCommand[];
}

/** How many commands show under the records while searching. */
const MAX_COMMANDS_WHILE_SEARCHING = 6;

const TYPE_ICONS: Record<string, LucideIcon> = {
  client: Building2,
  ticket: Ticket,
  conversation: MessagesSquare,
  document: FileText,
  person: User,
  workflow: Workflow,
};

function groupsOf(commands: ShellCommand[]): [string, ShellCommand[]][] {
  const groups = new Map<string, ShellCommand[]>();
  for (const command of commands) {
    const list = groups.get(command.group) ?? [];
    list.push(command);
    groups.set(command.group, list);
  }
  return [...groups.entries()];
}

/** Commands matching `q` (cmdk's own fuzzy score), best first; all of them when `q` is empty. */
function matchingCommands(commands: ShellCommand[], q: string): ShellCommand[] {
  if (!q) return commands;
  return commands
    .map((c) => ({ c, score: defaultFilter(`${c.label} ${c.group}`, q, c.keywords) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_COMMANDS_WHILE_SEARCHING)
    .map((x) => x.c);
}

// cmdk compares values as given: keep them lower-case and unique per row.
const recentValue = (item: RecentItem) => `recent:${item.module}:${item.id}`.toLowerCase();
const hitValue = (module: string, id: string) => `hit:${module}:${id}`.toLowerCase();
const commandValue = (command: ShellCommand) => `command:${command.id}`.toLowerCase();

function HitItem({ hit, value, onSelect, recent }: { hit: SearchHit; value: string; onSelect: () => void; recent?: boolean }) {
  const Icon = recent ? Clock : (TYPE_ICONS[hit.type] ?? ArrowRight);
  return (
    <Command.Item value={value} onSelect={onSelect} className="shell-palette__item shell-palette__item--record" data-record-type={hit.type}>
      <Icon aria-hidden="true" className="shell-palette__icon" />
      <span className="shell-palette__label">
        <span className="shell-palette__title">{hit.title}</span>
        {hit.subtitle && <span className="shell-palette__subtitle">{hit.subtitle}</span>}
      </span>
    </Command.Item>
  );
}

/**
 * ⌘K: records of every module as you type (global search, grouped by module, best group
 * first), recent records when empty, and navigation, remote-contributed and shell commands.
 * Enter opens the record's url (its drawer) or runs the command. Loaded on first use (cmdk is
 * not part of the initial bundle).
 */
export default function CommandPalette({ open, onOpenChange, commands }: CommandPaletteProps) {
  const navigate = useNavigate();
  const user = useCurrentUser();
  const userId = user?.id;
  const [text, setText] = useState('');
  const search = useGlobalSearch(text, open);
  const [recent, setRecent] = useState<RecentItem[]>([]);
  const q = text.trim();

  useEffect(() => {
    if (open) setRecent(readRecent(userId));
    else setText('');
  }, [open, userId]);

  const close = () => onOpenChange(false);
  const select = (command: ShellCommand) => {
    close();
    // Run after the dialog has closed and returned focus, so a command can open its own dialog.
    window.setTimeout(command.run, 0);
  };
  const openRecord = (item: RecentItem) => {
    rememberRecent(userId, item);
    close();
    window.setTimeout(() => navigate(item.url), 0);
  };

  const shownCommands = useMemo(() => matchingCommands(commands, q), [commands, q]);
  const resultsCurrent = search.q === q;
  // While the next answer loads the previous one stays (no flicker as you type).
  const groups = q ? search.groups : [];
  const nothing = q && resultsCurrent && !search.loading && groups.length === 0 && shownCommands.length === 0;
  const commandGroups: [string, ShellCommand[]][] = (
    q ? [['Commands', shownCommands] as [string, ShellCommand[]]] : groupsOf(shownCommands)
  ).filter(([, items]) => items.length > 0);

  // The first row is selected whenever the rows change (records arrive after the commands).
  const firstCommand = commandGroups[0]?.[1][0];
  const firstHit = q ? groups[0]?.hits[0] : undefined;
  const firstValue =
    !q && recent[0]
      ? recentValue(recent[0])
      : firstHit
        ? hitValue(groups[0]!.module, firstHit.id)
        : firstCommand
          ? commandValue(firstCommand)
          : '';
  const [selected, setSelected] = useState('');
  useEffect(() => setSelected(firstValue), [firstValue]);

  return (
    <Command.Dialog
      open={open}
      onOpenChange={onOpenChange}
      label="Command palette"
      overlayClassName="aos-overlay"
      contentClassName="shell-palette"
      shouldFilter={false}
      value={selected}
      onValueChange={setSelected}
      loop
    >
      <div className="shell-palette__search">
        <Search aria-hidden="true" />
        <Command.Input
          className="shell-palette__input"
          placeholder="Search or jump to…"
          value={text}
          onValueChange={setText}
          autoFocus
          aria-describedby="shell-palette-status"
        />
        <kbd className="aos-kbd">Esc</kbd>
      </div>
      <Command.List className="shell-palette__list">
        {nothing && <div className="shell-palette__empty">Nothing matches “{q}”.</div>}
        {!q && recent.length > 0 && (
          <Command.Group heading="Recent" className="shell-palette__group">
            {recent.map((item) => (
              <HitItem
                key={`recent:${item.module}:${item.id}`}
                value={recentValue(item)}
                hit={item}
                recent
                onSelect={() => openRecord(item)}
              />
            ))}
          </Command.Group>
        )}
        {groups.map((group) => (
          <Command.Group key={group.module} heading={group.label} className="shell-palette__group" data-module={group.module}>
            {group.hits.map((hit) => (
              <HitItem
                key={`${group.module}:${hit.id}`}
                value={hitValue(group.module, hit.id)}
                hit={hit}
                onSelect={() => openRecord({ ...hit, module: group.module, label: group.label })}
              />
            ))}
          </Command.Group>
        ))}
        {q && search.loading && groups.length === 0 && (
          <div className="shell-palette__loading" aria-hidden="true">
            <span className="aos-skeleton shell-palette__skeleton" />
            <span className="aos-skeleton shell-palette__skeleton" />
          </div>
        )}
        {commandGroups.map(([group, items]) => (
          <Command.Group key={`commands:${group}`} heading={group} className="shell-palette__group">
            {items.map((command) => {
              const Icon = command.icon ? navIcon(command.icon) : ArrowRight;
              return (
                <Command.Item
                  key={command.id}
                  value={commandValue(command)}
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
      <div id="shell-palette-status" className="shell-palette__status" role="status" aria-live="polite">
        {q && resultsCurrent && search.error && <span className="shell-palette__error">Search failed: {search.error}</span>}
        {q && resultsCurrent && search.skipped.length > 0 && <span className="shell-palette__skipped">{skippedText(search.skipped)}</span>}
      </div>
      <div className="shell-palette__footer">
        <span>
          <kbd className="aos-kbd">↑</kbd>
          <kbd className="aos-kbd">↓</kbd> to move
        </span>
        <span>
          <kbd className="aos-kbd">
            <CornerDownLeft size={11} aria-hidden="true" />
          </kbd>{' '}
          to open
        </span>
        {q && search.loading && <span className="shell-palette__searching">Searching…</span>}
      </div>
    </Command.Dialog>
  );
}
