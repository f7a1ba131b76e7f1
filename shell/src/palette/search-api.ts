/**
 * The palette's side of global search: `GET /api/v1/search` (modules/search) as you type —
 * debounced, the stale request cancelled when the text changes — and the recent records per
 * user in localStorage.
 */
import { useEffect, useState } from 'react';
import { api, errorMessage, isAbortError, isApiError } from '@audienceos/remote-sdk';

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle?: string;
  url: string;
  score: number;
}

export interface SearchGroup {
  module: string;
  label: string;
  hits: SearchHit[];
}

export interface SkippedModule {
  module: string;
  label?: string;
  reason: string;
}

export interface SearchAnswer {
  q: string;
  groups: SearchGroup[];
  skipped: SkippedModule[];
}

export interface SearchState {
  /** The text the shown results answer (may lag behind the input while loading). */
  q: string;
  loading: boolean;
  groups: SearchGroup[];
  skipped: SkippedModule[];
  error: string | null;
}

export const SEARCH_DEBOUNCE_MS = 150;
const EMPTY: SearchState = { q: '', loading: false, groups: [], skipped: [], error: null };

/** Results for `text` (trimmed); empty text → no request. Each change aborts the request in flight. */
export function useGlobalSearch(text: string, active: boolean): SearchState {
  const q = text.trim();
  const [state, setState] = useState<SearchState>(EMPTY);
  useEffect(() => {
    if (!active || !q) {
      setState(EMPTY);
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<SearchAnswer>('/search', { query: { q, limit: 5 }, signal: controller.signal })
        .then((answer) => setState({ q, loading: false, groups: answer.groups ?? [], skipped: answer.skipped ?? [], error: null }))
        .catch((error: unknown) => {
          if (isAbortError(error) || controller.signal.aborted) return;
          // No search module in this deployment (or switched off for the agency): commands only, quietly.
          const off = isApiError(error) && (error.code === 404 || error.code === 403);
          setState({ q, loading: false, groups: [], skipped: [], error: off ? null : errorMessage(error) });
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [q, active]);
  return state;
}

/** A record opened from the palette, remembered for the empty palette. */
export interface RecentItem extends SearchHit {
  module: string;
  label: string;
}

const RECENT_MAX = 8;
const recentKey = (userId: string) => `aos.palette.recent.${userId}`;

/** The user's recent records, newest first (empty when storage is unavailable or holds junk). */
export function readRecent(userId: string | undefined): RecentItem[] {
  if (!userId) return [];
  try {
    const parsed = JSON.parse(window.localStorage.getItem(recentKey(userId)) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (r): r is RecentItem =>
          Boolean(r) &&
          typeof r.id === 'string' &&
          typeof r.title === 'string' &&
          typeof r.url === 'string' &&
          r.url.startsWith('/') &&
          !r.url.startsWith('//'),
      )
      .slice(0, RECENT_MAX);
  } catch {
    return [];
  }
}

/** Put `item` first in the user's recent records (one entry per record). */
export function rememberRecent(userId: string | undefined, item: RecentItem): void {
  if (!userId) return;
  const next = [item, ...readRecent(userId).filter((r) => !(r.module === item.module && r.id === item.id))].slice(0, RECENT_MAX);
  try {
    window.localStorage.setItem(recentKey(userId), JSON.stringify(next));
  } catch {
    /* storage full or blocked: recents are a convenience */
  }
}

/** "Tickets did not answer in time" — the palette's note for skipped modules. */
export function skippedText(skipped: SkippedModule[]): string {
  const why = (r: string) => (r === 'timeout' ? 'too slow' : r === 'unavailable' ? 'unavailable' : 'failed');
  return `Not searched: ${skipped.map((s) => `${s.label ?? s.module} (${why(s.reason)})`).join(', ')}`;
}
