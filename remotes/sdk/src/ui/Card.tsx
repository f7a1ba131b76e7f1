import type { ReactNode } from 'react';
import { cx } from './cx';

export interface CardProps {
  title?: ReactNode;
  /** Right side of the header (buttons, a menu). */
  actions?: ReactNode;
  /** Wrap the children in the padded body (default true). */
  padded?: boolean;
  className?: string;
  children?: ReactNode;
}

export function Card({ title, actions, padded = true, className, children }: CardProps) {
  return (
    <section className={cx('aos-card', className)}>
      {(title || actions) && (
        <header className="aos-card__header">
          {title && <h3 className="aos-card__title">{title}</h3>}
          {actions}
        </header>
      )}
      {padded ? <div className="aos-card__body">{children}</div> : children}
    </section>
  );
}
