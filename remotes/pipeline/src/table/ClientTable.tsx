/**
 * Every client in one sortable table (sorted on the server, keyset pages with "Load more").
 * Row click opens the drawer; J/K and Enter work through the SDK table.
 */
import { useCallback, type ReactNode } from 'react';
import { Button, ErrorState, Table, useQuery, type SortState, type TableColumn } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type ClientFilters, type ClientSort, type Page, type Stage } from '../api';
import { formatDays, formatMoney } from '../shared/format';
import { HealthDot } from '../shared/HealthDot';
import { UserAvatar, useTeam } from '../shared/team';

interface Props {
  filters: ClientFilters;
  sort: { key: ClientSort; direction: 'asc' | 'desc' };
  onSortChange: (sort: { key: ClientSort; direction: 'asc' | 'desc' }) => void;
  stages: Stage[];
  selectedId: string | null;
  onOpen: (client: Client) => void;
  empty: ReactNode;
  /** Bumped by the page after a change elsewhere (create, drawer edits) to refetch. */
  version: number;
}

/** "Days in stage" sorts by when the client entered its stage, the other way round. */
const DAYS_KEY = 'daysInStage';
const toApiSort = (s: SortState): { key: ClientSort; direction: 'asc' | 'desc' } =>
  s.key === DAYS_KEY ? { key: 'stageEnteredAt', direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key: s.key as ClientSort, direction: s.direction };
const fromApiSort = (s: { key: ClientSort; direction: 'asc' | 'desc' }): SortState =>
  s.key === 'stageEnteredAt' ? { key: DAYS_KEY, direction: s.direction === 'asc' ? 'desc' : 'asc' } : s;

export function ClientTable({ filters, sort, onSortChange, stages, selectedId, onOpen, empty, version }: Props) {
  const { nameOf } = useTeam();
  const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
  const query = useQuery(
    (signal) => pipelineApi.list({ ...filters, sort: sort.key, order: sort.direction, limit: 50 }, signal),
    [JSON.stringify(filters), sort.key, sort.direction, version],
    { live: { module: 'pipeline', entity: 'client' } },
  );
  const { data, setData } = query;

  const loadMore = useCallback(async () => {
    if (!data?.nextCursor) return;
    const next = await pipelineApi.list({ ...filters, sort: sort.key, order: sort.direction, limit: 50, cursor: data.nextCursor });
    setData((page) => ({ ...next, items: [...(page as Page<Client>).items, ...next.items] }));
  }, [data, filters, sort, setData]);

  const columns: TableColumn<Client>[] = [
    {
      key: 'name',
      header: 'Client',
      sortable: true,
      cell: (c) => (
        <div className="pl-table__client">
          <span className="pl-table__name">{c.name}</span>
          {c.company && <span className="pl-table__company">{c.company}</span>}
        </div>
      ),
    },
    { key: 'stage', header: 'Stage', cell: (c) => stageName(c.stage) },
    { key: 'health', header: 'Health', cell: (c) => <HealthDot client={c} />, width: 64 },
    { key: DAYS_KEY, header: 'In stage', sortable: true, align: 'right', cell: (c) => <span className="aos-tabular">{formatDays(c.daysInStage)}</span> },
    {
      key: 'owner',
      header: 'Owner',
      cell: (c) => (
        <span className="pl-table__owner">
          <UserAvatar userId={c.ownerId} /> {c.ownerId ? nameOf(c.ownerId) : '—'}
        </span>
      ),
    },
    { key: 'tags', header: 'Tags', cell: (c) => <span className="pl-card__tags">{c.tags.map((t) => <span key={t} className="pl-tag">{t}</span>)}</span> },
    { key: 'totalSpend', header: 'Spend', sortable: true, align: 'right', cell: (c) => <span className="aos-tabular">{formatMoney(c.totalSpend)}</span> },
    { key: 'lifetimeValue', header: 'LTV', sortable: true, align: 'right', cell: (c) => <span className="aos-tabular">{formatMoney(c.lifetimeValue)}</span> },
  ];

  if (query.error && !data) return <ErrorState title="Could not load clients" error={query.error} onRetry={query.reload} />;
  return (
    <div className="pl-table">
      <Table
        aria-label="Clients"
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(c) => c.id}
        loading={query.loading}
        sort={fromApiSort(sort)}
        onSortChange={(s) => onSortChange(toApiSort(s))}
        onRowClick={onOpen}
        selectedKey={selectedId}
        empty={empty}
        maxHeight="calc(100vh - 190px)"
      />
      {data?.nextCursor && (
        <div className="pl-table__more">
          <Button variant="ghost" onClick={loadMore}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
