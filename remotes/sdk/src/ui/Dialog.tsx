import { cloneElement, createContext, useContext, type MouseEvent, type ReactElement, type ReactNode } from 'react';
import { createLazyModule } from './lazy-module';

const impl = createLazyModule(() => import(/* webpackChunkName: "aos-dialog" */ './DialogImpl'));

/** Warm the dialog code, e.g. on hover of the button that opens one. */
export const preloadDialog = impl.preload;

export interface DialogProps {
  /** Controlled: render `<Dialog open={…}>` and change `open` from your button or shortcut. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Buttons, primary last (bottom-right). */
  footer?: ReactNode;
  wide?: boolean;
  className?: string;
  children?: ReactNode;
}

export interface DrawerProps extends Omit<DialogProps, 'wide'> {
  /** CSS width, default 560px. */
  width?: number | string;
  /** Toolbar next to the close button (e.g. "Open full page"). */
  actions?: ReactNode;
  /**
   * Leave the page behind interactive (non-modal), as in "row click opens detail in a drawer,
   * the list stays". Default true; focus still moves into the drawer and Esc closes it.
   */
  keepPageInteractive?: boolean;
}

const CloseContext = createContext<(() => void) | null>(null);

/** Modal dialog: focus trapped, Esc closes, focus returns to where it was. */
export function Dialog(props: DialogProps) {
  const module = impl.useModule(props.open);
  if (!module) return null; // never opened yet: nothing to show, nothing to download
  return (
    <CloseContext.Provider value={() => props.onOpenChange(false)}>
      <module.DialogImpl {...props} />
    </CloseContext.Provider>
  );
}

/** Side sheet for details: the list behind it stays visible. */
export function Drawer(props: DrawerProps) {
  const module = impl.useModule(props.open);
  if (!module) return null;
  return (
    <CloseContext.Provider value={() => props.onOpenChange(false)}>
      <module.DrawerImpl {...props} />
    </CloseContext.Provider>
  );
}

/** Make a button close the surrounding Dialog or Drawer: `<DialogClose><Button>Cancel</Button></DialogClose>`. */
export function DialogClose({ children }: { children: ReactElement<{ onClick?: (event: MouseEvent) => void }> }) {
  const close = useContext(CloseContext);
  return cloneElement(children, {
    onClick: (event: MouseEvent) => {
      children.props.onClick?.(event);
      if (!event.defaultPrevented) close?.();
    },
  });
}
