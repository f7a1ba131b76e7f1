import { atom, useAtom, useAtomValue } from 'jotai';
import { appStore } from '../state/store';

export type ThemePreference = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

/** Same key as the inline script in the shell's index.html that sets the theme before paint. */
export const THEME_STORAGE_KEY = 'aos.theme';

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    if (stored === 'light' || stored === 'dark' || stored === 'system') return stored;
  } catch {
    // storage blocked (privacy mode): fall back to the system preference
  }
  return 'system';
}

function systemTheme(): ResolvedTheme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const preferenceStorageAtom = atom<ThemePreference>(readPreference());
preferenceStorageAtom.debugLabel = 'theme/preferenceStorage';

const systemThemeAtom = atom<ResolvedTheme>(systemTheme());
systemThemeAtom.debugLabel = 'theme/system';

/** What the user picked in the avatar menu; persisted across visits. */
export const themePreferenceAtom = atom(
  (get) => get(preferenceStorageAtom),
  (_get, set, next: ThemePreference) => {
    set(preferenceStorageAtom, next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // not persisted, still applied
    }
  },
);
themePreferenceAtom.debugLabel = 'theme/preference';

/** The theme actually shown; charts read it to pick colours. */
export const resolvedThemeAtom = atom<ResolvedTheme>((get) => {
  const preference = get(preferenceStorageAtom);
  return preference === 'system' ? get(systemThemeAtom) : preference;
});
resolvedThemeAtom.debugLabel = 'theme/resolved';

/**
 * Keep `<html data-theme>` in sync with the preference and the OS setting. Called once by the
 * shell; returns the cleanup.
 */
export function startThemeSync(): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const onSystemChange = () => appStore.set(systemThemeAtom, media.matches ? 'dark' : 'light');
  media.addEventListener('change', onSystemChange);
  const apply = () => {
    const root = document.documentElement;
    root.dataset.theme = appStore.get(resolvedThemeAtom);
    root.dataset.themePreference = appStore.get(preferenceStorageAtom);
  };
  apply();
  const unsubscribe = appStore.sub(resolvedThemeAtom, apply);
  const unsubscribePreference = appStore.sub(preferenceStorageAtom, apply);
  return () => {
    media.removeEventListener('change', onSystemChange);
    unsubscribe();
    unsubscribePreference();
  };
}

export function useThemePreference() {
  return useAtom(themePreferenceAtom);
}

export function useResolvedTheme(): ResolvedTheme {
  return useAtomValue(resolvedThemeAtom);
}
