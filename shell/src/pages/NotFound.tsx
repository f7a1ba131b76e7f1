import { useAtomValue } from 'jotai';
import { SearchX } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import { EmptyState, ErrorState } from '@audienceos/remote-sdk';
import { refreshRegistry } from '../registry/registry-polling';
import { registryErrorAtom, registryStatusAtom } from '../registry/registry-state';
import { ScreenSkeleton } from '../remote/ScreenSkeleton';

/**
 * Unknown path. While the module list is still loading, a deep link to a module cannot be told
 * from a bad link yet, so show a skeleton rather than flashing "not found".
 */
export function NotFound() {
  const { pathname } = useLocation();
  const status = useAtomValue(registryStatusAtom);
  const error = useAtomValue(registryErrorAtom);
  if (status === 'loading') return <ScreenSkeleton />;
  if (status === 'error') return <ErrorState title="Could not load your modules" error={error} onRetry={() => void refreshRegistry()} />;
  return (
    <div data-testid="not-found">
      <EmptyState
        icon={<SearchX />}
        title="Page not found"
        description={
          <>
            Nothing lives at <code>{pathname}</code>, or the module it belongs to is not available to you.
          </>
        }
        action={
          <Link className="aos-btn aos-btn--primary" to="/">
            Go to the start page
          </Link>
        }
      />
    </div>
  );
}
