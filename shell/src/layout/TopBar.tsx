import { useAtomValue, useSetAtom } from 'jotai';
import { ChevronRight, Search } from 'lucide-react';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { pageHeaderAtom } from '@audienceos/remote-sdk';
import { Shortcut } from '../hotkeys/Shortcut';
import { ConnectionStatus } from './ConnectionStatus';
import { NotificationBell } from '../notifications/NotificationBell';
import { prefetchPalette } from '../palette/PaletteHost';
import { modulesAtom } from '../registry/registry-state';
import { paletteOpenAtom } from './ui-state';
import { useCurrentScreen } from './useCurrentScreen';
import { UserMenu } from './UserMenu';

const APP_NAME = 'AudienceOS';

/** Title and breadcrumbs (module › what the screen reported), search, account. */
export function TopBar({ fallbackTitle }: { fallbackTitle?: string }) {
  const hasNotifications = useAtomValue(modulesAtom).some((m) => m.module === 'notifications');
  const screen = useCurrentScreen();
  const header = useAtomValue(pageHeaderAtom);
  const openPalette = useSetAtom(paletteOpenAtom);
  const moduleLabel = screen?.ui.nav.label ?? fallbackTitle ?? '';
  const crumbs = header?.crumbs ?? [];
  // A screen titled like its module ("Pipeline › Pipeline") adds nothing: show the module once.
  const title = header?.title && !(header.title === moduleLabel && crumbs.length === 0) ? header.title : undefined;

  useEffect(() => {
    document.title = [title, moduleLabel, APP_NAME].filter(Boolean).join(' · ');
  }, [title, moduleLabel]);

  return (
    <header className="shell-topbar">
      <nav className="shell-breadcrumbs" aria-label="Breadcrumb">
        <ol>
          {moduleLabel && (
            <li>
              {screen && (title || crumbs.length > 0) ? (
                <Link to={screen.ui.nav.path}>{moduleLabel}</Link>
              ) : (
                <h1 className="shell-breadcrumbs__current" aria-current="page">
                  {moduleLabel}
                </h1>
              )}
            </li>
          )}
          {crumbs.map((crumb, i) => (
            <li key={`${crumb.label}-${i}`}>
              <ChevronRight aria-hidden="true" className="shell-breadcrumbs__sep" />
              {crumb.href ? <Link to={crumb.href}>{crumb.label}</Link> : <span>{crumb.label}</span>}
            </li>
          ))}
          {title && (
            <li>
              <ChevronRight aria-hidden="true" className="shell-breadcrumbs__sep" />
              <h1 className="shell-breadcrumbs__current" aria-current="page">
                {title}
              </h1>
            </li>
          )}
        </ol>
      </nav>
      <div className="shell-topbar__actions">
        <ConnectionStatus />
        <button
          type="button"
          className="shell-search-button"
          onClick={() => openPalette(true)}
          onPointerEnter={prefetchPalette}
          onFocus={prefetchPalette}
          aria-keyshortcuts="Meta+K Control+K"
        >
          <Search aria-hidden="true" />
          <span>Search or jump to…</span>
          <Shortcut keys="mod+k" />
        </button>
        {/* A deployment without the notifications module has no bell (and asks nothing of it). */}
        {hasNotifications && <NotificationBell />}
        <UserMenu />
      </div>
    </header>
  );
}
