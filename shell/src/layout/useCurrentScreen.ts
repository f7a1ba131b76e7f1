import { useAtomValue } from 'jotai';
import { useLocation } from 'react-router';
import { knownScreensAtom, type KnownScreen } from '../registry/registry-state';

/** The known screen whose nav path is the longest prefix of the current location. */
export function useCurrentScreen(): KnownScreen | null {
  const { pathname } = useLocation();
  const screens = useAtomValue(knownScreensAtom);
  let best: KnownScreen | null = null;
  for (const screen of Object.values(screens)) {
    const base = screen.ui.nav.path.replace(/\/+$/, '');
    if ((pathname === base || pathname.startsWith(`${base}/`)) && (!best || base.length > best.ui.nav.path.length)) best = screen;
  }
  return best;
}
