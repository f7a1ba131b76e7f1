import { RotateCw, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { errorMessage, isApiError } from '../api/api-error';
import { Button } from './Button';
import { cx } from './cx';

export interface ErrorStateProps {
  /** What failed, e.g. "Could not load clients". */
  title?: string;
  /** The error; its message is shown (API errors speak for themselves). */
  error?: unknown;
  /** Overrides the message derived from `error`. */
  message?: ReactNode;
  /** Small technical reference under the message (an error code, a request id). */
  detail?: string | null;
  onRetry?: () => void;
  retryLabel?: string;
  /** Extra actions next to Retry. */
  actions?: ReactNode;
  compact?: boolean;
  icon?: ReactNode;
  className?: string;
}

/** What failed and a way to try again. Rendered with role="alert" so it is announced. */
export function ErrorState({ title = 'Something went wrong', error, message, detail: detailProp, onRetry, retryLabel = 'Retry', actions, compact, icon, className }: ErrorStateProps) {
  const text = message ?? (error !== undefined ? errorMessage(error) : null);
  const detail = detailProp ?? (isApiError(error) && error.type && error.type !== 'UNKNOWN' ? `${error.code} · ${error.type}` : null);
  return (
    <div className={cx('aos-state', 'aos-state--error', compact && 'aos-state--compact', className)} role="alert">
      <div className="aos-state__icon" aria-hidden="true">
        {icon ?? <TriangleAlert />}
      </div>
      <div className="aos-state__title">{title}</div>
      {text && <p className="aos-state__description">{text}</p>}
      {detail && <div className="aos-state__detail">{detail}</div>}
      {(onRetry || actions) && (
        <div className="aos-state__actions">
          {onRetry && (
            <Button onClick={onRetry} icon={<RotateCw />}>
              {retryLabel}
            </Button>
          )}
          {actions}
        </div>
      )}
    </div>
  );
}
