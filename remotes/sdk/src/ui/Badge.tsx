import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export interface BadgeProps extends ComponentPropsWithRef<'span'> {
  /** Status colours only for meaning (health, priority, SLA); neutral otherwise. */
  tone?: BadgeTone;
  /** Leading coloured dot, e.g. for health. */
  dot?: boolean;
}

export function Badge({ tone = 'neutral', dot = false, className, children, ...rest }: BadgeProps) {
  return (
    <span className={cx('aos-badge', tone !== 'neutral' && `aos-badge--${tone}`, className)} {...rest}>
      {dot && <span className="aos-badge__dot" aria-hidden="true" />}
      {children}
    </span>
  );
}
