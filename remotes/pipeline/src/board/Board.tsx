/**
 * The kanban: a column per stage. Pointer drags need 5 px of movement before they start, so a
 * click still opens the card; the drop is applied at once and rolled back if refused.
 */
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useCallback, useState, type ReactNode } from 'react';
import { ErrorState } from '@audienceos/remote-sdk';
import type { Client } from '../api';
import { BoardColumn, BoardColumnSkeleton } from './BoardColumn';
import { CardBody, type CardActions } from './ClientCard';
import type { useBoard } from './use-board';

interface Props {
  board: ReturnType<typeof useBoard>;
  canMove: boolean;
  onOpen: (client: Client) => void;
  empty: ReactNode;
}

/** After a keyboard move the card re-mounts in its new column: give it focus back there. */
function refocus(clientId: string) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.pl-card[data-client-id="${clientId}"]`)?.focus());
}

export function Board({ board, canMove, onOpen, empty }: Props) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const [dragging, setDragging] = useState<Client | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const { moveClient } = board;

  const onMove = useCallback(
    (client: Client, to: string) => {
      void moveClient(client, to);
      refocus(client.id);
    },
    [moveClient],
  );

  const onDragStart = (event: DragStartEvent) => setDragging((event.active.data.current as { client: Client }).client);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const client = (event.active.data.current as { client: Client }).client;
    if (event.over && event.over.id !== client.stage) void moveClient(client, String(event.over.id));
  };

  if (board.error && !board.data) return <ErrorState title="Could not load the pipeline" error={board.error} onRetry={board.reload} />;
  if (!board.data) {
    return (
      <div className="pl-board" role="status" aria-label="Loading the pipeline">
        {Array.from({ length: 6 }, (_, i) => (
          <BoardColumnSkeleton key={i} />
        ))}
      </div>
    );
  }
  if (board.data.stages.every((s) => s.count === 0)) return <>{empty}</>;

  const actions: CardActions = { onOpen, onMove, menuFor, setMenuFor, stages: board.data.stages, canMove };
  return (
    <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
      <div className="pl-board" aria-busy={board.fetching || undefined}>
        {board.data.stages.map((column) => (
          <BoardColumn key={column.key} column={column} actions={actions} onLoadMore={board.loadMore} />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging && (
          <div className="pl-card pl-card--overlay">
            <CardBody client={dragging} />
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
