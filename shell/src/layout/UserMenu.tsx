import { useAtom, useSetAtom } from 'jotai';
import { Keyboard, LogOut, Monitor, Moon, Sun } from 'lucide-react';
import {
  Avatar,
  Menu,
  MenuContent,
  MenuItem,
  MenuLabel,
  MenuRadioGroup,
  MenuRadioItem,
  MenuSeparator,
  MenuTrigger,
  themePreferenceAtom,
  useCurrentAgency,
  useCurrentUser,
  type ThemePreference,
} from '@audienceos/remote-sdk';
import { signOut } from '../session/session-lifecycle';
import { shortcutsOpenAtom } from './ui-state';

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', member: 'Member' };

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role.charAt(0).toUpperCase() + role.slice(1);
}

/** Avatar button: who is signed in (from /auth/me), theme, shortcuts, sign out. */
export function UserMenu() {
  const user = useCurrentUser();
  const agency = useCurrentAgency();
  const [theme, setTheme] = useAtom(themePreferenceAtom);
  const openShortcuts = useSetAtom(shortcutsOpenAtom);
  if (!user) return null;

  return (
    <Menu>
      <MenuTrigger className="shell-user-button" aria-label={`Account: ${user.name}, ${roleLabel(user.role)}`} data-testid="user-menu-trigger">
        <Avatar name={user.name} seed={user.id} size={26} decorative />
      </MenuTrigger>
      <MenuContent className="shell-user-menu" data-testid="user-menu">
        <div className="shell-user-menu__profile">
          <Avatar name={user.name} seed={user.id} size={34} decorative />
          <div className="shell-user-menu__who">
            <div className="shell-user-menu__name" data-testid="user-name">
              {user.name}
            </div>
            <div className="shell-user-menu__email">{user.email}</div>
            <div className="shell-user-menu__meta">
              <span className="aos-badge" data-testid="user-role">
                {roleLabel(user.role)}
              </span>
              {agency && <span className="shell-user-menu__agency">{agency.name}</span>}
            </div>
          </div>
        </div>
        <MenuSeparator />
        <MenuLabel>Theme</MenuLabel>
        <MenuRadioGroup value={theme} onValueChange={(value) => setTheme(value as ThemePreference)}>
          <MenuRadioItem value="light" icon={<Sun />}>
            Light
          </MenuRadioItem>
          <MenuRadioItem value="dark" icon={<Moon />}>
            Dark
          </MenuRadioItem>
          <MenuRadioItem value="system" icon={<Monitor />}>
            System
          </MenuRadioItem>
        </MenuRadioGroup>
        <MenuSeparator />
        <MenuItem icon={<Keyboard />} shortcut="?" onSelect={() => openShortcuts(true)}>
          Keyboard shortcuts
        </MenuItem>
        <MenuItem icon={<LogOut />} onSelect={() => void signOut()} data-testid="sign-out">
          Sign out
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
