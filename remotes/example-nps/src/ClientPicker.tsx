import { Input, Select, Skeleton, useQuery } from '@audienceos/remote-sdk';
import { fetchClients } from './api';

export interface ClientPickerProps {
  value: string;
  onChange: (clientId: string) => void;
}

/** The pipeline's clients when it runs; otherwise the client's id typed in (NPS works alone). */
export function ClientPicker({ value, onChange }: ClientPickerProps) {
  const clients = useQuery((signal) => fetchClients(signal), []);
  if (clients.loading) return <Skeleton height={32} />;
  if (!clients.data) {
    // Pipeline down, or the list failed: an id still works and the API validates it.
    return <Input value={value} onChange={(e) => onChange(e.target.value.trim())} placeholder="Client id (uuid)" autoComplete="off" spellCheck={false} />;
  }
  const options = [...clients.data].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ value: c.id, label: c.name }));
  return <Select value={value || undefined} onValueChange={onChange} options={options} placeholder={options.length ? 'Choose a client' : 'No clients yet'} />;
}
