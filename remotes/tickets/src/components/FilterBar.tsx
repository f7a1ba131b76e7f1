import { Columns3, List, Search, X } from 'lucide-react';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Button, Input, Select } from '@audienceos/remote-sdk';
import { CATEGORIES, PRIORITIES, type TicketFilters } from '../api';
import { CATEGORY_LABEL, formatDateTime, periodLabel, PRIORITY_LABEL, STATUS_LABEL } from '../format';
import type { Directory } from '../hooks/use-directory';
import type { FilterKey } from '../routes';

const ANY = '__any';

const STATUS_CHIPS: { value: string | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'new', label: STATUS_LABEL.new },
  { value: 'in_progress', label: STATUS_LABEL.in_progress },
  { value: 'waiting_client', label: 'Waiting' },
  { value: 'resolved', label: STATUS_LABEL.resolved },
];

export interface FilterBarProps {
  filters: TicketFilters;
  view: 'list' | 'board';
  directory: Directory;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange: (key: FilterKey, value: string | null, options?: { replace?: boolean }) => void;
  onClear: () => void;
  onViewChange: (view: 'list' | 'board') => void;
}

/** Label of an active filter for its removable chip. */
function chipLabel(key: FilterKey, value: string, directory: Directory, filters: TicketFilters): string {
  const list = (labels: Record<string, string>) =>
    value
      .split(',')
      .map((v) => labels[v] ?? v)
      .join(', ');
  switch (key) {
    case 'status':
      return `Status: ${list({ ...STATUS_LABEL, open: 'Open' })}`;
    case 'priority':
      return `Priority: ${list(PRIORITY_LABEL)}`;
    case 'category':
      return `Category: ${list(CATEGORY_LABEL)}`;
    case 'assignee':
      return `Assignee: ${value === 'me' ? 'Me' : value === 'unassigned' ? 'Unassigned' : directory.personName(value)}`;
    case 'client':
      return `Client: ${directory.clientName(value)}`;
    case 'overdue':
      return value === 'true' ? 'Overdue' : 'Not overdue';
    case 'sla':
      return value === 'breached' ? 'SLA breached' : 'SLA at risk';
    case 'q':
      return `“${value}”`;
    case 'in':
      return periodLabel(value, filters.from, filters.to);
    case 'openAt':
      return `Open at ${formatDateTime(new Date(Math.min(Date.parse(value), Date.now())).toISOString())}`;
    case 'from':
    case 'to':
      return ''; // shown in the `in` chip
  }
}

/** Filters as chips kept in the URL; the search box updates it as you type. */
export function FilterBar({ filters, view, directory, searchRef, onChange, onClear, onViewChange }: FilterBarProps) {
  const [text, setText] = useState(filters.q ?? '');
  const typing = useRef(false);
  useEffect(() => {
    if (!typing.current) setText(filters.q ?? '');
  }, [filters.q]);
  useEffect(() => {
    if (!typing.current) return;
    const timer = window.setTimeout(() => {
      typing.current = false;
      onChange('q', text.trim() || null, { replace: true });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [text, onChange]);

  // `from`/`to` belong to the `in` chip (a dashboard card's period): one chip, removed together.
  const active = (Object.entries(filters) as [FilterKey, string][]).filter(([k, v]) => v && k !== 'from' && k !== 'to');
  const remove = (key: FilterKey) => {
    onChange(key, null);
    if (key === 'in') {
      onChange('from', null);
      onChange('to', null);
    }
  };
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[]) => (
    <Select
      aria-label={label}
      className="tk-filter-select"
      value={filters[key] ?? ANY}
      onValueChange={(v) => onChange(key, v === ANY ? null : v)}
      options={[{ value: ANY, label }, ...options]}
    />
  );

  return (
    <div className="tk-filters">
      <div className="aos-toolbar tk-toolbar">
        <div className="tk-search">
          <Search size={14} aria-hidden="true" />
          <Input
            ref={searchRef}
            type="search"
            aria-label="Search tickets (/)"
            placeholder="Search title, description or #number  /"
            value={text}
            onChange={(e) => {
              typing.current = true;
              setText(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
        </div>
        <div className="tk-chips" role="group" aria-label="Status">
          {STATUS_CHIPS.map((chip) => {
            const pressed = (filters.status ?? null) === chip.value;
            return (
              <Button
                key={chip.label}
                size="sm"
                variant={pressed ? 'primary' : 'ghost'}
                aria-pressed={pressed}
                onClick={() => onChange('status', chip.value)}
              >
                {chip.label}
              </Button>
            );
          })}
        </div>
        <div className="aos-toolbar__spacer" />
        <div className="tk-chips" role="group" aria-label="View">
          <Button
            size="sm"
            variant={view === 'list' ? 'primary' : 'ghost'}
            aria-pressed={view === 'list'}
            icon={<List />}
            onClick={() => onViewChange('list')}
          >
            List
          </Button>
          <Button
            size="sm"
            variant={view === 'board' ? 'primary' : 'ghost'}
            aria-pressed={view === 'board'}
            icon={<Columns3 />}
            onClick={() => onViewChange('board')}
          >
            Board
          </Button>
        </div>
      </div>
      <div className="tk-filter-row">
        {select(
          'priority',
          'Any priority',
          PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] })),
        )}
        {select(
          'category',
          'Any category',
          CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] })),
        )}
        {select('assignee', 'Anyone', [
          { value: 'me', label: 'Me' },
          { value: 'unassigned', label: 'Unassigned' },
          ...directory.people.filter((p) => p.id !== directory.me).map((p) => ({ value: p.id, label: p.name })),
        ])}
        {directory.clients.length > 0 &&
          select(
            'client',
            'Any client',
            directory.clients.map((c) => ({ value: c.id, label: c.name })),
          )}
        {select('sla', 'Any SLA', [
          { value: 'breached', label: 'SLA breached' },
          { value: 'at_risk', label: 'SLA at risk' },
        ])}
        <Button
          size="sm"
          variant={filters.overdue === 'true' ? 'primary' : 'ghost'}
          aria-pressed={filters.overdue === 'true'}
          onClick={() => onChange('overdue', filters.overdue === 'true' ? null : 'true')}
        >
          Overdue
        </Button>
      </div>
      {active.length > 0 && (
        <ul className="tk-active-chips" aria-label="Active filters">
          {active.map(([key, value]) => (
            <li key={key} className="tk-active-chip">
              <span>{chipLabel(key, value, directory, filters)}</span>
              <button type="button" aria-label={`Remove filter ${chipLabel(key, value, directory, filters)}`} onClick={() => remove(key)}>
                <X size={12} aria-hidden="true" />
              </button>
            </li>
          ))}
          <li>
            <Button size="sm" variant="ghost" onClick={onClear}>
              Clear all
            </Button>
          </li>
        </ul>
      )}
    </div>
  );
}
