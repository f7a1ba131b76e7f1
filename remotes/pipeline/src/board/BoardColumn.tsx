/** One stage: its name and count, up to ten cards, and "Show more" for the rest. */
import { useDroppable } from '@dnd-kit/core';
import { useState } from 'react';
import { Button, cx } from '@audienceos/remote-sdk';
import type { BoardColumn as Column } from '../api';
import { ClientCard, type CardActions } from './ClientCard';

interface Props {
  column: Column;
  actions: CardActions;
  onLoadMore: (stage: string, cursor: string) => Promise<void>;
}

export function BoardColumn({ column, actions, onLoadMore }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: column.key });
  const [loadingMore, setLoadingMore] = useState(false);
  const hidden = column.count - column.items.length;

  const more = async () => {
    if (!column.nextCursor) return;
    setLoadingMore(true);
    await onLoadMore(column.key, column.nextCursor);
    setLoadingMore(false);
  };

  return (
    <section ref={setNodeRef} className={cx('pl-column', isOver && 'pl-column--over')} aria-label={`${column.name}: ${column.count} clients`} data-stage={column.key}>
      <header className="pl-column__header">
        <h2 className="pl-column__name">{column.name}</h2>
        <span className="pl-column__count aos-tabular" data-testid={`count-${column.key}`}>
          {column.count}
        </span>
      </header>
      <div className="pl-column__cards">
        {column.items.map((client) => (
          <ClientCard key={client.id} client={client} actions={actions} />
        ))}
        {column.count === 0 && <div className="pl-column__empty">No clients</div>}
        {column.nextCursor && hidden > 0 && (
          <Button variant="ghost" size="sm" className="pl-column__more" loading={loadingMore} onClick={more}>
            Show {Math.min(hidden, 10)} more
          </Button>
        )}
      </div>
    </section>
  );
}

export function BoardColumnSkeleton({ name }: { name?: string }) {
  return (
    <section className="pl-column" aria-hidden="true">
      <header className="pl-column__header">
        <span className="pl-column__name">{name ?? <span className="aos-skeleton" style={{ width: 80 }} />}</span>
      </header>
      <div className="pl-column__cards">
        {[0, 1, 2].map((i) => (
          <div key={i} className="pl-card pl-card--skeleton">
            <span className="aos-skeleton" style={{ width: `${70 - i * 12}%` }} />
            <span className="aos-skeleton" style={{ width: '40%' }} />
          </div>
        ))}
      </div>
    </section>
  );
}
