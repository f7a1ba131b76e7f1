/**
 * The "Tickets" tab of the pipeline's client drawer (slot `client.tabs`, prop `clientId`):
 * the client's tickets, open ones first, with links into the Tickets screen.
 */
import { Plus, Ticket as TicketIcon } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Button, EmptyState, ErrorState, SkeletonText, useCan, useQuery } from '@audienceos/remote-sdk';
import { ticketsApi, type Ticket } from '../api';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/badges';
import { ago } from '../format';
import '../tickets.css';

export interface ClientTicketsProps {
  clientId: string;
}

const ORDER: Record<Ticket['status'], number> = { new: 0, in_progress: 1, waiting_client: 2, resolved: 3 };

export default function ClientTickets({ clientId }: ClientTicketsProps) {
  const navigate = useNavigate();
  const canWrite = useCan('tickets:write');
  const tickets = useQuery(
    (signal) => ticketsApi.list({ client: clientId, sort: 'updatedAt', order: 'desc', limit: 25 }, signal),
    [clientId],
    { live: { module: 'tickets', entity: 'ticket' } },
  );
  const items = [...(tickets.data?.items ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const open = items.filter((t) => t.status !== 'resolved').length;
  const newTicket = () => navigate(`/tickets?new=1&client=${encodeURIComponent(clientId)}`);

  if (tickets.loading) return <SkeletonText lines={4} label="Loading tickets" />;
  if (tickets.error) return <ErrorState compact title="Could not load the tickets" error={tickets.error} onRetry={tickets.reload} />;
  if (!items.length) {
    return (
      <EmptyState
        compact
        icon={<TicketIcon />}
        title="No tickets for this client"
        description="Support requests from this client appear here with their status and SLA."
        action={
          canWrite && (
            <Button variant="primary" onClick={newTicket}>
              New ticket
            </Button>
          )
        }
      />
    );
  }
  return (
    <div className="tk-widget">
      <div className="tk-widget__header">
        <span className="tk-muted">
          {open} open · {items.length - open} resolved{tickets.data?.nextCursor ? ' (latest 25)' : ''}
        </span>
        <div className="aos-toolbar__spacer" />
        <Button size="sm" variant="ghost" onClick={() => navigate(`/tickets?client=${encodeURIComponent(clientId)}`)}>
          View all
        </Button>
        {canWrite && (
          <Button size="sm" icon={<Plus />} onClick={newTicket}>
            New ticket
          </Button>
        )}
      </div>
      <ul className="tk-widget__list" aria-label="Client tickets">
        {items.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className="tk-widget__item"
              onClick={() => navigate(`/tickets?ticket=${t.id}&client=${encodeURIComponent(clientId)}`)}
            >
              <span className="aos-tabular tk-number">#{t.number}</span>
              <span className="tk-widget__title">{t.title}</span>
              <StatusBadge status={t.status} />
              <PriorityBadge priority={t.priority} />
              <SlaBadge ticket={t} compact />
              <span className="tk-muted aos-tabular">{ago(t.updatedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
