import { useAtomValue } from 'jotai';
import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { LiveProvider } from './live/LiveProvider';
import { HomeRedirect } from './pages/HomeRedirect';
import { NotFound } from './pages/NotFound';
import { resetRegistry, startRegistryPolling } from './registry/registry-polling';
import { knownScreensAtom } from './registry/registry-state';
import { resetRemoteConfigs, startRemoteConfigSync } from './registry/remote-configs';
import { RemoteScreen } from './remote/RemoteScreen';
import { useServerPreferences } from './session/useServerPreferences';

/**
 * Everything behind login. Routes come from the registry at run time: one per module screen
 * seen this session (so a module that drops out keeps its route and shows "unavailable").
 */
export function AuthenticatedApp() {
  const screens = useAtomValue(knownScreensAtom);
  useServerPreferences();

  useEffect(() => {
    const stopPolling = startRegistryPolling();
    const stopConfigSync = startRemoteConfigSync();
    return () => {
      stopPolling();
      stopConfigSync();
      resetRegistry();
      resetRemoteConfigs();
    };
  }, []);

  return (
    <>
      <LiveProvider />
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<HomeRedirect />} />
          {Object.values(screens).map((screen) => (
            <Route key={screen.module} path={`${screen.ui.nav.path.replace(/\/+$/, '')}/*`} element={<RemoteScreen key={screen.module} module={screen.module} />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}
