import { useAtom, useAtomValue } from 'jotai';
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { NavLink } from 'react-router';
import { IconButton, Skeleton, Tooltip, useCurrentAgency, type NavGroup } from '@audienceos/remote-sdk';
import { navShortcuts } from '../hotkeys/nav-shortcuts';
import { Shortcut } from '../hotkeys/Shortcut';
import { navScreensAtom, registryStatusAtom, type KnownScreen } from '../registry/registry-state';
import { navIcon } from './nav-icons';
import { useNavBadges } from './useNavBadges';
import { sidebarCollapsedAtom } from './ui-state';

const GROUPS: { id: NavGroup; label: string }[] = [
  { id: 'operations', label: 'Operations' },
  { id: 'resources', label: 'Resources' },
  { id: 'configure', label: 'Configure' },
];

function NavItem({ screen, collapsed, shortcut, badge }: { screen: KnownScreen; collapsed: boolean; shortcut?: string; badge?: number | null }) {
  const Icon = navIcon(screen.ui.nav.icon);
  const link = (
    <NavLink to={screen.ui.nav.path} className="shell-nav__item" data-module={screen.module} aria-label={collapsed ? screen.ui.nav.label : undefined}>
      <Icon className="shell-nav__icon" aria-hidden="true" />
      {!collapsed && <span className="shell-nav__label">{screen.ui.nav.label}</span>}
      {badge ? (
        <span className="shell-nav__badge" aria-label={`${badge} pending`}>
          {badge > 99 ? '99+' : badge}
        </span>
      ) : null}
    </NavLink>
  );
  if (!collapsed && !shortcut) return link;
  return (
    <Tooltip
      side="right"
      delayMs={collapsed ? 100 : 700}
      content={
        <span className="shell-nav__tip">
          {collapsed && screen.ui.nav.label}
          {shortcut && <Shortcut keys={shortcut} />}
        </span>
      }
    >
      {link}
    </Tooltip>
  );
}

/** Agency name, navigation grouped Operations / Resources / Configure, collapsible. */
export function Sidebar() {
  const agency = useCurrentAgency();
  const screens = useAtomValue(navScreensAtom);
  const status = useAtomValue(registryStatusAtom);
  const [collapsed, setCollapsed] = useAtom(sidebarCollapsedAtom);
  const badges = useNavBadges();
  const shortcuts = navShortcuts(screens.map((s) => ({ module: s.module, label: s.ui.nav.label })));
  const agencyName = agency?.name ?? '';

  return (
    <aside className="shell-sidebar" data-collapsed={collapsed} aria-label="Main">
      <div className="shell-sidebar__header">
        <span className="shell-sidebar__logo" aria-hidden="true">
          <span>{agencyName.trim().charAt(0).toUpperCase() || 'A'}</span>
        </span>
        {!collapsed && (
          <span className="shell-sidebar__agency" title={agencyName} data-testid="agency-name">
            {agencyName}
          </span>
        )}
        <IconButton
          aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          shortcut="["
          size="sm"
          className="shell-sidebar__toggle"
          onClick={() => setCollapsed(!collapsed)}
        >
          {collapsed ? <PanelLeftOpen /> : <PanelLeftClose />}
        </IconButton>
      </div>
      <nav className="shell-nav" aria-label="Modules">
        {status === 'loading' && screens.length === 0
          ? Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="shell-nav__placeholder">
                <Skeleton width={16} height={16} />
                {!collapsed && <Skeleton width={`${50 + ((i * 13) % 35)}%`} />}
              </div>
            ))
          : GROUPS.map((group) => {
              const items = screens.filter((s) => (s.ui.nav.group ?? 'operations') === group.id);
              if (items.length === 0) return null;
              return (
                <div key={group.id} className="shell-nav__group" role="group" aria-labelledby={`nav-group-${group.id}`}>
                  <div id={`nav-group-${group.id}`} className={collapsed ? 'aos-visually-hidden' : 'shell-nav__heading'}>
                    {group.label}
                  </div>
                  {items.map((screen) => (
                    <NavItem key={screen.module} screen={screen} collapsed={collapsed} shortcut={shortcuts[screen.module]} badge={badges[screen.module]} />
                  ))}
                </div>
              );
            })}
        {/* Modules whose manifest names an unknown group still get a place. */}
        {screens.some((s) => !GROUPS.some((g) => g.id === s.ui.nav.group)) && (
          <div className="shell-nav__group">
            {screens
              .filter((s) => !GROUPS.some((g) => g.id === s.ui.nav.group))
              .map((screen) => (
                <NavItem key={screen.module} screen={screen} collapsed={collapsed} shortcut={shortcuts[screen.module]} badge={badges[screen.module]} />
              ))}
          </div>
        )}
      </nav>
    </aside>
  );
}
