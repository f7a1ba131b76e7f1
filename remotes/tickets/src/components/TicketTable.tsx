import { Ticket as TicketIcon } from 'lucide-react';
import type { FocusEvent, ReactNode } from 'react';
import { Avatar, Button, EmptyState, ErrorState, Table, type QueryResult, type TableColumn } from '@audienceos/remote-sdk';
import type { Page, SortKey, Ticket } from '../api';
import { ago } from '../format';
import type { Directory } from '../hooks/use-directory';
import { PriorityBadge, SlaBadge, StatusBadge } from './badges';

export interface TicketTableProps {
  page: QueryResult<Page<Ticket>>;
  sort: { key: SortKey; direction: 'asc' | 'desc' };
  onSortChange: (sort: { key: SortKey; direction: 'asc' | 'desc' }) => void;
  directory: Directory;
  openTicketId: string | null;
  onOpen: (ticket: Ticket) => void;
  /** The row that has keyboard focus (A/I/S/P act on it). */
  onFocusTicket: (ticket: Ticket | null) => void;
  onLoadMore: () => void;
  loadingMore: boolean;
  filtered: boolean;
  onCreate: (() => void) | null;
  onClearFilters: () => void;
}

/** Server-sorted, keyset-paged ticket table; ↑/↓ or J/K move, Enter opens the drawer. */
export function TicketTable(props: TicketTableProps) {
  const {
    page,
    sort,
    onSortChange,
    directory,
    openTicketId,
    onOpen,
    onFocusTicket,
    onLoadMore,
    loadingMore,
    filtered,
    onCreate,
    onClearFilters,
  } = props;
  const rows = page.data?.items ?? [];

  const columns: TableColumn<Ticket>[] = [
    { key: 'number', header: '#', width: 64, sortable: true, cell: (t) => <span className="aos-tabular tk-number">#{t.number}</span> },
    {
      key: 'title',
      header: 'Ticket',
      cell: (t) => (
        <div className="tk-title-cell">
          <span className="tk-title">{t.title}</span>
          <span className="tk-muted">{directory.clientName(t.clientId)}</span>
        </div>
      ),
    },
    { key: 'status', header: 'Status', width: 150, cell: (t) => <StatusBadge status={t.status} /> },
    { key: 'priority', header: 'Priority', width: 110, sortable: true, cell: (t) => <PriorityBadge priority={t.priority} /> },
    {
      key: 'assignee',
      header: 'Assignee',
      width: 150,
      cell: (t) =>
        t.assigneeId ? (
          <span className="tk-person">
            <Avatar name={directory.personName(t.assigneeId)} seed={t.assigneeId} size={20} decorative />
            {directory.personName(t.assigneeId)}
          </span>
        ) : (
          <span className="tk-muted">Unassigned</span>
        ),
    },
    { key: 'sla', header: 'SLA', width: 170, sortable: true, cell: (t) => <SlaBadge ticket={t} compact /> },
    {
      key: 'updatedAt',
      header: 'Updated',
      width: 110,
      sortable: true,
      align: 'right',
      cell: (t) => <span className="tk-muted aos-tabular">{ago(t.updatedAt)}</span>,
    },
  ];

  // The SDK table does not report row focus: find the focused row's index among the body rows.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest('tbody tr');
    if (!row?.parentElement) return;
    const index = Array.from(row.parentElement.children).indexOf(row);
    onFocusTicket(rows[index] ?? null);
  };

  let empty: ReactNode;
  if (filtered) {
    empty = (
      <EmptyState
        compact
        icon={<TicketIcon />}
        title="No tickets match these filters"
        description="Try another status or clear the filters."
        action={<Button onClick={onClearFilters}>Clear filters</Button>}
      />
    );
  } else {
    empty = (
      <EmptyState
        icon={<TicketIcon />}
        title="No tickets yet"
        description="Tickets are the support requests of your clients: pixel not firing, a billing question, a paused campaign. Each gets a number, an owner and an SLA clock."
        action={
          onCreate && (
            <Button variant="primary" onClick={onCreate}>
              New ticket
            </Button>
          )
        }
      />
    );
  }

  if (page.error && !page.data) {
    return <ErrorState title="Could not load the tickets" error={page.error} onRetry={page.reload} />;
  }
  return (
    <div className="tk-table" onFocus={onFocus}>
      <Table
        aria-label="Tickets"
        columns={columns}
        rows={rows}
        rowKey={(t) => t.id}
        sort={sort}
        onSortChange={(s) => onSortChange({ key: s.key as SortKey, direction: s.direction })}
        onRowClick={onOpen}
        selectedKey={openTicketId}
        loading={page.loading}
        empty={empty}
        maxHeight="calc(100vh - 260px)"
      />
      {page.data?.nextCursor && (
        <div className="tk-more">
          <Button onClick={onLoadMore} loading={loadingMore}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
