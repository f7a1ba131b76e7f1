/** The right pane: the client's context (stage, health, owner, open tickets) from pipeline and tickets, when they are up. */
import { useState } from 'react';
import { Badge, Button, EmptyState, Select, SkeletonText, api, useQuery } from '@audienceos/remote-sdk';

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

export interface ContextPaneProps {
  clientId: string | null;
  personName: (id: string | null) => string;
  /** Unlinked conversations: the clients to link to, and the action (null: read-only). */
  clients: { id: string; name: string }[];
  onLink: ((clientId: string, remember: boolean) => void) | null;
}

function LinkForm({ clients, onLink }: { clients: { id: string; name: string }[]; onLink: (clientId: string, remember: boolean) => void }) {
  const [choice, setChoice] = useState('');
  const [remember, setRemember] = useState(true);
  return (
    <form
      className="ib-linkform"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onLink(choice, remember);
      }}
    >
      <Select
        aria-label="Client"
        value={choice || undefined}
        onValueChange={setChoice}
        placeholder="Choose a client…"
        options={clients.map((c) => ({ value: c.id, label: c.name }))}
      />
      <label className="ib-muted">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember for this sender’s domain or
        channel
      </label>
      <Button type="submit" variant="primary" disabled={!choice}>
        Link
      </Button>
    </form>
  );
}

export function ContextPane({ clientId, personName, clients, onLink }: ContextPaneProps) {
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
      <aside className="ib-context" aria-label="Client">
        <EmptyState
          compact
          title="Not linked to a client"
          description="Link it to a client so that it shows with the client's other messages."
        />
        {onLink && clients.length > 0 && <LinkForm clients={clients} onLink={onLink} />}
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
