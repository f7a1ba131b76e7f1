import type { CSSProperties } from 'react';
import { cx } from './cx';

export interface SkeletonProps {
  width?: number | string;
  height?: number | string;
  circle?: boolean;
  className?: string;
}

const px = (v: number | string | undefined) => (typeof v === 'number' ? `${v}px` : v);

/** Placeholder for content that is loading (skeletons, not spinners, for content). */
export function Skeleton({ width, height, circle, className }: SkeletonProps) {
  const style = { '--aos-skeleton-w': px(width), '--aos-skeleton-h': px(height) } as CSSProperties;
  return <span className={cx('aos-skeleton', circle && 'aos-skeleton--circle', className)} style={style} aria-hidden="true" />;
}

/** A few lines of text-shaped skeletons, with a screen-reader "Loading" announcement. */
export function SkeletonText({ lines = 3, label = 'Loading' }: { lines?: number; label?: string }) {
  return (
    <div className="aos-skeleton-stack" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} width={i === lines - 1 && lines > 1 ? '60%' : '100%'} />
      ))}
    </div>
  );
}
