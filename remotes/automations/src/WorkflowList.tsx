/**
 * The workflow list: name, trigger in words, an enabled switch (optimistic, rolled back with a
 * toast when the server refuses), last run and 7-day success rate. J/K move, Enter opens the
 * builder, E switches the highlighted workflow on/off, C starts a new one, / searches.
 */
import { useAtom } from 'jotai';
import { LayoutTemplate, Plus, Zap } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Input,
  SkeletonText,
  cx,
  useMutation,
  useQuery,
  useSingleKeyShortcuts,
} from '@audienceos/remote-sdk';
import { automationsApi, type Workflow } from './api';
import { useWhen } from './format';
import { LIVE, usePollWhile } from './live';
import { activeWorkflowAtom } from './state/list';
import { isActive, percent, statusLabel, statusTone } from './words';

export interface WorkflowListProps {
  canWrite: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
  onTemplates: () => void;
  onOpenRun: (runId: string) => void;
}

type EnabledFilter = 'all' | 'true' | 'false';

export function WorkflowList({ canWrite, onOpen, onNew, onTemplates, onOpenRun }: WorkflowListProps) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [enabled, setEnabled] = useState<EnabledFilter>('all');
  const searchRef = useRef<HTMLInputElement>(null);
  const when = useWhen();
  useEffect(() => {
    const t = window.setTimeout(() => setQuery(q.trim()), 250);
    return () => window.clearTimeout(t);
  }, [q]);

  const [anyRunning, setAnyRunning] = useState(false);
  const list = useQuery(
    (s) => automationsApi.workflows({ q: query || undefined, enabled: enabled === 'all' ? undefined : enabled, limit: 100 }, s),
    [query, enabled],
    {
      live: LIVE,
      pollMs: usePollWhile(anyRunning),
    },
  );
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  useEffect(() => setAnyRunning(items.some((w) => w.lastRun !== null && isActive(w.lastRun.status))), [items]);

  const [activeId, setActiveId] = useAtom(activeWorkflowAtom);
  const activeIndex = Math.max(
    0,
    items.findIndex((w) => w.id === activeId),
  );
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const move = (delta: number) => {
    const next = items[Math.min(items.length - 1, Math.max(0, activeIndex + delta))];
    if (!next) return;
    setActiveId(next.id);
    rowRefs.current.get(next.id)?.focus();
  };

  const { setData } = list;
  const toggle = useMutation((w: Workflow) => automationsApi.setEnabled(w.id, !w.enabled), {
    optimistic: (w) => {
      const flip = (value: boolean) =>
        setData((page) => (page ? { ...page, items: page.items.map((x) => (x.id === w.id ? { ...x, enabled: value } : x)) } : page!));
      flip(!w.enabled);
      return () => flip(w.enabled);
    },
    onSuccess: (saved) =>
      setData((page) => (page ? { ...page, items: page.items.map((x) => (x.id === saved.id ? { ...x, ...saved } : x)) } : page!)),
    errorToast: (_e, w) => `Could not ${w.enabled ? 'disable' : 'enable'} “${w.name}”: it is ${w.enabled ? 'still on' : 'still off'}.`,
  });

  useSingleKeyShortcuts({
    j: () => move(1),
    k: () => move(-1),
    e: () => canWrite && items[activeIndex] && void toggle.mutate(items[activeIndex]),
    c: () => canWrite && onNew(),
    '/': () => searchRef.current?.focus(),
  });

  // Enter on the page itself (no control focused) opens the highlighted workflow; focused rows
  // handle their own Enter, buttons keep theirs.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.target !== document.body && e.target !== document.documentElement) return;
      const w = items[activeIndex];
      if (!w) return;
      e.preventDefault();
      onOpen(w.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, activeIndex, onOpen]);

  const toolbar = (
    <div className="auto-toolbar">
      <Input
        ref={searchRef}
        aria-label="Search automations"
        placeholder="Search automations  /"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="auto-toolbar__search"
      />
      <div className="auto-chips" role="group" aria-label="Show">
        {(
          [
            ['all', 'All'],
            ['true', 'On'],
            ['false', 'Off'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            className={cx('auto-chip', enabled === value && 'auto-chip--on')}
            aria-pressed={enabled === value}
            onClick={() => setEnabled(value)}
          >
            {label}
          </button>
        ))}
      </div>
      <span className="auto-toolbar__spacer" />
      <Button variant="ghost" icon={<LayoutTemplate />} onClick={onTemplates}>
        Templates
      </Button>
      {canWrite && (
        <Button variant="primary" icon={<Plus />} onClick={onNew}>
          New automation <kbd className="aos-kbd">C</kbd>
        </Button>
      )}
    </div>
  );

  if (list.error)
    return (
      <>
        {toolbar}
        <ErrorState title="Could not load the automations" error={list.error} onRetry={list.reload} />
      </>
    );
  if (list.loading)
    return (
      <>
        {toolbar}
        <SkeletonText lines={6} label="Loading automations" />
      </>
    );
  if (items.length === 0)
    return (
      <>
        {toolbar}
        {query || enabled !== 'all' ? (
          <EmptyState compact title="No automation matches" description="Try other words or show all automations." />
        ) : (
          <EmptyState
            icon={<Zap />}
            title="No automations yet"
            description="An automation does routine work when something happens: kickoff tasks when a client enters Onboarding, a nudge when a client goes quiet. Start from a template."
            action={
              <>
                <Button variant="primary" icon={<LayoutTemplate />} onClick={onTemplates}>
                  Browse templates
                </Button>
                {canWrite && <Button onClick={onNew}>Start from scratch</Button>}
              </>
            }
          />
        )}
      </>
    );

  return (
    <>
      {toolbar}
      <div className="aos-table-wrap aos-table-wrap--page">
        <table className="aos-table auto-table" aria-label="Automations">
          <thead>
            <tr>
              <th scope="col" style={{ width: '30%' }}>
                Name
              </th>
              <th scope="col">Trigger</th>
              <th scope="col" style={{ width: 56 }}>
                On
              </th>
              <th scope="col" style={{ width: 250 }}>
                Last run
              </th>
              <th scope="col" data-align="right" style={{ width: 130 }}>
                Success (7 days)
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((w, i) => (
              <tr
                key={w.id}
                ref={(el) => {
                  if (el) rowRefs.current.set(w.id, el);
                  else rowRefs.current.delete(w.id);
                }}
                tabIndex={0}
                data-clickable
                data-selected={i === activeIndex || undefined}
                data-testid="automation-row"
                onFocus={() => setActiveId(w.id)}
                onClick={() => onOpen(w.id)}
                onKeyDown={(e) => {
                  if (e.target === e.currentTarget && e.key === 'Enter') {
                    e.preventDefault();
                    onOpen(w.id);
                  }
                }}
              >
                <td>
                  <div className="auto-name">{w.name}</div>
                  {w.waiting ? (
                    <Badge tone="warning" dot>
                      {w.waiting}
                    </Badge>
                  ) : (
                    w.description && <div className="auto-muted auto-ellipsis">{w.description}</div>
                  )}
                </td>
                <td className="auto-trigger-text">{w.triggerText}</td>
                <td onClick={(e) => e.stopPropagation()}>
                  <Switch
                    checked={w.enabled}
                    disabled={!canWrite}
                    label={`${w.name}: ${w.enabled ? 'on' : 'off'}`}
                    onChange={() => void toggle.mutate(w)}
                  />
                </td>
                <td>
                  {w.lastRun ? (
                    <button
                      type="button"
                      className="auto-link"
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpenRun(w.lastRun!.id);
                      }}
                    >
                      <Badge tone={statusTone(w.lastRun.status)}>{statusLabel(w.lastRun.status)}</Badge>{' '}
                      <span className="auto-muted auto-nowrap">{when(w.lastRun.startedAt)}</span>
                    </button>
                  ) : (
                    <span className="auto-muted">Never ran</span>
                  )}
                </td>
                <td data-align="right" className="aos-tabular">
                  {w.stats.runs7d === 0 ? (
                    <span className="auto-muted">no runs</span>
                  ) : (
                    <>
                      {percent(w.stats.successRate7d)}{' '}
                      <span className="auto-muted">
                        of {w.stats.runs7d} run{w.stats.runs7d === 1 ? '' : 's'}
                      </span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="auto-keys auto-muted">
        <kbd className="aos-kbd">J</kbd>/<kbd className="aos-kbd">K</kbd> move · <kbd className="aos-kbd">Enter</kbd> open ·{' '}
        <kbd className="aos-kbd">E</kbd> on/off · <kbd className="aos-kbd">C</kbd> new · <kbd className="aos-kbd">/</kbd> search
      </p>
    </>
  );
}

/** An on/off switch (a button with role="switch": Space and Enter toggle it). */
export function Switch({
  checked,
  onChange,
  disabled,
  label,
}: {
  checked: boolean;
  onChange: () => void;
  disabled?: boolean;
  label: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      className={cx('auto-switch', checked && 'auto-switch--on')}
      onClick={onChange}
    >
      <span className="auto-switch__thumb" aria-hidden="true" />
    </button>
  );
}
