/** The knowledge base API as the screen uses it (types restated from the module's DTO). */
import { api, apiUpload, ifMatch } from '@audienceos/remote-sdk';

/** The module's DocumentDto (modules/knowledge-base/src/dto.ts). */
export interface Doc {
  id: string;
  title: string;
  description: string;
  category: string;
  clientId: string | null;
  tags: string[];
  authorId: string | null;
  kind: 'file' | 'written';
  fileType: 'pdf' | 'docx' | 'markdown' | 'text' | 'html';
  version: number;
  /** The edit version (ETag): sent as If-Match on a save; 412 when someone saved in between. */
  revision: number;
  status: 'pending' | 'extracting' | 'indexed' | 'failed';
  failureReason: string | null;
  sizeBytes: number;
  pageCount: number | null;
  wordCount: number | null;
  starred: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface Segment {
  text: string;
  hit: boolean;
}
export interface Hit extends Doc {
  score: number | null;
  snippet: Segment[];
}
export interface FacetValue {
  value: string;
  count: number;
}
export interface SearchResult {
  items: Hit[];
  nextCursor: string | null;
  facets: Record<'category' | 'client' | 'type' | 'author' | 'tag', FacetValue[]> | null;
}
export interface Version {
  id: string;
  number: number;
  fileType: string;
  fileName: string | null;
  sizeBytes: number;
  status: string;
  createdAt: string;
  current: boolean;
}
export type Preview =
  | { format: 'pdf'; url: string; status: string; failureReason: string | null }
  | { format: 'markdown'; markdown: string; status: string; failureReason: string | null }
  | { format: 'html'; html: string; status: string; failureReason: string | null }
  | { format: 'text'; text: string; status: string; failureReason: string | null };

const base = '/documents';
export const kbApi = {
  search: (query: Record<string, string | undefined>, signal?: AbortSignal) => api.get<SearchResult>(base, { query, signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Doc>(`${base}/${id}`, { signal }),
  preview: (id: string, signal?: AbortSignal) => api.get<Preview>(`${base}/${id}/preview`, { signal }),
  versions: (id: string, signal?: AbortSignal) => api.get<{ items: Version[] }>(`${base}/${id}/versions`, { signal }),
  tickets: (id: string, signal?: AbortSignal) => api.get<{ items: { ticketId: string; linkedAt: string }[] }>(`${base}/${id}/tickets`, { signal }),
  create: (body: { title: string; markdown: string; category?: string; tags?: string[] }) => api.post<Doc>(base, body),
  /** PATCH; with `revision` (what the screen loaded) as If-Match: 412 (`conflictOf`) when someone saved in between. */
  update: (id: string, body: Record<string, unknown>, revision?: number) => api.patch<Doc>(`${base}/${id}`, body, { headers: ifMatch(revision) }),
  restore: (id: string, versionId: string) => api.post<Doc>(`${base}/${id}/versions/${versionId}/restore`),
  retry: (id: string) => api.post<Doc>(`${base}/${id}/retry`),
  forTicket: (ticketId: string, signal?: AbortSignal) => api.get<{ attached: Doc[]; suggested: Doc[] }>(`${base}/for-ticket/${ticketId}`, { signal }),
  attach: (id: string, ticketId: string) => api.post(`${base}/${id}/tickets`, { ticketId }),
  gaps: (signal?: AbortSignal) => api.get<{ items: { query: string; count: number; lastAt: string }[] }>(`${base}/gaps`, { signal }),
  archive: (id: string, on: boolean) => api.post<Doc>(`${base}/${id}/${on ? 'archive' : 'unarchive'}`),
  star: (id: string, on: boolean) => (on ? api.put<Doc>(`${base}/${id}/star`) : api.delete<Doc>(`${base}/${id}/star`)),
  link: (id: string, versionId?: string) => api.post<{ url: string }>(`${base}/${id}/link`, versionId ? { versionId } : undefined),
  upload: (file: File, onProgress: (f: number) => void) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiUpload<Doc>(`${base}/upload`, form, { onProgress });
  },
};
