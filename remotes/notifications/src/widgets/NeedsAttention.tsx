/**
 * The dashboard's "Needs attention" card (contributed to the `dashboard.attention` slot): clients
 * turning red, SLAs at risk or breached, messages waiting past the agency's threshold, failed
 * automations. Each item opens its record; Dismiss hides it for me until it happens again,
 * Snooze hides it for an hour or a day. Refreshes live.
 */
import { AlertTriangle, CircleAlert } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Button, Card, ErrorState, SkeletonText, errorMessage, toast, useDateFormat, useQuery } from '@audienceos/remote-sdk';
import { notificationsApi, type AttentionItem } from '../api';
import '../notifications.css';

const KIND_LABELS: Record<string, string> = {
  client_red: 'Client health',
  sla_breached: 'SLA breached',
  sla_at_risk: 'SLA at risk',
  waiting: 'Waiting for a reply',
  automation_failed: 'Automation failed',
};

export default function NeedsAttention() {
  const navigate = useNavigate();
  const fmt = useDateFormat();
  const list = useQuery((signal) => notificationsApi.attention(signal), [], { live: { module: 'notifications', entity: 'attention' } });

  const hide = async (item: AttentionItem, how: 'dismiss' | 'hour' | 'day') => {
    const before = list.data;
    list.setData((d) => ({ items: (d?.items ?? []).filter((i) => i.id !== item.id) }));
    try {
      if (how === 'dismiss') await notificationsApi.dismiss(item.id);
      else await notificationsApi.snooze(item.id, how === 'hour' ? 60 : 24 * 60);
    } catch (err) {
      if (before) list.setData(before);
      toast.error('Not hidden: it is back in the list', errorMessage(err));
    }
  };

  let body;
  if (list.loading) body = <SkeletonText lines={3} label="Loading what needs attention" />;
  else if (list.error && !list.data) body = <ErrorState compact title="Could not load what needs attention" error={list.error} onRetry={list.reload} />;
  else if (!list.data?.items.length) body = <p className="nt-hint">Nothing needs attention right now.</p>;
  else
    body = (
      <ul className="nt-attention" data-testid="needs-attention">
        {list.data.items.map((item) => (
          <li key={item.id} className={`nt-attention__item nt-attention__item--${item.severity}`} data-testid="attention-item">
            {item.severity === 'critical' ? <CircleAlert aria-hidden="true" className="nt-attention__icon" /> : <AlertTriangle aria-hidden="true" className="nt-attention__icon" />}
            <button type="button" className="nt-attention__open" onClick={() => navigate(item.url)}>
              <span className="nt-attention__kind">{KIND_LABELS[item.kind] ?? item.kind}</span>
              <span className="nt-attention__title">{item.title}</span>
              <span className="nt-attention__when">since {fmt.dateTime(item.openedAt)}</span>
            </button>
            <span className="nt-attention__actions">
              <Button size="sm" variant="ghost" onClick={() => void hide(item, 'hour')} aria-label={`Snooze for an hour: ${item.title}`}>
                1 h
              </Button>
              <Button size="sm" variant="ghost" onClick={() => void hide(item, 'day')} aria-label={`Snooze for a day: ${item.title}`}>
                1 day
              </Button>
              <Button size="sm" variant="ghost" onClick={() => void hide(item, 'dismiss')} aria-label={`Dismiss: ${item.title}`}>
                Dismiss
              </Button>
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <Card title={`Needs attention${list.data?.items.length ? ` (${list.data.items.length})` : ''}`} className="nt-attention-card">
      {body}
    </Card>
  );
}
