import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SortKey, TicketFilters } from '../api';
import { FILTER_KEYS, NEW_PARAM, TICKET_PARAM, VIEW_PARAM } from '../routes';

const SORT_KEYS: readonly SortKey[] = ['number', 'createdAt', 'updatedAt', 'priority', 'sla'];

export interface TicketUrlState {
  filters: TicketFilters;
  sort: { key: SortKey; direction: 'asc' | 'desc' };
  view: 'list' | 'board';
  openTicketId: string | null;
  creating: boolean;
  /** Set or clear URL parameters; filter changes replace history only for typing in search. */
  set: (changes: Record<string, string | null>, options?: { replace?: boolean }) => void;
}

/** The screen's state, read from and written to the URL (see routes.ts). */
export function useTicketUrlState(): TicketUrlState {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const set = useCallback(
    (changes: Record<string, string | null>, options: { replace?: boolean } = {}) =>
      setParams(
        () => {
          // The live URL, not the render's copy: two changes in one tick must both survive.
          const next = new URLSearchParams(window.location.search);
          for (const [name, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(name);
            else next.set(name, value);
          }
          return next;
        },
        { replace: options.replace },
      ),
    [setParams],
  );
  return useMemo(() => {
    const current = new URLSearchParams(key);
    const filters: TicketFilters = {};
    for (const name of FILTER_KEYS) {
      const value = current.get(name);
      if (value) filters[name] = value;
    }
    const sortParam = current.get('sort') as SortKey | null;
    return {
      filters,
      sort: {
        key: sortParam && SORT_KEYS.includes(sortParam) ? sortParam : 'number',
        direction: current.get('order') === 'asc' ? 'asc' : 'desc',
      },
      view: current.get(VIEW_PARAM) === 'board' ? 'board' : 'list',
      openTicketId: current.get(TICKET_PARAM),
      creating: current.get(NEW_PARAM) === '1',
      set,
    };
  }, [key, set]);
}
