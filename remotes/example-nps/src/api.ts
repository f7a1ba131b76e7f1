/**
 * The module's HTTP API as this screen uses it. The shapes are restated here rather than
 * imported from the module package: a remote may import only the remote SDK.
 */
import { api, isApiError } from '@audienceos/remote-sdk';

export type Category = 'promoter' | 'passive' | 'detractor';
export type Interval = 'week' | 'month';

export interface NpsResponse {
  id: string;
  clientId: string;
  score: number;
  category: Category;
  comment: string | null;
  recordedBy: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

export interface Tally {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface SeriesPoint extends Tally {
  date: string;
  nps: number | null;
}

export interface Summary extends Tally {
  from: string;
  to: string;
  interval: Interval;
  nps: number | null;
  series: SeriesPoint[];
}

export interface RecordInput {
  clientId: string;
  score: number;
  comment?: string;
}

export interface ClientOption {
  id: string;
  name: string;
}

export const npsApi = {
  summary: (interval: Interval, signal: AbortSignal) => api.get<Summary>('/nps/summary', { query: { interval }, signal }),
  responses: (query: { category?: string | null; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api.get<Page<NpsResponse>>('/nps/responses', { query, signal }),
  record: (input: RecordInput) => api.post<NpsResponse>('/nps/responses', input),
  remove: (id: string) => api.delete<void>(`/nps/responses/${id}`),
};

/**
 * The agency's clients from the pipeline module, or null when it is not running (404: no
 * such route; 503: unavailable). NPS works without it: the dialog then asks for a client id.
 */
export async function fetchClients(signal: AbortSignal): Promise<ClientOption[] | null> {
  try {
    const res = await api.get<{ items: ClientOption[] } | ClientOption[]>('/clients', { query: { limit: 100 }, signal });
    return Array.isArray(res) ? res : res.items;
  } catch (error) {
    if (isApiError(error) && (error.code === 404 || error.code === 503)) return null;
    throw error;
  }
}

export const categoryOf = (score: number): Category => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
