import * as RadixMenu from '@radix-ui/react-dropdown-menu';
import { Check } from 'lucide-react';
import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './cx';

/** The Radix side of Menu, loaded when a menu trigger is approached (see Menu.tsx). */
export const Root = RadixMenu.Root;
export const Trigger = RadixMenu.Trigger;
export const Group = RadixMenu.Group;
export const RadioGroup = RadixMenu.RadioGroup;

export function Content({ className, align = 'end', sideOffset = 4, ...props }: ComponentPropsWithRef<typeof RadixMenu.Content>) {
  return (
    <RadixMenu.Portal>
      <RadixMenu.Content className={cx('aos-menu', className)} align={align} sideOffset={sideOffset} collisionPadding={8} {...props} />
    </RadixMenu.Portal>
  );
}

export interface ItemProps extends ComponentPropsWithRef<typeof RadixMenu.Item> {
  icon?: ReactNode;
  shortcut?: string;
  danger?: boolean;
}

export function Item({ icon, shortcut, danger, className, children, ...props }: ItemProps) {
  return (
    <RadixMenu.Item className={cx('aos-menu__item', danger && 'aos-menu__item--danger', className)} {...props}>
      {icon}
      {children}
      {shortcut && <span className="aos-menu__shortcut">{shortcut}</span>}
    </RadixMenu.Item>
  );
}

export function Label({ className, ...props }: ComponentPropsWithRef<typeof RadixMenu.Label>) {
  return <RadixMenu.Label className={cx('aos-menu__label', className)} {...props} />;
}

export function Separator({ className, ...props }: ComponentPropsWithRef<typeof RadixMenu.Separator>) {
  return <RadixMenu.Separator className={cx('aos-menu__separator', className)} {...props} />;
}

export function RadioItem({ className, children, icon, ...props }: ComponentPropsWithRef<typeof RadixMenu.RadioItem> & { icon?: ReactNode }) {
  return (
    <RadixMenu.RadioItem className={cx('aos-menu__item', 'aos-menu__item--inset', className)} {...props}>
      <RadixMenu.ItemIndicator className="aos-menu__indicator">
        <Check aria-hidden="true" />
      </RadixMenu.ItemIndicator>
      {icon}
      {children}
    </RadixMenu.RadioItem>
  );
}
