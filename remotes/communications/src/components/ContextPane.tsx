/** The right pane: the client's context (stage, health, owner, open tickets) from pipeline and tickets, when they are up. */
import { Badge, EmptyState, SkeletonText, api, useQuery } from '@audienceos/remote-sdk';

interface ClientInfo {
  id: string;
  name: string;
  stage?: string | { name?: string };
  health?: string | { value?: string };
  ownerId?: string | null;
  website?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
}

export function ContextPane({ clientId, personName }: { clientId: string | null; personName: (id: string | null) => string }) {
  const client = useQuery((signal) => api.get<ClientInfo>(`/clients/${clientId}`, { signal }), [clientId], { enabled: Boolean(clientId) });
  const tickets = useQuery(
    (signal) =>
      api
        .get<{ items: { id: string; number: number; title: string }[] }>('/tickets', {
          query: { client: clientId!, status: 'open', limit: 5 },
          signal,
        })
        .catch(() => null),
    [clientId],
    { enabled: Boolean(clientId) },
  );
  if (!clientId)
    return (
      <aside className="ib-context">
        <EmptyState compact title="Not linked to a client" description="Link it from the thread (press L for labels, or use Link)." />
      </aside>
    );
  if (client.loading)
    return (
      <aside className="ib-context">
        <SkeletonText lines={4} label="Loading client" />
      </aside>
    );
  const c = client.data;
  if (!c)
    return (
      <aside className="ib-context">
        <EmptyState compact title="Client details unavailable" description="The pipeline module is not answering." />
      </aside>
    );
  const stage = typeof c.stage === 'string' ? c.stage : c.stage?.name;
  const health = typeof c.health === 'string' ? c.health : c.health?.value;
  return (
    <aside className="ib-context" aria-label="Client">
      <h3>{c.name}</h3>
      <dl>
        {stage && (
          <>
            <dt>Stage</dt>
            <dd>{stage}</dd>
          </>
        )}
        {health && (
          <>
            <dt>Health</dt>
            <dd>
              <Badge tone={health === 'green' ? 'success' : health === 'red' ? 'danger' : 'warning'}>{health}</Badge>
            </dd>
          </>
        )}
        <dt>Owner</dt>
        <dd>{c.ownerId ? personName(c.ownerId) : '—'}</dd>
        {c.contactName && (
          <>
            <dt>Contact</dt>
            <dd>
              {c.contactName}
              {c.contactEmail ? ` · ${c.contactEmail}` : ''}
            </dd>
          </>
        )}
      </dl>
      {tickets.data && (
        <>
          <h4>Open tickets</h4>
          {tickets.data.items.length === 0 ? (
            <p className="ib-muted">None</p>
          ) : (
            <ul>
              {tickets.data.items.map((t) => (
                <li key={t.id}>
                  <a href={`/tickets?ticket=${t.id}`}>
                    #{t.number} {t.title}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
