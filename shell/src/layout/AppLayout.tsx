import { Outlet } from 'react-router';
import { GlobalHotkeys } from '../hotkeys/GlobalHotkeys';
import { ShortcutsDialog } from '../hotkeys/ShortcutsDialog';
import { PaletteHost } from '../palette/PaletteHost';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The frame around every screen: sidebar, top bar, content, and the global overlays. */
export function AppLayout() {
  return (
    <div className="shell-frame">
      <a className="shell-skip-link" href="#main-content">
        Skip to content
      </a>
      <Sidebar />
      <div className="shell-main">
        <TopBar />
        <main id="main-content" className="shell-content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <GlobalHotkeys />
      <PaletteHost />
      <ShortcutsDialog />
    </div>
  );
}
