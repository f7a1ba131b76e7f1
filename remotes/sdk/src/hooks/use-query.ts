import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbortError } from '../api/api-error';
import { api, type QueryValue } from '../api/client';
import type { LiveFilter } from '../live/connection';
import { useLiveChanges } from '../live/use-live';

/** A burst of live changes makes at most one more refetch per this many ms. */
const LIVE_DEBOUNCE_MS = 120;

export interface QueryResult<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer (or error) arrives; reloads keep showing the previous data. */
  loading: boolean;
  /** True while any request is in flight, including background reloads. */
  fetching: boolean;
  reload: () => void;
  /** Replace the data locally (optimistic updates, or applying a mutation's answer). */
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

export interface QueryOptions {
  /** Skip fetching while false (e.g. until an id is known). Default true. */
  enabled?: boolean;
  /** Reload in the background every n ms while mounted. */
  pollMs?: number;
  /**
   * Reload in the background (at once, then throttled) when a live change matching this filter arrives
   * (`{ module, entity?, id? }`, or several), and when the live stream says to refetch everything.
   */
  live?: LiveFilter | LiveFilter[] | null;
  /** A burst of live changes refetches at once, then at most once per this many ms (default 120). */
  liveDebounceMs?: number;
}

/**
 * Minimal data hook: runs `fetcher` when `deps` change, aborts the previous request and on
 * unmount, keeps the last data while reloading (no flashing skeletons on refresh).
 */
export function useQuery<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: QueryOptions = {}): QueryResult<T> {
  const { enabled = true, pollMs, live, liveDebounceMs = LIVE_DEBOUNCE_MS } = options;
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [hasSettled, setHasSettled] = useState(false);
  const [fetching, setFetching] = useState(enabled);
  const [version, setVersion] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    if (!enabled) {
      setFetching(false);
      return;
    }
    const controller = new AbortController();
    setFetching(true);
    fetcherRef.current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setDataState(result);
        setError(null);
        setHasSettled(true);
        setFetching(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbortError(err)) return;
        setError(err);
        setHasSettled(true);
        setFetching(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, version]);

  useEffect(() => {
    if (!pollMs || !enabled) return;
    const timer = window.setInterval(() => setVersion((v) => v + 1), pollMs);
    return () => window.clearInterval(timer);
  }, [pollMs, enabled]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  // Leading edge: the first change refetches at once; more changes within the window make one more refetch at its end.
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const livePending = useRef(false);
  const liveReload = useCallback(() => {
    if (liveTimer.current) {
      livePending.current = true;
      return;
    }
    setVersion((v) => v + 1);
    liveTimer.current = setTimeout(function settle() {
      if (!livePending.current) {
        liveTimer.current = null;
        return;
      }
      livePending.current = false;
      setVersion((v) => v + 1);
      liveTimer.current = setTimeout(settle, liveDebounceMs);
    }, liveDebounceMs);
  }, [liveDebounceMs]);
  useEffect(() => () => {
    if (liveTimer.current) clearTimeout(liveTimer.current);
  }, []);
  useLiveChanges(enabled && live ? live : null, liveReload, { onReset: liveReload });
  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) => (typeof update === 'function' ? (update as (p: T | undefined) => T)(previous) : update));
  }, []);

  return { data, error, loading: enabled && !hasSettled, fetching, reload, setData };
}

/** `useApiQuery<Client[]>('/clients', { query: { stage } })`; pass `null` as path to wait. */
export function useApiQuery<T>(path: string | null, options: QueryOptions & { query?: Record<string, QueryValue> } = {}): QueryResult<T> {
  const { query, ...rest } = options;
  const queryKey = query ? JSON.stringify(query) : '';
  return useQuery<T>((signal) => api.get<T>(path as string, { query, signal }), [path, queryKey], {
    ...rest,
    enabled: path !== null && rest.enabled !== false,
  });
}
