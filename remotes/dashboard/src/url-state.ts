/**
 * The screen's state in the URL: `period` (7d, 30d, 90d, or custom with `from`/`to`), the card
 * whose trend is shown (`card=module/id`) and the customise mode (`customise=1`).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Period, Preset } from './api';

const PRESET_VALUES: readonly string[] = ['7d', '30d', '90d'];

export function useDashboardUrl() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const raw = params.get('period');
    const from = params.get('from') ?? undefined;
    const to = params.get('to') ?? undefined;
    const period: Period = raw === 'custom' && from && to ? { period: 'custom', from, to } : { period: raw && PRESET_VALUES.includes(raw) ? (raw as Preset) : '30d' };
    return { period, card: params.get('card'), customise: params.get('customise') === '1' };
  }, [params]);

  const update = useCallback(
    (changes: Record<string, string | null>, options: { replace?: boolean } = {}) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
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

export const periodKey = (p: Period) => (p.period === 'custom' ? `custom:${p.from}:${p.to}` : p.period);
