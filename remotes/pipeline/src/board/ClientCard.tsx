/**
 * A card: the few fields that decide what to do next (health, days in stage, owner, tags).
 * Drag it with the pointer, or with the keyboard: `[` / `]` move it to the previous / next
 * stage, `M` opens "Move to…", Enter opens the client.
 */
import { useDraggable } from '@dnd-kit/core';
import { MoreHorizontal } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger, cx } from '@audienceos/remote-sdk';
import type { Client, Stage } from '../api';
import { formatDays } from '../shared/format';
import { HealthDot } from '../shared/HealthDot';
import { UserAvatar } from '../shared/team';

export interface CardActions {
  onOpen: (client: Client) => void;
  onMove: (client: Client, to: string) => void;
  /** Whether this card's "Move to…" menu is open (M opens it). */
  menuFor: string | null;
  setMenuFor: (clientId: string | null) => void;
  stages: Stage[];
  canMove: boolean;
}

/** One tag and a count keep cards one line tall; the drawer and table show them all. */
const MAX_TAGS = 1;

export function CardBody({ client }: { client: Client }) {
  const extraTags = client.tags.length - MAX_TAGS;
  return (
    <>
      <div className="pl-card__title">{client.name}</div>
      <div className="pl-card__meta">
        <HealthDot client={client} />
        <span className="pl-card__days aos-tabular" title={`In this stage since ${new Date(client.stageEnteredAt).toLocaleDateString()}`}>
          {formatDays(client.daysInStage)}
        </span>
        <span className="pl-card__tags">
          {client.tags.slice(0, MAX_TAGS).map((tag) => (
            <span key={tag} className="pl-tag">
              {tag}
            </span>
          ))}
          {extraTags > 0 && (
            <span className="pl-tag pl-tag--more" title={client.tags.slice(MAX_TAGS).join(', ')}>
              +{extraTags}
            </span>
          )}
        </span>
        <UserAvatar userId={client.ownerId} />
      </div>
    </>
  );
}

export function ClientCard({ client, actions }: { client: Client; actions: CardActions }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: client.id, data: { client }, disabled: !actions.canMove });
  const index = actions.stages.findIndex((s) => s.key === client.stage);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || event.metaKey || event.ctrlKey || event.altKey) return;
    const step = event.key === '[' ? -1 : event.key === ']' ? 1 : 0;
    if (step && actions.canMove) {
      // preventDefault also keeps the shell's `[` (collapse sidebar) from firing.
      event.preventDefault();
      const target = actions.stages[index + step];
      if (target) actions.onMove(client, target.key);
    } else if ((event.key === 'm' || event.key === 'M') && actions.canMove) {
      event.preventDefault();
      actions.setMenuFor(client.id);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      actions.onOpen(client);
    }
  };

  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="button"
      tabIndex={0}
      aria-roledescription="Client card"
      aria-label={`${client.name}, ${client.daysInStage} days in stage`}
      aria-keyshortcuts={actions.canMove ? '[ ] M Enter' : 'Enter'}
      data-client-id={client.id}
      className={cx('pl-card', isDragging && 'pl-card--dragging')}
      onClick={() => actions.onOpen(client)}
      onKeyDown={onKeyDown}
    >
      <CardBody client={client} />
      {actions.canMove && (
        <Menu open={actions.menuFor === client.id} onOpenChange={(open) => actions.setMenuFor(open ? client.id : null)}>
          <MenuTrigger className="pl-card__menu aos-btn aos-btn--ghost aos-btn--sm aos-icon-btn" aria-label={`Actions for ${client.name}`} onClick={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()} tabIndex={-1}>
            <MoreHorizontal aria-hidden="true" />
          </MenuTrigger>
          {/* A portal still bubbles React events to the card: keep clicks here from opening or dragging it. */}
          <MenuContent align="end" onClick={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()}>
            <MenuItem onSelect={() => actions.onOpen(client)}>Open</MenuItem>
            <MenuSeparator />
            <MenuLabel>Move to</MenuLabel>
            {actions.stages.map((stage) => (
              <MenuItem key={stage.key} disabled={stage.key === client.stage} onSelect={() => actions.onMove(client, stage.key)}>
                {stage.name}
              </MenuItem>
            ))}
          </MenuContent>
        </Menu>
      )}
    </div>
  );
}
