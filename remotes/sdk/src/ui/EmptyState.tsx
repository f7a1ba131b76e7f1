import { Inbox } from 'lucide-react';
import type { ReactNode } from 'react';
import { cx } from './cx';

export interface EmptyStateProps {
  icon?: ReactNode;
  /** What this is, e.g. "No tickets yet". */
  title: string;
  /** Why it matters / what happens here. */
  description?: ReactNode;
  /** The first action, e.g. a "Create ticket" button. */
  action?: ReactNode;
  compact?: boolean;
  className?: string;
}

export function EmptyState({ icon, title, description, action, compact, className }: EmptyStateProps) {
  return (
    <div className={cx('aos-state', compact && 'aos-state--compact', className)}>
      <div className="aos-state__icon" aria-hidden="true">
        {icon ?? <Inbox />}
      </div>
      <div className="aos-state__title">{title}</div>
      {description && <p className="aos-state__description">{description}</p>}
      {action && <div className="aos-state__actions">{action}</div>}
    </div>
  );
}
