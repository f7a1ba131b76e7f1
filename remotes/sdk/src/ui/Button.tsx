import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './cx';
import { Tooltip } from './Tooltip';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner and disables the button (the label stays, so the width does not jump). */
  loading?: boolean;
  /** Leading icon, e.g. `<Plus />`. */
  icon?: ReactNode;
}

export function Button({ variant = 'secondary', size = 'md', loading = false, icon, className, children, disabled, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx('aos-btn', variant !== 'secondary' && `aos-btn--${variant}`, size === 'sm' && 'aos-btn--sm', className)}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading ? <span className="aos-btn__spinner" aria-hidden="true" /> : icon}
      {children}
    </button>
  );
}

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon' | 'aria-label'> {
  /** Required: icon-only controls must say what they do (used as aria-label and tooltip). */
  'aria-label': string;
  children: ReactNode;
  /** Show the label as a tooltip on hover/focus (default true). */
  tooltip?: boolean;
  /** Shortcut shown in the tooltip, e.g. `[`. */
  shortcut?: string;
}

export function IconButton({ className, variant = 'ghost', tooltip = true, shortcut, children, ...rest }: IconButtonProps) {
  const button = (
    <Button variant={variant} className={cx('aos-icon-btn', className)} {...rest}>
      {children}
    </Button>
  );
  if (!tooltip) return button;
  return (
    <Tooltip
      describe={false}
      content={
        shortcut ? (
          <>
            {rest['aria-label']} <kbd className="aos-kbd">{shortcut}</kbd>
          </>
        ) : (
          rest['aria-label']
        )
      }
    >
      {button}
    </Tooltip>
  );
}
