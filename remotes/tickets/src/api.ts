/**
 * The tickets API as this remote uses it. Shapes are restated here rather than imported from
 * the module package: a remote may import only the remote SDK.
 */
import { api, ifMatch, isApiError } from '@audienceos/remote-sdk';

export const STATUSES = ['new', 'in_progress', 'waiting_client', 'resolved'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CATEGORIES = ['technical', 'billing', 'campaign', 'general', 'escalation'] as const;

export type Status = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Category = (typeof CATEGORIES)[number];
export type NoteVisibility = 'internal' | 'client';
export type SlaState = 'ok' | 'at_risk' | 'breached';

export interface SlaClock {
  target: number;
  dueAt: string;
  met: boolean;
  breached: boolean;
  remainingMinutes: number | null;
}

export interface Ticket {
  id: string;
  number: number;
  title: string;
  description: string;
  clientId: string;
  category: Category;
  priority: Priority;
  status: Status;
  assigneeId: string | null;
  dueAt: string | null;
  overdue: boolean;
  timeSpentMinutes: number;
  resolutionNotes: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdBy: string | null;
  firstResponseAt: string | null;
  /** `paused`: the clocks stop while the ticket waits on the client (agency setting). */
  sla: { firstResponse: SlaClock; resolution: SlaClock; state: SlaState; paused: boolean; pausedAt: string | null };
  createdAt: string;
  updatedAt: string;
  /** Sent back as If-Match: a save over someone else's newer change is refused (412). */
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

export interface BoardColumn {
  status: Status;
  count: number;
  items: Ticket[];
  nextCursor: string | null;
}

export interface Note {
  id: string;
  ticketId: string;
  authorId: string | null;
  body: string;
  visibility: NoteVisibility;
  createdAt: string;
}

export type ActivityKind = 'created' | 'status' | 'assignee' | 'priority' | 'updated' | 'note' | 'time' | 'resolved' | 'reopened';

export interface Activity {
  id: string;
  ticketId: string;
  actorId: string | null;
  kind: ActivityKind;
  data: Record<string, unknown>;
  createdAt: string;
}

/** Filters as the API takes them (and as the URL keeps them). */
export interface TicketFilters {
  status?: string;
  priority?: string;
  category?: string;
  assignee?: string;
  client?: string;
  overdue?: string;
  sla?: string;
  q?: string;
  /** With `from`/`to` (ISO instants): tickets created, resolved, first answered or with time logged in [from, to). */
  in?: string;
  from?: string;
  to?: string;
  /** Open at this instant (or now, if later), replayed from the timeline: the "open tickets" card's drill-down. */
  openAt?: string;
}

export type SortKey = 'number' | 'createdAt' | 'updatedAt' | 'priority' | 'sla';

export interface ListQuery extends TicketFilters {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  cursor?: string | null;
  limit?: number;
}

export interface CreateInput {
  title: string;
  description?: string;
  clientId: string;
  category?: Category;
  priority?: Priority;
  assigneeId?: string | null;
  dueAt?: string | null;
}

export type UpdateInput = Partial<Pick<CreateInput, 'title' | 'description' | 'category' | 'priority' | 'assigneeId' | 'dueAt'>>;

const path = (id: string, rest = '') => `/tickets/${encodeURIComponent(id)}${rest}`;
const query = (q: object) => q as Record<string, string | number | undefined | null>;

export const ticketsApi = {
  list: (q: ListQuery, signal?: AbortSignal) => api.get<Page<Ticket>>('/tickets', { query: query(q), signal }),
  board: (filters: TicketFilters, signal?: AbortSignal) =>
    api.get<{ columns: BoardColumn[] }>('/tickets/board', { query: query(filters), signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Ticket>(path(id), { signal }),
  /** A fresh key per attempt of the form: a network retry of the same submit makes one ticket. */
  create: (input: CreateInput, idempotencyKey: string) =>
    api.post<Ticket>('/tickets', input, { headers: { 'Idempotency-Key': idempotencyKey } }),
  // `version`: the one the screen loaded (If-Match); the API answers 412 when it is stale.
  update: (id: string, input: UpdateInput, version?: number) => api.patch<Ticket>(path(id), input, { headers: ifMatch(version) }),
  setStatus: (id: string, status: Status, resolutionNotes?: string, version?: number) =>
    api.patch<Ticket>(path(id, '/status'), { status, ...(resolutionNotes ? { resolutionNotes } : {}) }, { headers: ifMatch(version) }),
  resolve: (id: string, resolutionNotes: string, version?: number) =>
    api.post<Ticket>(path(id, '/resolve'), { resolutionNotes }, { headers: ifMatch(version) }),
  reopen: (id: string, reason?: string, version?: number) => api.post<Ticket>(path(id, '/reopen'), reason ? { reason } : {}, { headers: ifMatch(version) }),
  notes: (id: string, signal?: AbortSignal) => api.get<{ items: Note[] }>(path(id, '/notes'), { signal }),
  addNote: (id: string, body: string, visibility: NoteVisibility) =>
    api.post<{ note: Note; ticket: Ticket }>(path(id, '/notes'), { body, visibility }),
  logTime: (id: string, minutes: number, note?: string) =>
    api.post<{ ticket: Ticket }>(path(id, '/time'), { minutes, ...(note ? { note } : {}) }),
  activity: (id: string, signal?: AbortSignal) => api.get<{ items: Activity[] }>(path(id, '/activity'), { signal }),
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

/** Optional directories from other modules: a 404/503 (module not running) gives an empty list. */
async function optional<T>(load: () => Promise<{ items: T[] }>): Promise<T[]> {
  try {
    return (await load()).items;
  } catch (error) {
    if (isApiError(error) && (error.code === 404 || error.code === 503)) return [];
    throw error;
  }
}

export const directoryApi = {
  people: (signal: AbortSignal) => optional(() => api.get<{ items: Person[] }>('/users', { query: { limit: 100 }, signal })),
  clients: (signal: AbortSignal) => optional(() => api.get<{ items: ClientOption[] }>('/clients', { query: { limit: 100 }, signal })),
};
