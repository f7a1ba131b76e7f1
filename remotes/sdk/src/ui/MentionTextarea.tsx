/**
 * A textarea with a people picker for @mentions: typing `@` (then part of a name) lists the
 * teammates from the identity API; ↑/↓ choose, Enter or Tab inserts `@[Name](user:<id>)` (the
 * token the notifications module reads), Esc closes. Other keys go to the composer as before.
 * Shared by every remote with a composer (tickets notes, communications replies).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { api } from '../api/client';
import { Textarea, type TextareaProps } from './Input';
import './mention.css';

interface Teammate {
  id: string;
  name: string;
  email: string;
  active?: boolean;
}

let teamPromise: Promise<Teammate[]> | null = null;
function loadTeam(): Promise<Teammate[]> {
  teamPromise ??= api
    .get<{ items: Teammate[] }>('/users', { query: { limit: 100, active: true } })
    .then((r) => r.items)
    .catch(() => {
      teamPromise = null;
      return [];
    });
  return teamPromise;
}

/** The `@word` being typed right before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; q: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}._'-]{0,30})$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, q: m[2]!.toLowerCase() } : null;
}

export interface MentionTextareaProps extends TextareaProps {
  value: string;
  onValueChange: (text: string) => void;
  /** Off: a plain textarea (e.g. a reply the client will read). */
  mentions?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
}

export function MentionTextarea({ value, onValueChange, mentions = true, onKeyDown, ref, ...rest }: MentionTextareaProps) {
  const inner = useRef<HTMLTextAreaElement | null>(null);
  const [team, setTeam] = useState<Teammate[]>([]);
  const [query, setQuery] = useState<{ start: number; q: string } | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    if (mentions && query) void loadTeam().then(setTeam);
  }, [mentions, query]);

  const matches = useMemo(
    () => (query ? team.filter((p) => p.active !== false && (p.name.toLowerCase().includes(query.q) || p.email.toLowerCase().startsWith(query.q))).slice(0, 8) : []),
    [team, query],
  );
  const open = mentions && query !== null && matches.length > 0;

  const setRef = (el: HTMLTextAreaElement | null) => {
    inner.current = el;
    if (typeof ref === 'function') ref(el);
    else if (ref) (ref as { current: HTMLTextAreaElement | null }).current = el;
  };

  const insert = (person: Teammate) => {
    const el = inner.current;
    if (!query || !el) return;
    const caret = el.selectionStart ?? value.length;
    const token = `@[${person.name.replace(/[[\]\n]/g, ' ')}](user:${person.id}) `;
    const next = value.slice(0, query.start) + token + value.slice(caret);
    onValueChange(next);
    setQuery(null);
    const at = query.start + token.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % matches.length : (i - 1 + matches.length) % matches.length));
        return;
      }
      if ((e.key === 'Enter' && !e.metaKey && !e.ctrlKey) || e.key === 'Tab') {
        e.preventDefault();
        insert(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setQuery(null);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div className="aos-mention">
      <Textarea
        {...rest}
        ref={setRef}
        value={value}
        role={mentions ? 'combobox' : undefined}
        aria-autocomplete={mentions ? 'list' : undefined}
        aria-expanded={mentions ? open : undefined}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          const q = mentions ? mentionQuery(e.target.value, e.target.selectionStart ?? e.target.value.length) : null;
          setQuery(q);
          setActive(0);
        }}
        onBlur={(e) => {
          rest.onBlur?.(e);
          setTimeout(() => setQuery(null), 150);
        }}
        onKeyDown={keyDown}
      />
      {open && (
        <ul id={listId} role="listbox" className="aos-mention__list" aria-label="Mention a teammate" data-testid="mention-list">
          {matches.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'aos-mention__option aos-mention__option--active' : 'aos-mention__option'}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(p);
              }}
            >
              <span>{p.name}</span> <span className="aos-mention__email">{p.email}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Text with `@[Name](user:<id>)` tokens shown as "@Name" chips (plain text otherwise; never HTML). */
export function withMentions(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(/@\[([^\]\n]{1,120})\]\(user:[0-9a-f-]{36}\)/gi)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      <span key={m.index} className="aos-mention__chip">
        @{m[1]}
      </span>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
