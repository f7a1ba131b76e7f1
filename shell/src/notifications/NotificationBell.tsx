import { Bell, CheckCheck } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useAtomValue } from 'jotai';
import { api, errorMessage, toast, useDateFormat, useLiveChanges } from '@audienceos/remote-sdk';
import { modulesAtom } from '../registry/registry-state';
import './notifications.css';

/** One notification as `GET /api/v1/notifications` lists it. */
interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string;
  count: number;
  read: boolean;
  updatedAt: string;
}

const LIVE = { module: 'notifications', entity: 'notification' };

/** "just now", "12 min ago", "3 h ago" within a day; the date in the agency's zone after that. */
function when(iso: string, date: (v: string) => string): string {
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return date(iso);
}

/**
 * The bell in the top bar: unread count (kept fresh by the live stream), a panel with my latest
 * notifications — click (or Enter) opens the record and marks it read, "Mark all read".
 * Keyboard: the button opens the panel, ↑/↓ move between items, Esc closes and returns focus.
 */
export function NotificationBell() {
  const modules = useAtomValue(modulesAtom);
  const available = modules.some((m) => m.module === 'notifications');
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const fmt = useDateFormat();
  const panelId = useId();

  const refreshCount = useCallback(() => {
    if (!available) return;
    api.get<{ count: number }>('/notifications/unread-count').then(
      (r) => setCount(r.count),
      () => undefined,
    );
  }, [available]);

  const refreshList = useCallback(() => {
    api.get<{ items: NotificationItem[]; unread: number }>('/notifications', { query: { limit: 20 } }).then(
      (r) => {
        setItems(r.items);
        setCount(r.unread);
        setError(null);
      },
      (err) => setError(errorMessage(err)),
    );
  }, []);

  useEffect(() => refreshCount(), [refreshCount]);
  useEffect(() => {
    if (open) refreshList();
  }, [open, refreshList]);
  const onChange = useCallback(() => {
    refreshCount();
    if (open) refreshList();
  }, [open, refreshCount, refreshList]);
  useLiveChanges(available ? LIVE : null, onChange, { onReset: onChange });

  // Close on a click outside.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  if (!available) return null;

  const close = (focusButton = true) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const openItem = async (n: NotificationItem) => {
    close(false);
    try {
      const r = await api.post<{ url: string; unread: number }>(`/notifications/${n.id}/open`);
      setCount(r.unread);
      navigate(r.url);
    } catch (err) {
      toast.error(`Could not open it: ${errorMessage(err)}`);
    }
  };

  const markRead = async (n: NotificationItem) => {
    setItems((list) => list?.map((x) => (x.id === n.id ? { ...x, read: true } : x)) ?? null);
    try {
      const r = await api.post<{ unread: number }>(`/notifications/${n.id}/read`);
      setCount(r.unread);
    } catch (err) {
      toast.error(`Not marked read: ${errorMessage(err)}`);
      refreshList();
    }
  };

  const markAll = async () => {
    setItems((list) => list?.map((x) => ({ ...x, read: true })) ?? null);
    setCount(0);
    try {
      await api.post('/notifications/read-all');
    } catch (err) {
      toast.error(`Not marked read: ${errorMessage(err)}`);
      refreshList();
    }
  };

  const onPanelKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const rows = Array.from(panelRef.current?.querySelectorAll<HTMLElement>('[data-notification-open]') ?? []);
    const at = rows.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
    rows[next]?.focus();
  };

  const label = count > 0 ? `Notifications, ${count} unread` : 'Notifications';
  return (
    <div className="shell-bell">
      <button
        ref={buttonRef}
        type="button"
        className="shell-bell__button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <Bell aria-hidden="true" />
        {count > 0 && (
          <span className="shell-bell__count" data-testid="notification-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div ref={panelRef} id={panelId} className="shell-bell__panel" role="dialog" aria-label="Notifications" onKeyDown={onPanelKey} data-testid="notification-panel">
          <div className="shell-bell__head">
            <strong>Notifications</strong>
            <button type="button" className="shell-bell__link" onClick={() => void markAll()} disabled={!items?.some((n) => !n.read)} data-testid="notification-read-all">
              <CheckCheck aria-hidden="true" /> Mark all read
            </button>
          </div>
          {error && (
            <div className="shell-bell__empty" role="alert">
              {error}{' '}
              <button type="button" className="shell-bell__link" onClick={refreshList}>
                Retry
              </button>
            </div>
          )}
          {!error && items === null && <div className="shell-bell__empty">Loading…</div>}
          {!error && items?.length === 0 && <div className="shell-bell__empty">Nothing yet. You will be told here when something needs you.</div>}
          {items && items.length > 0 && (
            <ul className="shell-bell__list">
              {items.map((n, i) => (
                <li key={n.id} className={n.read ? 'shell-bell__item' : 'shell-bell__item shell-bell__item--unread'} data-testid="notification-item">
                  <button type="button" className="shell-bell__open" data-notification-open autoFocus={i === 0} onClick={() => void openItem(n)}>
                    <span className="shell-bell__title">
                      {n.title}
                      {n.count > 1 && <span className="shell-bell__times"> ×{n.count}</span>}
                    </span>
                    {n.body && <span className="shell-bell__body">{n.body}</span>}
                    <span className="shell-bell__when">{when(n.updatedAt, fmt.dateTime)}</span>
                  </button>
                  {!n.read && (
                    <button type="button" className="shell-bell__dot" aria-label={`Mark read: ${n.title}`} title="Mark read" onClick={() => void markRead(n)}>
                      <span aria-hidden="true" />
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="shell-bell__foot">
            <button
              type="button"
              className="shell-bell__link"
              onClick={() => {
                close(false);
                navigate('/notifications');
              }}
            >
              Notification settings
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
