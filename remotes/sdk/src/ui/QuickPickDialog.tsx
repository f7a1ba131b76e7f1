import { Check } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { Input } from './Input';

export interface QuickPickOption {
  value: string;
  label: string;
  icon?: ReactNode;
  hint?: string;
}

export interface QuickPickDialogProps {
  open: boolean;
  title: string;
  options: QuickPickOption[];
  current?: string | null;
  onPick: (value: string) => void;
  onClose: () => void;
}

/**
 * The keyboard way to pick one value (status, priority, assignee, label, snooze…): type to filter, ↑/↓ to
 * choose, Enter to apply, Esc to cancel. Digits pick the n-th option directly.
 */
export function QuickPickDialog({ open, title, options, current, onPick, onClose }: QuickPickDialogProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const visible = options.filter((o) => o.label.toLowerCase().includes(query.trim().toLowerCase()));

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setActive(
      Math.max(
        0,
        options.findIndex((o) => o.value === current),
      ),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const pick = (option: QuickPickOption | undefined) => {
    if (!option) return;
    onClose();
    onPick(option.value);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(visible.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') pick(visible[active]);
    else if (/^[1-9]$/.test(event.key) && !query) pick(visible[Number(event.key) - 1]);
    else return;
    event.preventDefault();
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={title}>
      <div className="aos-quickpick" onKeyDown={onKeyDown}>
        <Input
          autoFocus
          aria-label={`${title}: type to filter`}
          placeholder="Type to filter…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          aria-activedescendant={visible[active] ? `aos-qp-${visible[active].value}` : undefined}
          aria-controls="aos-qp-list"
        />
        <ul id="aos-qp-list" ref={listRef} role="listbox" aria-label={title} className="aos-quickpick__list">
          {visible.map((option, index) => (
            <li
              key={option.value}
              id={`aos-qp-${option.value}`}
              role="option"
              aria-selected={index === active}
              className="aos-quickpick__option"
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(option)}
            >
              <span className="aos-quickpick__key aos-tabular">{index < 9 && !query ? index + 1 : ''}</span>
              {option.icon}
              <span>{option.label}</span>
              {option.hint && <span className="aos-quickpick__hint">{option.hint}</span>}
              {option.value === current && <Check size={14} aria-label="current" className="aos-quickpick__current" />}
            </li>
          ))}
          {visible.length === 0 && <li className="aos-quickpick__none">Nothing matches “{query}”</li>}
        </ul>
      </div>
    </Dialog>
  );
}
