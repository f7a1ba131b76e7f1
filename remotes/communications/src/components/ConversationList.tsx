/** The left pane: conversations with unread in bold, a needs-reply marker, source, client, assignee and relative time. */
import { Hash, Mail, MessageSquare } from 'lucide-react';
import { cx } from '@audienceos/remote-sdk';
import type { Conversation } from '../api';
import { ago } from '../format';

export const SourceIcon = ({ source }: { source: string }) =>
  source === 'slack' ? (
    <Hash size={14} aria-label="Slack" />
  ) : source === 'gmail' ? (
    <Mail size={14} aria-label="Gmail" />
  ) : (
    <MessageSquare size={14} aria-label={source} />
  );

export interface ConversationListProps {
  items: Conversation[];
  focusedId: string | null;
  openId: string | null;
  clientName: (id: string) => string;
  personName: (id: string | null) => string;
  onOpen: (c: Conversation) => void;
}

export function ConversationList({ items, focusedId, openId, clientName, personName, onOpen }: ConversationListProps) {
  return (
    <ul className="ib-list" role="listbox" aria-label="Conversations">
      {items.map((c) => (
        <li
          key={c.id}
          id={`ib-c-${c.id}`}
          role="option"
          aria-selected={c.id === focusedId}
          data-testid="conversation-row"
          data-conversation-id={c.id}
          className={cx('ib-row', c.unread && 'ib-row--unread', c.id === focusedId && 'ib-row--focused', c.id === openId && 'ib-row--open')}
          onClick={() => onOpen(c)}
        >
          <div className="ib-row__top">
            <SourceIcon source={c.source} />
            <span className="ib-row__client">{c.clientId ? clientName(c.clientId) : 'Unlinked'}</span>
            {c.needsReply && <span className="ib-dot" aria-label="Needs reply" title="Needs reply" />}
            {c.status !== 'open' && <span className="ib-status">{c.status}</span>}
            <time className="ib-row__time" dateTime={c.lastActivityAt}>
              {ago(c.lastActivityAt)}
            </time>
          </div>
          <div className="ib-row__subject">{c.subject || c.lastSenderName}</div>
          <div className="ib-row__preview">
            {c.lastSenderName && <span>{c.lastSenderName}: </span>}
            {c.preview}
          </div>
          {(c.assigneeId || c.labels.length > 0) && (
            <div className="ib-row__meta">
              {c.assigneeId && <span className="ib-chip">{personName(c.assigneeId)}</span>}
              {c.labels.map((l) => (
                <span key={l} className="ib-chip ib-chip--label">
                  {l}
                </span>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
