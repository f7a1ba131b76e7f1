/**
 * Run history, agency-wide or for one workflow: filters by workflow, status and date (agency
 * zone, kept in the URL), runs/success rate/average duration over 7 and 30 days with a small
 * chart, and the runs (newest first, "Load more"). A row opens the run's steps in a drawer.
 * Refreshes on live changes, or every 5 s while a run on screen is still running.
 */
import { RefreshCw } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Input,
  Select,
  SkeletonText,
  errorMessage,
  useDateFormat,
  useQuery,
} from '@audienceos/remote-sdk';
import { automationsApi, directoryApi, type Run, type RunFilters, type Stats } from '../api';
import { startOfDayIn, useWhen } from '../format';
import { LIVE, usePollWhile } from '../live';
import { RUN_STATUSES, duration, isActive, percent, statusLabel, statusTone } from '../words';

export interface RunHistoryProps {
  filters: { workflow?: string; status?: string; from?: string; to?: string };
  onFilters: (changes: Record<string, string | null>) => void;
  onOpenRun: (id: string) => void;
  /** Bumped by the drawer after a retry/cancel so the list shows it at once. */
  refreshKey?: number;
}

const PAGE = 50;

export function RunHistory({ filters, onFilters, onOpenRun, refreshKey = 0 }: RunHistoryProps) {
  const fmt = useDateFormat();
  const when = useWhen();
  const workflows = useQuery((s) => automationsApi.workflows({ limit: 100 }, s), []);
  const clients = useQuery((s) => directoryApi.clients(s), []);
  const query: RunFilters = useMemo(
    () => ({
      workflowId: filters.workflow,
      status: filters.status,
      from: filters.from ? startOfDayIn(filters.from, fmt.zone) : undefined,
      to: filters.to ? startOfDayIn(filters.to, fmt.zone, 1) : undefined,
    }),
    [filters.workflow, filters.status, filters.from, filters.to, fmt.zone],
  );
  const key = JSON.stringify(query);
  const [anyActive, setAnyActive] = useState(false);
  const runs = useQuery((s) => automationsApi.runs({ ...query, limit: PAGE }, s), [key, refreshKey], {
    live: LIVE,
    pollMs: usePollWhile(anyActive),
  });
  const [more, setMore] = useState<{ items: Run[]; cursor: string | null; loading: boolean }>({ items: [], cursor: null, loading: false });
  useEffect(() => setMore({ items: [], cursor: null, loading: false }), [key]);
  const items = useMemo(() => {
    const first = runs.data?.items ?? [];
    const seen = new Set(first.map((r) => r.id));
    return [...first, ...more.items.filter((r) => !seen.has(r.id))];
  }, [runs.data, more.items]);
  const nextCursor = more.cursor ?? runs.data?.nextCursor ?? null;
  useEffect(() => setAnyActive(items.some((r) => isActive(r.status))), [items]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setMore((m) => ({ ...m, loading: true }));
    try {
      const page = await automationsApi.runs({ ...query, cursor: nextCursor, limit: PAGE });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, loading: false }));
    } catch {
      setMore((m) => ({ ...m, loading: false }));
    }
  };

  const clientName = (id: string | null) => (id ? (clients.data?.find((c) => c.id === id)?.name ?? '—') : '—');
  const workflowOptions = [
    { value: '-', label: 'All automations' },
    ...(workflows.data?.items ?? []).map((w) => ({ value: w.id, label: w.name })),
  ];
  if (filters.workflow && !workflowOptions.some((o) => o.value === filters.workflow))
    workflowOptions.push({ value: filters.workflow, label: 'This automation' });

  return (
    <div className="auto-runs">
      <div className="auto-toolbar" role="group" aria-label="Run filters">
        <span className="auto-filter">
          <Select
            aria-label="Automation"
            value={filters.workflow ?? '-'}
            options={workflowOptions}
            onValueChange={(v) => onFilters({ workflow: v === '-' ? null : v })}
          />
        </span>
        <span className="auto-filter">
          <Select
            aria-label="Status"
            value={filters.status ?? '-'}
            options={[{ value: '-', label: 'Any status' }, ...RUN_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            onValueChange={(v) => onFilters({ status: v === '-' ? null : v })}
          />
        </span>
        <label className="auto-inline">
          <span className="auto-muted">From</span>
          <Input type="date" aria-label="From" value={filters.from ?? ''} onChange={(e) => onFilters({ from: e.target.value || null })} />
        </label>
        <label className="auto-inline">
          <span className="auto-muted">to</span>
          <Input type="date" aria-label="To" value={filters.to ?? ''} onChange={(e) => onFilters({ to: e.target.value || null })} />
        </label>
        <span className="auto-toolbar__spacer" />
        <Button variant="ghost" size="sm" icon={<RefreshCw />} loading={runs.fetching && !runs.loading} onClick={runs.reload}>
          Refresh
        </Button>
        {(filters.workflow || filters.status || filters.from || filters.to) && (
          <Button variant="ghost" size="sm" onClick={() => onFilters({ workflow: null, status: null, from: null, to: null })}>
            Clear filters
          </Button>
        )}
      </div>
      <RunStats workflowId={filters.workflow} runs={runs.data} />
      {runs.error ? (
        <ErrorState title="Could not load the runs" error={runs.error} onRetry={runs.reload} />
      ) : runs.loading ? (
        <SkeletonText lines={6} label="Loading runs" />
      ) : items.length === 0 ? (
        <EmptyState
          compact
          title={filters.status || filters.from || filters.to ? 'No run matches these filters' : 'No runs yet'}
          description="A run appears here as soon as an enabled automation's trigger fires, or when you run one by hand."
        />
      ) : (
        <div className="aos-table-wrap aos-table-wrap--page">
          <table className="aos-table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Automation</th>
                <th scope="col">Status</th>
                <th scope="col">Client</th>
                <th scope="col">Started</th>
                <th scope="col" data-align="right">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr
                  key={r.id}
                  tabIndex={0}
                  data-clickable
                  data-testid="run-row"
                  data-status={r.status}
                  onClick={() => onOpenRun(r.id)}
                  onKeyDown={(e) => {
                    if (e.target !== e.currentTarget) return;
                    if (e.key === 'Enter') onOpenRun(r.id);
                    else if (e.key === 'j' || e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                    else if (e.key === 'k' || e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                    else return;
                    e.preventDefault();
                  }}
                >
                  <td>
                    {r.workflowName} <span className="auto-muted">v{r.workflowVersion}</span>
                    {r.kept && <span className="auto-muted"> · kept</span>}
                  </td>
                  <td>
                    <Badge tone={statusTone(r.status)}>{statusLabel(r.status)}</Badge>
                    {r.reason && <span className="auto-muted auto-ellipsis"> {r.reason}</span>}
                  </td>
                  <td>{clientName(r.clientId)}</td>
                  <td title={fmt.dateTime(r.startedAt)}>{when(r.startedAt)}</td>
                  <td data-align="right" className="aos-tabular">
                    {duration(r.durationMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <Button onClick={() => void loadMore()} loading={more.loading}>
          Load more
        </Button>
      )}
    </div>
  );
}

/** Runs, success rate and average duration over 7 and 30 days, and a bar pair per period. */
export function RunStats({ workflowId, runs }: { workflowId?: string; runs?: unknown }) {
  const week = useQuery((s) => automationsApi.stats(7, workflowId, s), [workflowId], { live: LIVE, liveDebounceMs: 1000 });
  const month = useQuery((s) => automationsApi.stats(30, workflowId, s), [workflowId], { live: LIVE, liveDebounceMs: 1000 });
  // The run list reloaded (Refresh, a poll, a live change): the figures follow.
  const { reload: reloadWeek } = week;
  const { reload: reloadMonth } = month;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reloadWeek();
    reloadMonth();
  }, [runs, reloadWeek, reloadMonth]);
  if (week.error || month.error)
    return <p className="auto-muted">Statistics are not available: {errorMessage(week.error ?? month.error)}</p>;
  if (!week.data || !month.data) return <SkeletonText lines={2} label="Loading statistics" />;
  const rows: [string, Stats][] = [
    ['7 days', week.data],
    ['30 days', month.data],
  ];
  const max = Math.max(1, ...rows.map(([, s]) => s.runs));
  return (
    <section className="auto-stats" aria-label="Statistics" data-testid="run-stats">
      {rows.map(([label, s]) => (
        <div key={label} className="auto-stat">
          <div className="auto-stat__label">{label}</div>
          <div className="auto-stat__figures aos-tabular">
            <span>
              <strong>{s.runs}</strong> runs
            </span>
            <span>
              <strong>{percent(s.successRate)}</strong> succeeded
            </span>
            <span>
              <strong>{duration(s.avgDurationMs)}</strong> on average
            </span>
          </div>
          <svg
            className="auto-stat__bar"
            viewBox="0 0 100 8"
            preserveAspectRatio="none"
            role="img"
            aria-label={`${s.succeeded} succeeded, ${s.failed} failed, ${Math.max(0, s.runs - s.succeeded - s.failed)} other of ${s.runs} runs`}
          >
            <rect x="0" y="0" width="100" height="8" className="auto-bar-bg" />
            <rect x="0" y="0" width={(s.succeeded / max) * 100} height="8" className="auto-bar-ok" />
            <rect x={(s.succeeded / max) * 100} y="0" width={(s.failed / max) * 100} height="8" className="auto-bar-bad" />
            <rect
              x={((s.succeeded + s.failed) / max) * 100}
              y="0"
              width={(Math.max(0, s.runs - s.succeeded - s.failed) / max) * 100}
              height="8"
              className="auto-bar-other"
            />
          </svg>
        </div>
      ))}
    </section>
  );
}
