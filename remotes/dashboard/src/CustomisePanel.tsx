/**
 * Customise mode: every card with a Show switch and Move up / Move down; Alt+↑ / Alt+↓ move the
 * focused row. Each change is saved right away (optimistically; the caller rolls back).
 */
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useRef, type KeyboardEvent } from 'react';
import { Button, IconButton } from '@audienceos/remote-sdk';
import type { KpiCard, LayoutCard } from './api';
import { cardKey, move } from './model';

interface Props {
  entries: LayoutCard[];
  cards: KpiCard[];
  saving: boolean;
  onChange: (entries: LayoutCard[], description: string) => void;
  onReset: () => void;
  onDone: () => void;
}

export function CustomisePanel({ entries, cards, saving, onChange, onReset, onDone }: Props) {
  const byKey = new Map(cards.map((c) => [cardKey(c), c]));
  const listRef = useRef<HTMLOListElement>(null);
  const known = entries.filter((e) => byKey.has(cardKey(e)));
  const labelOf = (e: LayoutCard) => byKey.get(cardKey(e))?.label ?? e.id;

  const moveBy = (entry: LayoutCard, delta: number) => {
    const index = entries.indexOf(entry);
    // Move past entries of modules that are down (not listed), so one press moves one visible row.
    let target = index + delta;
    while (target > 0 && target < entries.length - 1 && !byKey.has(cardKey(entries[target]!))) target += delta;
    const next = move(entries, index, target - index);
    if (next.indexOf(entry) === index) return;
    onChange(next, `${labelOf(entry)} moved ${delta < 0 ? 'up' : 'down'}`);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-row="${cardKey(entry)}"] [data-move="${delta < 0 ? 'up' : 'down'}"]`)?.focus());
  };
  const toggle = (entry: LayoutCard) => {
    const next = entries.map((e) => (e === entry ? { module: e.module, id: e.id, ...(e.hidden ? {} : { hidden: true }) } : e));
    onChange(next, `${labelOf(entry)} ${entry.hidden ? 'shown' : 'hidden'}`);
  };
  const onRowKey = (event: KeyboardEvent, entry: LayoutCard) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    moveBy(entry, event.key === 'ArrowUp' ? -1 : 1);
  };

  return (
    <section className="db-customise" aria-labelledby="db-customise-title">
      <header className="db-customise__header">
        <h2 id="db-customise-title">Customise the dashboard</h2>
        <p className="db-customise__hint">Choose the cards to show and their order. Alt+↑ / Alt+↓ move the focused card. Changes are saved as you go.</p>
      </header>
      <ol className="db-customise__list" ref={listRef} aria-busy={saving || undefined}>
        {known.map((entry, i) => {
          const label = labelOf(entry);
          const id = `db-show-${cardKey(entry).replace(/[^a-zA-Z0-9_-]/g, '_')}`;
          return (
            <li key={cardKey(entry)} className="db-customise__row" data-row={cardKey(entry)} data-hidden={entry.hidden ? 'true' : undefined} onKeyDown={(e) => onRowKey(e, entry)}>
              <input id={id} type="checkbox" checked={!entry.hidden} onChange={() => toggle(entry)} />
              <label htmlFor={id} className="db-customise__label">
                {label}
                <span className="db-customise__module">{byKey.get(cardKey(entry))?.module}</span>
              </label>
              <IconButton size="sm" aria-label={`Move ${label} up`} data-move="up" disabled={i === 0} onClick={() => moveBy(entry, -1)}>
                <ArrowUp />
              </IconButton>
              <IconButton size="sm" aria-label={`Move ${label} down`} data-move="down" disabled={i === known.length - 1} onClick={() => moveBy(entry, 1)}>
                <ArrowDown />
              </IconButton>
            </li>
          );
        })}
      </ol>
      <footer className="db-customise__footer">
        <Button variant="ghost" onClick={onReset}>
          Show all in the default order
        </Button>
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </footer>
    </section>
  );
}
