import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { CSSProperties, ReactNode } from 'react';
import { IconButton } from './Button';
import { cx } from './cx';
import type { DialogProps, DrawerProps } from './Dialog';

/*
 * The Radix side of Dialog and Drawer, loaded the first time one opens (see Dialog.tsx).
 */

/** Radix warns unless a dialog without a description says so explicitly. */
function noDescription(description: ReactNode) {
  return description ? {} : { 'aria-describedby': undefined };
}

/** Modal dialog: focus trapped, Esc closes, focus returns to the trigger. */
export function DialogImpl({ open, onOpenChange, title, description, footer, wide, className, children }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="aos-overlay" />
        <RadixDialog.Content className={cx('aos-dialog', wide && 'aos-dialog--wide', className)} {...noDescription(description)}>
          <div className="aos-dialog__header">
            <div className="aos-dialog__titles">
              <RadixDialog.Title className="aos-dialog__title">{title}</RadixDialog.Title>
              {description ? (
                <RadixDialog.Description className="aos-dialog__description">{description}</RadixDialog.Description>
              ) : null}
            </div>
            <RadixDialog.Close asChild>
              <IconButton aria-label="Close" size="sm" tooltip={false}>
                <X />
              </IconButton>
            </RadixDialog.Close>
          </div>
          <div className="aos-dialog__body">{children}</div>
          {footer && <div className="aos-dialog__footer">{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Side sheet for details: the list behind it stays visible. */
export function DrawerImpl({ open, onOpenChange, title, description, footer, actions, width, keepPageInteractive = true, className, children }: DrawerProps) {
  const style = width !== undefined ? ({ '--aos-drawer-width': typeof width === 'number' ? `${width}px` : width } as CSSProperties) : undefined;
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange} modal={!keepPageInteractive}>
      <RadixDialog.Portal>
        {!keepPageInteractive && <RadixDialog.Overlay className="aos-overlay aos-overlay--drawer" />}
        <RadixDialog.Content
          className={cx('aos-drawer', className)}
          style={style}
          {...noDescription(description)}
          // Non-modal: clicks on the list behind must not close the drawer (the row click swaps it).
          onInteractOutside={keepPageInteractive ? (event) => event.preventDefault() : undefined}
        >
          <div className="aos-drawer__header">
            <div className="aos-drawer__titles">
              <RadixDialog.Title className="aos-drawer__title">{title}</RadixDialog.Title>
              {description ? (
                <RadixDialog.Description className="aos-drawer__description">{description}</RadixDialog.Description>
              ) : null}
            </div>
            {actions}
            <RadixDialog.Close asChild>
              <IconButton aria-label="Close" shortcut="Esc" size="sm">
                <X />
              </IconButton>
            </RadixDialog.Close>
          </div>
          <div className="aos-drawer__body">{children}</div>
          {footer && <div className="aos-drawer__footer">{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
