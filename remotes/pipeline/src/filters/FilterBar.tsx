/**
 * The sticky toolbar: search (`/`), filter chips kept in the URL, the Board/Table switch and
 * the primary action on the right.
 */
import { Columns3, Filter, Plus, Rows3, Search, X } from 'lucide-react';
import { forwardRef, useEffect, useState, type ReactNode } from 'react';
import { Button, Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger, cx, useDateFormat } from '@audienceos/remote-sdk';
import type { ClientFilters, Health, Stage } from '../api';
import { HEALTH_LABEL } from '../shared/format';
import { useTeam } from '../shared/team';
import type { View } from '../shared/url-state';

interface Props {
  view: View;
  filters: ClientFilters;
  stages: Stage[];
  tags: string[];
  canCreate: boolean;
  onChange: (changes: Partial<Record<keyof ClientFilters | 'view', string | null>>) => void;
  onCreate: () => void;
}

function Chip({ label, onRemove }: { label: ReactNode; onRemove: () => void }) {
  return (
    <span className="pl-chip">
      {label}
      <button type="button" className="pl-chip__remove" aria-label="Remove filter" onClick={onRemove}>
        <X aria-hidden="true" />
      </button>
    </span>
  );
}

/** Typing updates the URL after a pause, so history is not flooded with one entry per key. */
const SearchBox = forwardRef<HTMLInputElement, { value: string; onChange: (value: string) => void }>(function SearchBox({ value, onChange }, ref) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => onChange(text), 250);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="pl-search">
      <Search aria-hidden="true" />
      <input
        ref={ref}
        className="pl-search__input"
        type="search"
        placeholder="Search clients"
        aria-label="Search clients by name, company or contact"
        aria-keyshortcuts="/"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            onChange('');
            e.currentTarget.blur();
          }
        }}
      />
      <kbd className="aos-kbd pl-search__kbd">/</kbd>
    </label>
  );
});

export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ view, filters, stages, tags, canCreate, onChange, onCreate }, searchRef) {
  const { members, nameOf } = useTeam();
  const dates = useDateFormat();
  const stageKeys = filters.stage ? filters.stage.split(',') : [];
  const stageLabel = stageKeys.map((k) => stages.find((s) => s.key === k)?.name ?? k).join(', ');
  const toggleStage = (key: string) => {
    const next = stageKeys.includes(key) ? stageKeys.filter((k) => k !== key) : [...stageKeys, key];
    onChange({ stage: next.length ? next.join(',') : null });
  };

  return (
    <div className="aos-toolbar pl-toolbar">
      <SearchBox ref={searchRef} value={filters.q ?? ''} onChange={(q) => onChange({ q: q || null })} />
      <Menu>
        <MenuTrigger asChild>
          <Button size="sm" variant="ghost" icon={<Filter />}>
            Filter
          </Button>
        </MenuTrigger>
        <MenuContent align="start">
          <MenuLabel>Health</MenuLabel>
          {(['red', 'yellow', 'green'] as Health[]).map((h) => (
            <MenuItem key={h} onSelect={() => onChange({ health: h })} icon={<span className="pl-health-dot" data-health={h} aria-hidden="true" />}>
              {HEALTH_LABEL[h]}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuLabel>Stage</MenuLabel>
          {stages.map((s) => (
            <MenuItem key={s.key} onSelect={() => toggleStage(s.key)}>
              {stageKeys.includes(s.key) ? '✓ ' : ''}
              {s.name}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuLabel>Owner</MenuLabel>
          {members.map((m) => (
            <MenuItem key={m.id} onSelect={() => onChange({ owner: m.id })}>
              {m.name}
            </MenuItem>
          ))}
          {tags.length > 0 && (
            <>
              <MenuSeparator />
              <MenuLabel>Tag</MenuLabel>
              {tags.map((t) => (
                <MenuItem key={t} onSelect={() => onChange({ tag: t })}>
                  {t}
                </MenuItem>
              ))}
            </>
          )}
        </MenuContent>
      </Menu>
      <div className="pl-chips" aria-label="Active filters">
        {filters.health && <Chip label={`Health: ${HEALTH_LABEL[filters.health]}`} onRemove={() => onChange({ health: null })} />}
        {stageKeys.length > 0 && <Chip label={`Stage: ${stageLabel}`} onRemove={() => onChange({ stage: null })} />}
        {filters.owner && <Chip label={`Owner: ${nameOf(filters.owner)}`} onRemove={() => onChange({ owner: null })} />}
        {filters.tag && <Chip label={`Tag: ${filters.tag}`} onRemove={() => onChange({ tag: null })} />}
        {filters.createdFrom && filters.createdTo && (
          <Chip
            label={`Created ${dates.shortDate(filters.createdFrom)} – ${dates.shortDate(new Date(new Date(filters.createdTo).getTime() - 1))}`}
            onRemove={() => onChange({ createdFrom: null, createdTo: null })}
          />
        )}
        {filters.asOf && (
          <Chip label={`As of ${dates.dateTime(new Date(Math.min(Date.parse(filters.asOf), Date.now())).toISOString())}`} onRemove={() => onChange({ asOf: null })} />
        )}
      </div>
      <div className="aos-toolbar__spacer" />
      <div className="pl-view-switch" role="group" aria-label="View">
        <button type="button" className={cx('pl-view-switch__btn')} aria-pressed={view === 'board'} onClick={() => onChange({ view: null })}>
          <Columns3 aria-hidden="true" /> Board
        </button>
        <button type="button" className="pl-view-switch__btn" aria-pressed={view === 'table'} onClick={() => onChange({ view: 'table' })}>
          <Rows3 aria-hidden="true" /> Table
        </button>
      </div>
      {canCreate && (
        <Button variant="primary" icon={<Plus />} onClick={onCreate} title="New client (N)">
          New client
        </Button>
      )}
    </div>
  );
});
