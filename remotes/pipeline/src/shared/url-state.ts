/**
 * Everything that shapes the screen lives in the URL, so links, reloads, back/forward and the
 * command palette all land on the same view: `view`, the filter chips, the table sort, the
 * open client (`client`) and the create dialog (`new=1`).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ClientFilters, ClientSort, Health } from '../api';

export type View = 'board' | 'table';
const HEALTH: readonly string[] = ['green', 'yellow', 'red'];
const SORTS: readonly string[] = ['name', 'company', 'createdAt', 'stageEnteredAt', 'totalSpend', 'lifetimeValue'];

export interface PipelineUrlState {
  view: View;
  filters: ClientFilters;
  sort: { key: ClientSort; direction: 'asc' | 'desc' };
  clientId: string | null;
  creating: boolean;
}

export function usePipelineUrl() {
  const [params, setParams] = useSearchParams();

  const state = useMemo<PipelineUrlState>(() => {
    const health = params.get('health');
    const sort = params.get('sort');
    const filters: ClientFilters = {};
    // createdFrom/createdTo: a dashboard card's period (the "new clients" drill-down); asOf: stage
    // and health as they were then (the "active onboardings" and "at-risk" drill-downs).
    for (const key of ['q', 'stage', 'owner', 'tag', 'createdFrom', 'createdTo', 'asOf'] as const) {
      const value = params.get(key);
      if (value) filters[key] = value;
    }
    if (health && HEALTH.includes(health)) filters.health = health as Health;
    return {
      view: params.get('view') === 'table' ? 'table' : 'board',
      filters,
      sort: { key: sort && SORTS.includes(sort) ? (sort as ClientSort) : 'name', direction: params.get('order') === 'desc' ? 'desc' : 'asc' },
      clientId: params.get('client'),
      creating: params.get('new') === '1',
    };
  }, [params]);

  /** Set or clear (null/'') several params at once. Drawer and dialog changes replace history. */
  const update = useCallback(
    (changes: Record<string, string | null | undefined>, options: { replace?: boolean } = {}) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: options.replace ?? false },
      ),
    [setParams],
  );

  return { ...state, update };
}
