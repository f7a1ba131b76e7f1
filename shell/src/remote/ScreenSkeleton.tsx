import { Skeleton } from '@audienceos/remote-sdk';

/** Content-shaped placeholder (toolbar + rows) while a screen's code or data loads. */
export function ScreenSkeleton({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="shell-screen-skeleton" role="status" aria-label={label}>
      <div className="shell-screen-skeleton__toolbar">
        <Skeleton width={180} height={28} />
        <Skeleton width={96} height={28} />
        <span style={{ flex: 1 }} />
        <Skeleton width={110} height={28} />
      </div>
      <div className="shell-screen-skeleton__rows">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="shell-screen-skeleton__row">
            <Skeleton width={20} height={20} circle />
            <Skeleton width={`${30 + ((i * 23) % 30)}%`} />
            <Skeleton width={`${12 + ((i * 7) % 10)}%`} />
            <Skeleton width={64} />
          </div>
        ))}
      </div>
    </div>
  );
}
