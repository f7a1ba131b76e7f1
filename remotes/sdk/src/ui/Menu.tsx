import {
  cloneElement,
  createContext,
  isValidElement,
  useContext,
  useState,
  type ComponentPropsWithRef,
  type ReactElement,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { createLazyModule } from './lazy-module';

/**
 * Dropdown menu (Radix: arrow keys, type-ahead, Esc, focus return). Compose
 * Menu › MenuTrigger, MenuContent › MenuItem / MenuLabel / MenuSeparator / MenuRadioGroup.
 *
 * The Radix code is fetched when the trigger is hovered, focused or pressed, not before: the
 * shell's account menu is on every page and must not weigh on the first load. Until then the
 * trigger renders as itself; pressing it opens the menu as soon as the code has arrived.
 */
const impl = createLazyModule(() => import(/* webpackChunkName: "aos-menu" */ './MenuImpl'));
type MenuModule = typeof import('./MenuImpl');

const ImplContext = createContext<MenuModule | null>(null);
const WarmupContext = createContext<{ warm: () => void; openWhenReady: () => void } | null>(null);

export interface MenuProps {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  modal?: boolean;
  children?: ReactNode;
}

export function Menu({ open, onOpenChange, modal, children }: MenuProps) {
  const [wanted, setWanted] = useState(false);
  const [openWhenReady, setOpenWhenReady] = useState(false);
  const module = impl.useModule(wanted || open === true);
  if (!module) {
    const warmup = {
      warm: () => setWanted(true),
      openWhenReady: () => {
        setWanted(true);
        setOpenWhenReady(true);
      },
    };
    return <WarmupContext.Provider value={warmup}>{children}</WarmupContext.Provider>;
  }
  return (
    <ImplContext.Provider value={module}>
      <module.Root open={open} defaultOpen={openWhenReady} onOpenChange={onOpenChange} modal={modal}>
        {children}
      </module.Root>
    </ImplContext.Provider>
  );
}

function chain<E extends SyntheticEvent>(theirs: ((event: E) => void) | undefined, ours: () => void) {
  return (event: E) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours();
  };
}

export type MenuTriggerProps = ComponentPropsWithRef<'button'> & { asChild?: boolean };

export function MenuTrigger({ asChild, children, ...props }: MenuTriggerProps) {
  const module = useContext(ImplContext);
  const warmup = useContext(WarmupContext);
  if (module) {
    return (
      <module.Trigger asChild={asChild} {...props}>
        {children}
      </module.Trigger>
    );
  }
  const handlers = {
    'aria-haspopup': 'menu' as const,
    'aria-expanded': false,
    onPointerEnter: chain(props.onPointerEnter, () => warmup?.warm()),
    onFocus: chain(props.onFocus, () => warmup?.warm()),
    onClick: chain(props.onClick, () => warmup?.openWhenReady()),
  };
  if (asChild && isValidElement(children)) {
    const child = children as ReactElement<Record<string, any>>;
    return cloneElement(child, {
      ...props,
      ...handlers,
      onPointerEnter: chain(child.props.onPointerEnter, () => warmup?.warm()),
      onFocus: chain(child.props.onFocus, () => warmup?.warm()),
      onClick: chain(child.props.onClick, () => warmup?.openWhenReady()),
    });
  }
  return (
    <button type="button" {...props} {...handlers}>
      {children}
    </button>
  );
}

/** Renders only once the menu code is there (the menu cannot be open before that). */
function part<P extends object>(pick: (m: MenuModule) => (props: P) => ReactNode) {
  return function MenuPart(props: P) {
    const module = useContext(ImplContext);
    if (!module) return null;
    const Component = pick(module);
    return <Component {...props} />;
  };
}

export const MenuContent = part((m) => m.Content);
export const MenuItem = part((m) => m.Item);
export const MenuLabel = part((m) => m.Label);
export const MenuSeparator = part((m) => m.Separator);
export const MenuRadioItem = part((m) => m.RadioItem);
export const MenuGroup = part((m) => m.Group as (props: ComponentPropsWithRef<MenuModule['Group']>) => ReactNode);
export const MenuRadioGroup = part((m) => m.RadioGroup as (props: ComponentPropsWithRef<MenuModule['RadioGroup']>) => ReactNode);
export type MenuItemProps = import('./MenuImpl').ItemProps;
