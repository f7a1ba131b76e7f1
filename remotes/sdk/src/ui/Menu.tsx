import {
  cloneElement,
  createContext,
  isValidElement,
  useContext,
  useState,
  type ComponentPropsWithRef,
  type KeyboardEvent,
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
  // Open state lives here (not in Radix) so that a press on the placeholder trigger opens the
  // menu whenever the code arrives, before or after Radix's Root has mounted.
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = open ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  const module = impl.useModule(wanted || isOpen);
  if (!module) {
    const warmup = {
      warm: () => setWanted(true),
      openWhenReady: () => setOpen(true),
    };
    return <WarmupContext.Provider value={warmup}>{children}</WarmupContext.Provider>;
  }
  return (
    <ImplContext.Provider value={module}>
      <module.Root open={isOpen} onOpenChange={setOpen} modal={modal}>
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
  // Same gestures as Radix's trigger: pointer down (mouse) or Enter / Space / ↓ (keyboard).
  const opensOnKey = (event: KeyboardEvent) => ['Enter', ' ', 'ArrowDown'].includes(event.key);
  const handlersFor = (source: Record<string, any>) => ({
    'aria-haspopup': 'menu' as const,
    'aria-expanded': false,
    onPointerEnter: chain(source.onPointerEnter, () => warmup?.warm()),
    onFocus: chain(source.onFocus, () => warmup?.warm()),
    onPointerDown: chain(source.onPointerDown, () => warmup?.openWhenReady()),
    onKeyDown: (event: KeyboardEvent) => {
      source.onKeyDown?.(event);
      if (!event.defaultPrevented && opensOnKey(event)) {
        event.preventDefault();
        warmup?.openWhenReady();
      }
    },
  });
  if (asChild && isValidElement(children)) {
    const child = children as ReactElement<Record<string, any>>;
    return cloneElement(child, { ...props, ...handlersFor(child.props) });
  }
  const handlers = handlersFor(props);
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
