/**
 * The middle pane: the thread in order (sender, source, time in the agency's zone, attachments,
 * sanitised HTML), delivery states with "retry", drafts with "send", and the composer
 * (reply through the source, or an internal note). ⌘/Ctrl+Enter sends.
 */
import { AlertTriangle, Paperclip } from 'lucide-react';
import { forwardRef, useState, type KeyboardEvent } from 'react';
import { Badge, Button, ErrorState, MentionTextarea, SkeletonText, cx, useDateFormat, withMentions } from '@audienceos/remote-sdk';
import type { Conversation, Message } from '../api';
import { fileSize } from '../format';
import { SourceIcon } from './ConversationList';
import { SafeHtml } from './SafeHtml';

export interface ThreadProps {
  conversation: Conversation | undefined;
  messages: Message[] | undefined;
  loading: boolean;
  error: unknown;
  onRetryLoad: () => void;
  personName: (id: string | null) => string;
  onSend: (text: string, mode: 'reply' | 'note') => Promise<boolean>;
  onRetry: (m: Message) => void;
  onSendDraft: (m: Message) => void;
  onTicket: (m: Message) => void;
  canWrite: boolean;
}

const STATE_TONE: Record<string, 'neutral' | 'success' | 'danger' | 'warning'> = {
  sending: 'neutral',
  sent: 'success',
  failed: 'danger',
  draft: 'warning',
  approval: 'warning',
};

export const Thread = forwardRef<HTMLTextAreaElement, ThreadProps>(function Thread(props, composerRef) {
  const { conversation, messages, loading, error, onRetryLoad, personName, onSend, onRetry, onSendDraft, onTicket, canWrite } = props;
  const fmt = useDateFormat();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (!text.trim() || sending) return;
    setSending(true);
    const ok = await onSend(text.trim(), mode);
    setSending(false);
    if (ok) setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
  };

  if (!conversation) return <div className="ib-thread ib-thread--empty">Select a conversation (J/K to move, Enter to open)</div>;
  return (
    <section className="ib-thread" aria-label="Thread">
      <header className="ib-thread__head">
        <SourceIcon source={conversation.source} />
        <h2>{conversation.subject || conversation.lastSenderName}</h2>
        <Badge tone={conversation.status === 'open' ? 'neutral' : 'accent'}>{conversation.status}</Badge>
        {conversation.snoozedUntil && <span className="ib-muted">until {fmt.dateTime(conversation.snoozedUntil)}</span>}
      </header>
      <div className="ib-thread__messages">
        {loading && <SkeletonText lines={6} label="Loading messages" />}
        {!!error && <ErrorState compact title="Could not load the messages" error={error} onRetry={onRetryLoad} />}
        {(messages ?? []).map((m) => (
          <article key={m.id} className={cx('ib-msg', `ib-msg--${m.direction}`)} data-testid="message" data-state={m.deliveryState ?? ''}>
            <header className="ib-msg__head">
              <strong>{m.direction === 'inbound' ? m.senderName || m.senderAddress : m.senderName || personName(m.authorId)}</strong>
              {m.direction === 'note' && <Badge tone="warning">internal note</Badge>}
              {m.deliveryState && (
                <Badge tone={STATE_TONE[m.deliveryState]}>
                  {m.deliveryState === 'approval' ? 'waiting for approval' : m.deliveryState}
                </Badge>
              )}
              <time dateTime={m.sentAt}>{fmt.dateTime(m.sentAt)}</time>
            </header>
            {m.html ? <SafeHtml html={m.html} /> : <p className="ib-msg__text">{m.direction === 'note' ? withMentions(m.text) : m.text}</p>}
            {m.attachments.length > 0 && (
              <ul className="ib-msg__files">
                {m.attachments.map((a, i) => (
                  <li key={i}>
                    <Paperclip size={12} /> {a.name} <span className="ib-muted">({fileSize(a.size)})</span>
                  </li>
                ))}
              </ul>
            )}
            {m.deliveryState === 'failed' && (
              <div className="ib-msg__failed" role="alert">
                <AlertTriangle size={14} /> Not delivered: {m.deliveryError}
                {canWrite && (
                  <Button size="sm" onClick={() => onRetry(m)}>
                    Retry
                  </Button>
                )}
              </div>
            )}
            {canWrite && (m.deliveryState === 'draft' || m.deliveryState === 'approval') && (
              <Button size="sm" variant="primary" onClick={() => onSendDraft(m)}>
                {m.deliveryState === 'approval' ? 'Approve and send' : 'Send draft'}
              </Button>
            )}
            {canWrite && m.direction === 'inbound' && conversation.clientId && (
              <button type="button" className="ib-link" onClick={() => onTicket(m)}>
                Create ticket
              </button>
            )}
          </article>
        ))}
      </div>
      {canWrite && (
        <div className={cx('ib-composer', mode === 'note' && 'ib-composer--note')}>
          <div className="ib-composer__modes" role="radiogroup" aria-label="Composer mode">
            <button type="button" role="radio" aria-checked={mode === 'reply'} onClick={() => setMode('reply')}>
              Reply
            </button>
            <button type="button" role="radio" aria-checked={mode === 'note'} onClick={() => setMode('note')}>
              Internal note
            </button>
          </div>
          <MentionTextarea
            ref={composerRef}
            aria-label={mode === 'reply' ? 'Reply' : 'Internal note'}
            placeholder={
              mode === 'reply' ? `Reply in ${conversation.source} (⌘Enter to send)` : 'A note only your team sees (@ to mention someone, ⌘Enter to add)'
            }
            value={text}
            rows={3}
            onValueChange={setText}
            mentions={mode === 'note'}
            onKeyDown={onKeyDown}
          />
          <div className="ib-composer__actions">
            <Button variant="primary" loading={sending} onClick={() => void send()} disabled={!text.trim()}>
              {mode === 'reply' ? 'Send' : 'Add note'}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
});
