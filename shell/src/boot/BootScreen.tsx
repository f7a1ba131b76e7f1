import { CloudOff } from 'lucide-react';
import { ErrorState, Skeleton } from '@audienceos/remote-sdk';

/** While the refresh cookie is tried: the frame's silhouette, or why it could not start. */
export function BootScreen({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  if (error) {
    return (
      <div className="shell-login">
        <ErrorState icon={<CloudOff />} title="Cannot start the Command Center" message={error} onRetry={onRetry} />
      </div>
    );
  }
  return (
    <div className="shell-frame" role="status" aria-label="Loading the Command Center">
      <aside className="shell-sidebar">
        <div className="shell-sidebar__header">
          <Skeleton width={24} height={24} />
          <Skeleton width={120} />
        </div>
        <div className="shell-nav">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="shell-nav__placeholder">
              <Skeleton width={16} height={16} />
              <Skeleton width={`${50 + ((i * 13) % 35)}%`} />
            </div>
          ))}
        </div>
      </aside>
      <div className="shell-main">
        <header className="shell-topbar">
          <Skeleton width={140} />
        </header>
      </div>
    </div>
  );
}
