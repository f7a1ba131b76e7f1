import { useMemo } from 'react';
import { useCurrentUser, useQuery } from '@audienceos/remote-sdk';
import { directoryApi, type ClientOption, type Person } from '../api';

export interface Directory {
  people: Person[];
  clients: ClientOption[];
  personName: (id: string | null | undefined) => string;
  clientName: (id: string) => string;
  me: string | null;
}

/**
 * Names for ids: the team (identity) and the clients the caller may see (pipeline). Either
 * module may be down; ids are then shown shortened instead of names.
 */
export function useDirectory(): Directory {
  const people = useQuery((signal) => directoryApi.people(signal).catch(() => []), []);
  const clients = useQuery((signal) => directoryApi.clients(signal).catch(() => []), []);
  const me = useCurrentUser();
  return useMemo(() => {
    const peopleById = new Map((people.data ?? []).map((p) => [p.id, p.name]));
    const clientsById = new Map((clients.data ?? []).map((c) => [c.id, c.name]));
    return {
      people: (people.data ?? []).filter((p) => p.active),
      clients: [...(clients.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
      personName: (id) => (id ? (peopleById.get(id) ?? (id === 'system' ? 'Automation' : `${id.slice(0, 8)}…`)) : 'Automation'),
      clientName: (id) => clientsById.get(id) ?? `${id.slice(0, 8)}…`,
      me: me?.id ?? null,
    };
  }, [people.data, clients.data, me]);
}
