import { atom, useAtomValue, useSetAtom } from 'jotai';
import { useEffect, useRef } from 'react';
import { api, themePreferenceAtom, type ThemePreference } from '@audienceos/remote-sdk';
import { modulesAtom } from '../registry/registry-state';

/** The signed-in user's landing module, from their saved preferences (null: the default). */
export const landingModuleAtom = atom<string | null>(null);
landingModuleAtom.debugLabel = 'preferences/landingModule';

/** Settled once the saved preferences were read (or could not be): `/` waits for it. */
export const preferencesSettledAtom = atom(false);
preferencesSettledAtom.debugLabel = 'preferences/settled';

interface Preferences {
  theme?: ThemePreference;
  landingModule?: string | null;
}

/**
 * When a settings module is up, apply the user's saved preferences once per session: the
 * theme (so it follows them from device to device) and the module `/` opens. Without it the
 * shell keeps its local defaults — preferences are a comfort, never a dependency.
 */
export function useServerPreferences(): void {
  const modules = useAtomValue(modulesAtom);
  const setTheme = useSetAtom(themePreferenceAtom);
  const setLanding = useSetAtom(landingModuleAtom);
  const setSettled = useSetAtom(preferencesSettledAtom);
  const loaded = useRef(false);
  const settingsUp = modules.some((m) => m.module === 'settings');

  // Another user may sign in next in this tab: forget this one's preferences on the way out.
  useEffect(
    () => () => {
      setLanding(null);
      setSettled(false);
    },
    [setLanding, setSettled],
  );

  useEffect(() => {
    if (!settingsUp || loaded.current) return;
    loaded.current = true;
    const controller = new AbortController();
    api
      .get<Preferences>('/settings/preferences', { signal: controller.signal })
      .then((prefs) => {
        if (prefs.theme) setTheme(prefs.theme);
        setLanding(prefs.landingModule ?? null);
        setSettled(true);
      })
      .catch(() => {
        loaded.current = false; // try again when the module list next changes
        if (!controller.signal.aborted) setSettled(true);
      });
    return () => controller.abort();
  }, [settingsUp, setTheme, setLanding, setSettled]);
}
