import { useRef, type ReactNode } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { Avatar, ErrorState, Skeleton, type QueryResult } from '@audienceos/remote-sdk';
import { STATUSES, type BoardColumn, type Status, type Ticket } from '../api';
import { STATUS_LABEL } from '../format';
import type { Directory } from '../hooks/use-directory';
import { PriorityBadge, SlaBadge } from './badges';

export interface TicketBoardProps {
  board: QueryResult<{ columns: BoardColumn[] }>;
  directory: Directory;
  openTicketId: string | null;
  onOpen: (ticket: Ticket) => void;
  onMove: (ticket: Ticket, to: Status) => void;
  onFocusTicket: (ticket: Ticket | null) => void;
}

/** A card shows what decides the next step: priority, SLA time left, owner, client. */
function Card({
  ticket,
  directory,
  selected,
  onOpen,
  onFocusTicket,
}: {
  ticket: Ticket;
  directory: Directory;
  selected: boolean;
  onOpen: () => void;
  onFocusTicket: (t: Ticket | null) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: ticket.id, data: { ticket } });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  return (
    <article
      ref={setNodeRef}
      style={style}
      className="tk-card"
      data-ticket-id={ticket.id}
      data-dragging={isDragging || undefined}
      data-selected={selected || undefined}
      {...attributes}
      {...listeners}
      aria-label={`#${ticket.number} ${ticket.title}. ${STATUS_LABEL[ticket.status]}. Enter opens; Space picks it up to move with the arrow keys.`}
      onFocus={() => onFocusTicket(ticket)}
      onClick={onOpen}
      onKeyDown={(event) => {
        listeners?.onKeyDown?.(event);
        if (event.key === 'Enter' && !event.defaultPrevented) {
          event.preventDefault();
          onOpen();
        }
      }}
    >
      <div className="tk-card__top">
        <span className="aos-tabular tk-number">#{ticket.number}</span>
        <PriorityBadge priority={ticket.priority} />
      </div>
      <div className="tk-card__title">{ticket.title}</div>
      <div className="tk-card__client tk-muted">{directory.clientName(ticket.clientId)}</div>
      <div className="tk-card__bottom">
        <SlaBadge ticket={ticket} compact />
        {ticket.assigneeId ? (
          <Avatar name={directory.personName(ticket.assigneeId)} seed={ticket.assigneeId} size={20} />
        ) : (
          <span className="tk-muted tk-card__unassigned">Unassigned</span>
        )}
      </div>
    </article>
  );
}

function Column({ column, children }: { column: BoardColumn; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: column.status });
  return (
    <section
      ref={setNodeRef}
      className="tk-column"
      data-status={column.status}
      data-over={isOver || undefined}
      aria-label={`${STATUS_LABEL[column.status]}: ${column.count}`}
    >
      <header className="tk-column__header">
        <span>{STATUS_LABEL[column.status]}</span>
        <span className="tk-column__count aos-tabular">{column.count}</span>
      </header>
      <div className="tk-column__cards">{children}</div>
    </section>
  );
}

/** Columns by status; drag a card (or Space, arrows, Space) to change its status. */
export function TicketBoard({ board, directory, openTicketId, onOpen, onMove, onFocusTicket }: TicketBoardProps) {
  const sensors = useSensors(
    // A few pixels before a drag starts, so that a click still opens the card.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Space only: Enter stays "open" (UI.md).
    useSensor(KeyboardSensor, { keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] } }),
  );

  // The pointer is released over the card it dragged: that click must not open the drawer.
  const lastDragEnd = useRef(0);
  const open = (ticket: Ticket) => {
    if (Date.now() - lastDragEnd.current > 300) onOpen(ticket);
  };
  const onDragEnd = (event: DragEndEvent) => {
    lastDragEnd.current = Date.now();
    const ticket = event.active.data.current?.ticket as Ticket | undefined;
    const to = event.over?.id as Status | undefined;
    if (ticket && to && to !== ticket.status) onMove(ticket, to);
  };

  if (board.error && !board.data) return <ErrorState title="Could not load the board" error={board.error} onRetry={board.reload} />;
  if (!board.data) {
    return (
      <div className="tk-board" aria-busy="true">
        {STATUSES.map((s) => (
          <section key={s} className="tk-column">
            <header className="tk-column__header">{STATUS_LABEL[s]}</header>
            <div className="tk-column__cards">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} height={88} />
              ))}
            </div>
          </section>
        ))}
      </div>
    );
  }
  return (
    <DndContext
      sensors={sensors}
      onDragEnd={onDragEnd}
      onDragCancel={() => (lastDragEnd.current = Date.now())}
      accessibility={{
        screenReaderInstructions: {
          draggable: 'Press Space to pick up a ticket, arrow keys to move it to another status, Space to drop, Escape to cancel.',
        },
      }}
    >
      <div className="tk-board">
        {board.data.columns.map((column) => (
          <Column key={column.status} column={column}>
            {column.items.map((t) => (
              <Card
                key={t.id}
                ticket={t}
                directory={directory}
                selected={t.id === openTicketId}
                onOpen={() => open(t)}
                onFocusTicket={onFocusTicket}
              />
            ))}
            {column.items.length === 0 && <p className="tk-column__empty">No tickets</p>}
            {column.count > column.items.length && (
              <p className="tk-column__more tk-muted">+{column.count - column.items.length} more — filter or use the list</p>
            )}
          </Column>
        ))}
      </div>
    </DndContext>
  );
}
