import { useAtomValue } from 'jotai';
import { Blocks, RotateCw } from 'lucide-react';
import { Navigate } from 'react-router';
import { Button, EmptyState, ErrorState } from '@audienceos/remote-sdk';
import { refreshRegistry } from '../registry/registry-polling';
import { modulesAtom, navScreensAtom, registryErrorAtom, registryStatusAtom } from '../registry/registry-state';
import { ScreenSkeleton } from '../remote/ScreenSkeleton';
import { landingModuleAtom, preferencesSettledAtom } from '../session/useServerPreferences';

/** `/` goes to the user's landing module, else the dashboard when there is one, else the first module in the nav. */
export function HomeRedirect() {
  const screens = useAtomValue(navScreensAtom);
  const status = useAtomValue(registryStatusAtom);
  const error = useAtomValue(registryErrorAtom);
  const landing = useAtomValue(landingModuleAtom);
  const preferencesSettled = useAtomValue(preferencesSettledAtom);
  const modules = useAtomValue(modulesAtom);

  const waitingForPreferences = modules.some((m) => m.module === 'settings') && !preferencesSettled;
  if (status === 'loading' || waitingForPreferences) return <ScreenSkeleton />;
  if (status === 'error') return <ErrorState title="Could not load your modules" error={error} onRetry={() => void refreshRegistry()} />;
  const target = screens.find((s) => s.module === landing) ?? screens.find((s) => s.module === 'dashboard') ?? screens[0];
  if (target) return <Navigate to={target.ui.nav.path} replace />;
  return (
    <EmptyState
      icon={<Blocks />}
      title="No modules available"
      description="None of the modules your role may use is running right now. They appear in the sidebar as soon as they start."
      action={
        <Button icon={<RotateCw />} onClick={() => void refreshRegistry()}>
          Check again
        </Button>
      }
    />
  );
}
