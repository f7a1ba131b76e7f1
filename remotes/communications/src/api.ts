/**
 * The inbox API as this remote uses it (shapes restated: a remote imports only the remote SDK).
 */
import { api } from '@audienceos/remote-sdk';

export type Status = 'open' | 'snoozed' | 'done';
export type SnoozePreset = 'later-today' | 'tomorrow' | 'next-week';
export type DeliveryState = 'draft' | 'approval' | 'sending' | 'sent' | 'failed';

export interface Conversation {
  id: string;
  source: string;
  channel: string;
  clientId: string | null;
  subject: string;
  status: Status;
  snoozedUntil: string | null;
  assigneeId: string | null;
  labels: string[];
  needsReply: boolean;
  unread: boolean;
  lastActivityAt: string;
  lastInboundAt: string | null;
  waitingSince: string | null;
  preview: string;
  lastSenderName: string;
  messageCount: number;
  createdAt: string;
  zone?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  source: string;
  direction: 'inbound' | 'outbound' | 'note';
  senderName: string;
  senderAddress: string;
  authorId: string | null;
  text: string;
  html: string | null;
  attachments: { name: string; size: number; contentType?: string }[];
  deliveryState: DeliveryState | null;
  deliveryError: string | null;
  sentAt: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Filters {
  needsReply?: string;
  unread?: string;
  assignee?: string;
  status?: string;
  source?: string;
  client?: string;
  label?: string;
  q?: string;
}

export interface Source {
  id: string;
  label: string;
  connected: boolean;
  account: string | null;
}

const base = '/communications';
export const inboxApi = {
  list: (filters: Filters, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<Conversation>>(`${base}/conversations`, { query: { ...filters, limit: 50, cursor: cursor ?? undefined }, signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Conversation>(`${base}/conversations/${id}`, { signal }),
  messages: (id: string, signal?: AbortSignal) =>
    api.get<Page<Message>>(`${base}/conversations/${id}/messages`, { query: { limit: 100 }, signal }),
  counts: (signal?: AbortSignal) =>
    api.get<{ needsReply: number; unread: number; unlinked: number; mine: number }>(`${base}/counts`, { signal }),
  sources: (signal?: AbortSignal) => api.get<{ items: Source[] }>(`${base}/sources`, { signal }),
  done: (id: string) => api.post<Conversation>(`${base}/conversations/${id}/done`),
  reopen: (id: string) => api.post<Conversation>(`${base}/conversations/${id}/reopen`),
  /** `{ preset }` is computed by the server in the agency's zone; a bare local `until` (a time picker's) is wall time there. */
  snooze: (id: string, when: { until: string } | { preset: SnoozePreset }) => api.post<Conversation>(`${base}/conversations/${id}/snooze`, when),
  assign: (id: string, assigneeId: string | null) => api.post<Conversation>(`${base}/conversations/${id}/assign`, { assigneeId }),
  labels: (id: string, add: string[], remove: string[]) => api.post<Conversation>(`${base}/conversations/${id}/labels`, { add, remove }),
  link: (id: string, clientId: string, remember: boolean) =>
    api.post<Conversation>(`${base}/conversations/${id}/link`, { clientId, remember }),
  read: (id: string) => api.post<Conversation>(`${base}/conversations/${id}/read`),
  unread: (id: string) => api.post<Conversation>(`${base}/conversations/${id}/unread`),
  reply: (id: string, text: string, draft = false) =>
    api.post<Message>(`${base}/conversations/${id}/replies`, { text, ...(draft ? { draft } : {}) }),
  note: (id: string, text: string) => api.post<Message>(`${base}/conversations/${id}/notes`, { text }),
  retry: (messageId: string) => api.post<Message>(`${base}/messages/${messageId}/retry`),
  sendDraft: (messageId: string, text?: string) => api.post<Message>(`${base}/messages/${messageId}/send`, text ? { text } : {}),
  ticket: (messageId: string) => api.post<{ ticketId: string; number: number }>(`${base}/messages/${messageId}/ticket`),
};

export interface Person {
  id: string;
  name: string;
  active: boolean;
}
export interface ClientOption {
  id: string;
  name: string;
}

const optional = async <T>(load: () => Promise<{ items: T[] }>): Promise<T[]> => (await load()).items;
export const directoryApi = {
  people: (signal: AbortSignal) => optional(() => api.get<{ items: Person[] }>('/users', { query: { limit: 100 }, signal })),
  clients: (signal: AbortSignal) => optional(() => api.get<{ items: ClientOption[] }>('/clients', { query: { limit: 100 }, signal })),
};
