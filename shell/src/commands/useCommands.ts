import { useAtomValue, useSetAtom } from 'jotai';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, permissionMatches, permissionsAtom, themePreferenceAtom, toast } from '@audienceos/remote-sdk';
import { navShortcuts } from '../hotkeys/nav-shortcuts';
import { availableConfigsAtom } from '../registry/remote-configs';
import { navScreensAtom } from '../registry/registry-state';
import { paletteOpenAtom, shortcutsOpenAtom, sidebarCollapsedAtom } from '../layout/ui-state';
import { signOut } from '../session/session-lifecycle';

export interface ShellCommand {
  id: string;
  label: string;
  group: string;
  keywords?: string[];
  shortcut?: string;
  /** Nav icon name for navigation entries. */
  icon?: string;
  run: () => void;
}

export const NAVIGATION_GROUP = 'Navigation';
export const GENERAL_GROUP = 'General';

/**
 * Everything the palette can do and every key binding, in one list: navigation to each
 * available module, the commands remotes contribute in `./config`, and the shell's own.
 */
export function useCommands(): ShellCommand[] {
  const navigate = useNavigate();
  const screens = useAtomValue(navScreensAtom);
  const configs = useAtomValue(availableConfigsAtom);
  const permissions = useAtomValue(permissionsAtom);
  const setTheme = useSetAtom(themePreferenceAtom);
  const setShortcutsOpen = useSetAtom(shortcutsOpenAtom);
  const setPaletteOpen = useSetAtom(paletteOpenAtom);
  const collapsed = useAtomValue(sidebarCollapsedAtom);
  const setCollapsed = useSetAtom(sidebarCollapsedAtom);

  return useMemo(() => {
    const shortcuts = navShortcuts(screens.map((s) => ({ module: s.module, label: s.ui.nav.label })));
    const navigation: ShellCommand[] = screens.map((s) => ({
      id: `nav:${s.module}`,
      label: `Go to ${s.ui.nav.label}`,
      group: NAVIGATION_GROUP,
      keywords: [s.ui.nav.label, s.module],
      shortcut: shortcuts[s.module],
      icon: s.ui.nav.icon,
      run: () => navigate(s.ui.nav.path),
    }));

    const contributed: ShellCommand[] = configs.flatMap(({ module, config }) => {
      const basePath = config.nav.path.replace(/\/+$/, '');
      return (config.commands ?? [])
        .filter((c) => !c.permission || permissionMatches(permissions, c.permission))
        .map((c) => ({
          id: `${module}:${c.id}`,
          label: c.label,
          group: c.group ?? config.nav.label,
          keywords: c.keywords,
          shortcut: c.shortcut,
          run: () => {
            if (c.href !== undefined) {
              navigate(c.href);
              return;
            }
            Promise.resolve()
              .then(() => c.perform?.({ navigate: (to: string) => navigate(to), basePath }))
              .catch((error: unknown) => toast.error(`${c.label} failed`, errorMessage(error)));
          },
        }));
    });

    const general: ShellCommand[] = [
      { id: 'shell:palette', label: 'Open command palette', group: GENERAL_GROUP, shortcut: 'mod+k', run: () => setPaletteOpen(true) },
      { id: 'shell:shortcuts', label: 'Keyboard shortcuts', group: GENERAL_GROUP, shortcut: '?', keywords: ['help', 'keys'], run: () => setShortcutsOpen(true) },
      { id: 'shell:sidebar', label: collapsed ? 'Expand sidebar' : 'Collapse sidebar', group: GENERAL_GROUP, shortcut: '[', run: () => setCollapsed(!collapsed) },
      { id: 'shell:theme-light', label: 'Use light theme', group: GENERAL_GROUP, keywords: ['appearance'], run: () => setTheme('light') },
      { id: 'shell:theme-dark', label: 'Use dark theme', group: GENERAL_GROUP, keywords: ['appearance'], run: () => setTheme('dark') },
      { id: 'shell:theme-system', label: 'Use system theme', group: GENERAL_GROUP, keywords: ['appearance', 'auto'], run: () => setTheme('system') },
      { id: 'shell:sign-out', label: 'Sign out', group: GENERAL_GROUP, keywords: ['logout', 'log out'], run: () => void signOut() },
    ];
    return [...navigation, ...contributed, ...general];
  }, [screens, configs, permissions, navigate, setTheme, setShortcutsOpen, setPaletteOpen, collapsed, setCollapsed]);
}
