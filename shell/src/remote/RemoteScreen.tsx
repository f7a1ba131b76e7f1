import { useAtomValue } from 'jotai';
import { PlugZap, RotateCw } from 'lucide-react';
import { Suspense } from 'react';
import { Button, ErrorBoundary, ErrorState } from '@audienceos/remote-sdk';
import { refreshRegistry } from '../registry/registry-polling';
import { knownScreensAtom } from '../registry/registry-state';
import { retryRemoteConfig } from '../registry/remote-configs';
import { RemoteLoadError } from '../registry/remote-loader';
import { bumpRetry, retryCountsAtom } from '../registry/revision';
import { lazyRemoteApp } from './remote-app-cache';
import { ScreenSkeleton } from './ScreenSkeleton';

/**
 * Mounts one remote's `./App` at its nav path, inside its own error boundary and Suspense:
 * a remote that fails to load, throws while rendering, or drops out of the registry shows an
 * inline state here while the frame and every other module keep working.
 */
export function RemoteScreen({ module }: { module: string }) {
  const screen = useAtomValue(knownScreensAtom)[module];
  const retries = useAtomValue(retryCountsAtom)[module] ?? 0;

  if (!screen) return null;
  const label = screen.ui.nav.label;

  const retry = () => {
    bumpRetry(module);
    retryRemoteConfig(module);
    void refreshRegistry();
  };

  if (!screen.available) {
    return (
      <div className="shell-screen-state" data-testid="module-unavailable">
        <ErrorState
          icon={<PlugZap />}
          title={`${label} is unavailable`}
          message="The module is not running right now. This page comes back by itself as soon as it is available again; the rest of the Command Center keeps working."
          actions={
            <Button icon={<RotateCw />} onClick={() => void refreshRegistry()}>
              Check again
            </Button>
          }
        />
      </div>
    );
  }

  const revision = `${screen.generation}.${retries}`;
  const App = lazyRemoteApp(screen.ui, revision);
  return (
    <ErrorBoundary
      resetKeys={[revision, screen.ui.entry]}
      onError={(error) => {
        console.error(`[shell] ${module} failed`, error);
        void refreshRegistry(); // if the module went away, switch to "unavailable" promptly
      }}
      fallback={(error) => (
        <div className="shell-screen-state" data-testid="module-error">
          {error instanceof RemoteLoadError ? (
            <ErrorState title={`${label} could not be loaded`} message={error.message} detail={error.detail} onRetry={retry} />
          ) : (
            <ErrorState
              title={`${label} stopped working`}
              message={`The screen hit an error${error instanceof Error && error.message ? `: ${error.message}` : '.'} Retry reloads it; the rest of the Command Center is unaffected.`}
              onRetry={retry}
            />
          )}
        </div>
      )}
    >
      <Suspense fallback={<ScreenSkeleton label={`Loading ${label}`} />}>
        <App basePath={screen.ui.nav.path.replace(/\/+$/, '')} />
      </Suspense>
    </ErrorBoundary>
  );
}
