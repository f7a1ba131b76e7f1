import { atom } from 'jotai';

/** Frame state that several parts of the shell toggle (hotkeys, buttons, the palette). */

const SIDEBAR_KEY = 'aos.sidebarCollapsed';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_KEY) === '1';
  } catch {
    return false;
  }
}

const sidebarCollapsedStorageAtom = atom(readCollapsed());

export const sidebarCollapsedAtom = atom(
  (get) => get(sidebarCollapsedStorageAtom),
  (_get, set, collapsed: boolean) => {
    set(sidebarCollapsedStorageAtom, collapsed);
    try {
      localStorage.setItem(SIDEBAR_KEY, collapsed ? '1' : '0');
    } catch {
      // not persisted
    }
  },
);
sidebarCollapsedAtom.debugLabel = 'layout/sidebarCollapsed';

export const paletteOpenAtom = atom(false);
paletteOpenAtom.debugLabel = 'layout/paletteOpen';

export const shortcutsOpenAtom = atom(false);
shortcutsOpenAtom.debugLabel = 'layout/shortcutsOpen';
