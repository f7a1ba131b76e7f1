import { useEffect, useRef } from 'react';
import { liveMatches, onLiveChange, onLiveReset, type LiveChange, type LiveFilter } from './connection';

/**
 * Call `onChange` for every live change matching `filter` (`{ module, entity?, id? }`) while
 * mounted; `options.onReset` when the stream asks to refetch everything. The filter may change
 * between renders (compared by value); callbacks always see the latest closure.
 */
export function useLiveChanges(filter: LiveFilter | LiveFilter[] | null, onChange: (change: LiveChange) => void, options: { onReset?: () => void } = {}): void {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onResetRef = useRef(options.onReset);
  onResetRef.current = options.onReset;
  const key = filter ? JSON.stringify(filter) : '';

  useEffect(() => {
    if (!key) return;
    const filters = ([] as LiveFilter[]).concat(JSON.parse(key) as LiveFilter | LiveFilter[]);
    const offChange = onLiveChange((change) => {
      if (filters.some((f) => liveMatches(f, change))) onChangeRef.current(change);
    });
    const offReset = onLiveReset(() => onResetRef.current?.());
    return () => {
      offChange();
      offReset();
    };
  }, [key]);
}
