/**
 * The pipeline API as this remote uses it. Response shapes are the module's own DTO types,
 * imported as types only (erased at build time: no code of the module reaches the browser).
 */
import type { ClientDto, NoteDto, StageDto, StageEventDto, TaskDto } from '@audienceos/module-pipeline';
import { api, ifMatch, type QueryValue } from '@audienceos/remote-sdk';

export type Client = ClientDto;
export type Health = ClientDto['health'];
export type Stage = StageDto;
export type StageEvent = StageEventDto;
export type Task = TaskDto;
export type Note = NoteDto;

export interface BoardColumn extends Stage {
  count: number;
  items: Client[];
  nextCursor: string | null;
}

export interface Board {
  stages: BoardColumn[];
  sort: { sort: string; order: 'asc' | 'desc' };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

export interface TeamMember {
  id: string;
  name: string;
  role: string;
  active: boolean;
}

/** List filters, as kept in the URL. */
export interface ClientFilters {
  q?: string;
  stage?: string;
  health?: Health;
  owner?: string;
  tag?: string;
  /** Created in [createdFrom, createdTo) (ISO instants; archived clients included, as the KPI counts them). */
  createdFrom?: string;
  createdTo?: string;
  /** Stage and health as they were at this instant (or now, if later), replayed from the stage history. */
  asOf?: string;
}

export type ClientSort = 'name' | 'company' | 'createdAt' | 'stageEnteredAt' | 'totalSpend' | 'lifetimeValue';

/** Fields the Overview tab and the create dialog edit. */
export type ClientInput = Partial<
  Pick<
    Client,
    | 'name'
    | 'company'
    | 'website'
    | 'contactName'
    | 'contactEmail'
    | 'contactPhone'
    | 'tags'
    | 'totalSpend'
    | 'lifetimeValue'
    | 'installDate'
    | 'notes'
    | 'ownerId'
    | 'collaboratorIds'
  >
> & { stage?: string };

/** An edit: array fields as the whole list or as `{ add, remove }` (kept when two people add at once). */
export type ClientUpdate = Omit<ClientInput, 'tags' | 'collaboratorIds'> & {
  tags?: string[] | { add?: string[]; remove?: string[] };
  collaboratorIds?: string[] | { add?: string[]; remove?: string[] };
};

const q = (filters: ClientFilters): Record<string, QueryValue> => ({ ...filters });

export const pipelineApi = {
  board: (filters: ClientFilters, signal?: AbortSignal) =>
    api.get<Board>('/clients/board', { query: { ...q(filters), perStage: 10 }, signal }),
  list: (
    filters: ClientFilters & { sort?: ClientSort; order?: 'asc' | 'desc'; cursor?: string | null; limit?: number },
    signal?: AbortSignal,
  ) => api.get<Page<Client>>('/clients', { query: { ...filters }, signal }),
  stages: (signal?: AbortSignal) => api.get<{ items: Stage[] }>('/clients/stages', { signal }).then((r) => r.items),
  get: (id: string, signal?: AbortSignal) => api.get<Client>(`/clients/${id}`, { signal }),
  create: (input: ClientInput) => api.post<Client>('/clients', input),
  // `version`: the one the screen loaded (If-Match); the API answers 412 when someone saved since.
  update: (id: string, input: ClientUpdate, version?: number) => api.patch<Client>(`/clients/${id}`, input, { headers: ifMatch(version) }),
  move: (id: string, stage: string, note?: string) => api.patch<Client>(`/clients/${id}/stage`, note ? { stage, note } : { stage }),
  setHealth: (id: string, health: Health | null, reason?: string, version?: number) =>
    api.patch<Client>(`/clients/${id}/health`, { health, reason: reason || null }, { headers: ifMatch(version) }),
  archive: (id: string) => api.delete<Client>(`/clients/${id}`),
  history: (id: string, signal?: AbortSignal) =>
    api.get<{ items: StageEvent[] }>(`/clients/${id}/history`, { signal }).then((r) => r.items),
  tasks: (id: string, signal?: AbortSignal) => api.get<{ items: Task[] }>(`/clients/${id}/tasks`, { signal }).then((r) => r.items),
  addTask: (id: string, input: { title: string; assigneeId?: string | null; dueDate?: string | null }) =>
    api.post<Task>(`/clients/${id}/tasks`, input),
  /** Saves the task; with `version` (the one loaded) a change made meanwhile is refused with 412. */
  updateTask: (
    id: string,
    taskId: string,
    input: Partial<Pick<Task, 'title' | 'done' | 'assigneeId' | 'dueDate' | 'position'>>,
    version?: number,
  ) => api.patch<Task>(`/clients/${id}/tasks/${taskId}`, input, { headers: ifMatch(version) }),
  removeTask: (id: string, taskId: string) => api.delete<void>(`/clients/${id}/tasks/${taskId}`),
  notes: (id: string, signal?: AbortSignal) =>
    api.get<Page<Note>>(`/clients/${id}/notes`, { query: { limit: 50 }, signal }).then((r) => r.items),
  addNote: (id: string, body: string) => api.post<Note>(`/clients/${id}/notes`, { body }),
  team: (signal?: AbortSignal) => api.get<Page<TeamMember>>('/users', { query: { limit: 100 }, signal }).then((r) => r.items),
};
