import { useAtomValue } from 'jotai';
import { useEffect, useState } from 'react';
import { availableConfigsAtom } from '../registry/remote-configs';

const DEFAULT_INTERVAL_MS = 60_000;

/** Counts for nav entries whose remote declares `navBadge` (e.g. messages needing a reply). */
export function useNavBadges(): Record<string, number | null> {
  const configs = useAtomValue(availableConfigsAtom);
  const [counts, setCounts] = useState<Record<string, number | null>>({});

  useEffect(() => {
    const controller = new AbortController();
    const timers: number[] = [];
    for (const { module, config } of configs) {
      const source = config.navBadge;
      if (!source) continue;
      const poll = () =>
        source
          .fetch(controller.signal)
          .then((count) => {
            if (!controller.signal.aborted) setCounts((c) => (c[module] === count ? c : { ...c, [module]: count }));
          })
          .catch(() => undefined); // a badge is a hint: a failure just leaves the last count
      poll();
      timers.push(window.setInterval(poll, source.intervalMs ?? DEFAULT_INTERVAL_MS));
    }
    return () => {
      controller.abort();
      timers.forEach((t) => window.clearInterval(t));
    };
  }, [configs]);

  return counts;
}
