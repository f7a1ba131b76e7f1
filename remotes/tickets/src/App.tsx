/**
 * Tickets: a filterable, sortable list and a board by status, a drawer with the ticket's
 * timeline, and keyboard shortcuts for everything (C, A, I, S, P, J/K, Enter, /). The screen's
 * state lives in the URL (routes.ts) so that links, palette commands and reloads land here.
 */
import { Plus } from 'lucide-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Button, QuickPickDialog, toast, useCan, useDateFormat, usePageHeader, useQuery, useSingleKeyShortcuts, type QuickPickOption, type RemoteAppProps } from '@audienceos/remote-sdk';
import { PRIORITIES, STATUSES, ticketsApi, type Page, type Ticket } from './api';
import { FilterBar } from './components/FilterBar';
import { LogTimeDialog } from './components/LogTimeDialog';
import { NewTicketDialog } from './components/NewTicketDialog';
import { ResolveDialog } from './components/ResolveDialog';
import { TicketBoard } from './components/TicketBoard';
import { TicketDrawer } from './components/TicketDrawer';
import { TicketTable } from './components/TicketTable';
import { PRIORITY_LABEL, STATUS_LABEL } from './format';
import { useDirectory } from './hooks/use-directory';
import { useTicketCommands, type TicketSink } from './hooks/use-ticket-commands';
import { useTicketUrlState } from './hooks/use-ticket-filters';
import { FILTER_KEYS, NEW_PARAM, TICKET_PARAM, VIEW_PARAM, type FilterKey } from './routes';
import { findLoaded, patchBoard, patchPage } from './ticket-sink';
import './tickets.css';

type PickerKind = 'status' | 'priority' | 'assignee';
const PAGE_SIZE = 50;

export default function TicketsApp(_props: RemoteAppProps) {
  usePageHeader('Tickets');
  const canWrite = useCan('tickets:write');
  const url = useTicketUrlState();
  // Dates show in the agency's zone: render again once it has loaded (format.ts reads it).
  useDateFormat();
  const { filters, sort, view, openTicketId, set } = url;
  const directory = useDirectory();
  const filterKey = JSON.stringify(filters);

  const list = useQuery(
    (signal) => ticketsApi.list({ ...filters, sort: sort.key, order: sort.direction, limit: PAGE_SIZE }, signal),
    [filterKey, sort.key, sort.direction],
    {
      enabled: view === 'list',
      live: { module: 'tickets', entity: 'ticket' },
    },
  );
  const board = useQuery((signal) => ticketsApi.board(filters, signal), [filterKey], { enabled: view === 'board', live: { module: 'tickets', entity: 'ticket' } });
  const detail = useQuery((signal) => ticketsApi.get(openTicketId!, signal), [openTicketId], {
    enabled: Boolean(openTicketId),
    live: openTicketId ? { module: 'tickets', entity: 'ticket', id: openTicketId } : null,
  });

  // Everywhere a ticket is shown, updated in place (optimistic changes and server answers).
  const { setData: setList, data: listData } = list;
  const { setData: setBoard, data: boardData } = board;
  const { setData: setDetail, data: detailData } = detail;
  const sink: TicketSink = useMemo(() => {
    const write = (id: string, patch: Partial<Ticket>) => {
      patchPage(setList, id, patch);
      patchBoard(setBoard, id, patch);
      setDetail((d) => (d && d.id === id ? { ...d, ...patch } : (d as Ticket)));
    };
    return {
      apply: (ticket) => write(ticket.id, ticket),
      patch: (id, patch) => {
        const current = findLoaded(id, listData, boardData) ?? (detailData?.id === id ? detailData : undefined);
        const before = current
          ? (Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof Ticket]])) as Partial<Ticket>)
          : {};
        write(id, patch);
        return () => write(id, before);
      },
    };
  }, [setList, listData, setBoard, boardData, setDetail, detailData]);

  // Resolving asks for notes (from the board, a shortcut or the drawer): one dialog, awaited.
  const [resolving, setResolving] = useState<{ ticket: Ticket; done: (notes: string | null) => void } | null>(null);
  const askResolutionNotes = useCallback((ticket: Ticket) => new Promise<string | null>((done) => setResolving({ ticket, done })), []);
  const commands = useTicketCommands(sink, askResolutionNotes);

  const [picker, setPicker] = useState<{ kind: PickerKind; ticket: Ticket } | null>(null);
  const [loggingTime, setLoggingTime] = useState<Ticket | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const focused = useRef<Ticket | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const open = useCallback((ticket: Ticket) => set({ [TICKET_PARAM]: ticket.id }), [set]);
  const openCreate = useCallback(() => set({ [NEW_PARAM]: '1' }), [set]);
  const setFilter = useCallback(
    (key: FilterKey, value: string | null, options?: { replace?: boolean }) => set({ [key]: value }, options),
    [set],
  );
  const clearFilters = useCallback(() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, null]))), [set]);
  const refresh = () => (view === 'list' ? list.reload() : board.reload());

  /** The ticket a shortcut acts on: the focused row or card, else the one open in the drawer. */
  const target = (): Ticket | null => {
    const active = document.activeElement;
    const inCollection = active?.closest('.tk-table tbody tr, [data-ticket-id]');
    if (inCollection && focused.current) return focused.current;
    return openTicketId && detail.data?.id === openTicketId ? detail.data : null;
  };
  const withTarget = (run: (ticket: Ticket) => void) => () => {
    if (!canWrite) return;
    const ticket = target();
    if (ticket) run(ticket);
    else toast({ title: 'Select a ticket first: J/K or the arrow keys move through the list', tone: 'neutral' });
  };
  const moveFocus = (delta: 1 | -1) => () => {
    const items = Array.from(document.querySelectorAll<HTMLElement>('.tk-table tbody tr[tabindex], .tk-card[data-ticket-id]'));
    if (!items.length) return;
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = index === -1 ? (delta === 1 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + delta));
    items[next]?.focus();
  };

  useSingleKeyShortcuts({
    c: () => canWrite && openCreate(),
    a: withTarget((ticket) => setPicker({ kind: 'assignee', ticket })),
    i: withTarget((ticket) => directory.me && void commands.assign(ticket, directory.me, 'you')),
    s: withTarget((ticket) => setPicker({ kind: 'status', ticket })),
    p: withTarget((ticket) => setPicker({ kind: 'priority', ticket })),
    j: moveFocus(1),
    k: moveFocus(-1),
    ArrowDown: moveFocus(1),
    ArrowUp: moveFocus(-1),
    '/': () => searchRef.current?.focus(),
  });

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await ticketsApi.list({ ...filters, sort: sort.key, order: sort.direction, limit: PAGE_SIZE, cursor });
      list.setData((p) => ({ ...next, items: [...(p?.items ?? []), ...next.items] }) as Page<Ticket>);
    } catch (error) {
      toast.error('Could not load more tickets', error instanceof Error ? error.message : undefined);
    } finally {
      setLoadingMore(false);
    }
  };

  const pickerOptions = (kind: PickerKind): QuickPickOption[] => {
    if (kind === 'status')
      return STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s], hint: s === 'resolved' ? 'asks for notes' : undefined }));
    if (kind === 'priority') return PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }));
    return [
      { value: 'unassigned', label: 'Unassigned' },
      ...directory.people.map((p) => ({ value: p.id, label: p.id === directory.me ? `${p.name} (me)` : p.name })),
    ];
  };
  const applyPick = (kind: PickerKind, ticket: Ticket, value: string) => {
    if (kind === 'status') void commands.setStatus(ticket, value as Ticket['status']);
    else if (kind === 'priority') void commands.setPriority(ticket, value as Ticket['priority']);
    else void commands.assign(ticket, value === 'unassigned' ? null : value, directory.personName(value));
  };

  return (
    <div className="tk-page">
      <FilterBar
        filters={filters}
        view={view}
        directory={directory}
        searchRef={searchRef}
        onChange={setFilter}
        onClear={clearFilters}
        onViewChange={(v) => set({ [VIEW_PARAM]: v === 'board' ? 'board' : null })}
      />
      <div className="tk-page__actions">
        <span className="tk-muted tk-shortcuts" aria-hidden="true">
          <kbd className="aos-kbd">C</kbd> new · <kbd className="aos-kbd">J</kbd>/<kbd className="aos-kbd">K</kbd> move ·{' '}
          <kbd className="aos-kbd">S</kbd> status · <kbd className="aos-kbd">P</kbd> priority · <kbd className="aos-kbd">A</kbd> assign ·{' '}
          <kbd className="aos-kbd">I</kbd> to me
        </span>
        <div className="aos-toolbar__spacer" />
        {canWrite && (
          <Button variant="primary" icon={<Plus />} onClick={openCreate} title="New ticket (C)">
            New ticket
          </Button>
        )}
      </div>

      {view === 'list' ? (
        <TicketTable
          page={list}
          sort={sort}
          onSortChange={(s) => set({ sort: s.key, order: s.direction })}
          directory={directory}
          openTicketId={openTicketId}
          onOpen={open}
          onFocusTicket={(t) => (focused.current = t)}
          onLoadMore={() => void loadMore()}
          loadingMore={loadingMore}
          filtered={Object.keys(filters).length > 0}
          onCreate={canWrite ? openCreate : null}
          onClearFilters={clearFilters}
        />
      ) : (
        <TicketBoard
          board={board}
          directory={directory}
          openTicketId={openTicketId}
          onOpen={open}
          onMove={(ticket, to) => (canWrite ? void commands.setStatus(ticket, to) : toast.error('You cannot change tickets'))}
          onFocusTicket={(t) => (focused.current = t)}
        />
      )}

      <TicketDrawer
        ticketId={openTicketId}
        ticket={detail}
        directory={directory}
        commands={commands}
        onApply={sink.apply}
        onLogTime={setLoggingTime}
        onClose={() => set({ [TICKET_PARAM]: null })}
      />
      <NewTicketDialog
        open={url.creating && canWrite}
        onOpenChange={(o) => set({ [NEW_PARAM]: o ? '1' : null }, { replace: true })}
        directory={directory}
        defaultClientId={filters.client}
        onCreated={(ticket) => {
          set({ [NEW_PARAM]: null, [TICKET_PARAM]: ticket.id }, { replace: true });
          refresh();
        }}
      />
      <ResolveDialog
        ticket={resolving?.ticket ?? null}
        onDone={(notes) => {
          resolving?.done(notes);
          setResolving(null);
        }}
      />
      <LogTimeDialog ticket={loggingTime} onClose={() => setLoggingTime(null)} onLogged={sink.apply} />
      {picker && (
        <QuickPickDialog
          open
          title={
            picker.kind === 'status'
              ? `Status of #${picker.ticket.number}`
              : picker.kind === 'priority'
                ? `Priority of #${picker.ticket.number}`
                : `Assign #${picker.ticket.number}`
          }
          options={pickerOptions(picker.kind)}
          current={
            picker.kind === 'status'
              ? picker.ticket.status
              : picker.kind === 'priority'
                ? picker.ticket.priority
                : (picker.ticket.assigneeId ?? 'unassigned')
          }
          onPick={(value) => applyPick(picker.kind, picker.ticket, value)}
          onClose={() => setPicker(null)}
        />
      )}
    </div>
  );
}
