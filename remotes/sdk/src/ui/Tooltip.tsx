import {
  cloneElement,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
  type Ref,
  type SyntheticEvent,
} from 'react';
import { createPortal } from 'react-dom';

export interface TooltipProps {
  content: ReactNode;
  /** One element that accepts a ref and event handlers (a button, a link). */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
  delayMs?: number;
  /**
   * Link the tooltip to the trigger as its description (default). Turn off when the tooltip
   * only repeats the trigger's accessible name (icon buttons), or it is read twice.
   */
  describe?: boolean;
}

type Side = NonNullable<TooltipProps['side']>;
const GAP = 6;
const EDGE = 8;
/** Moving from one tooltip trigger to the next shows the next at once (scanning a nav). */
const SKIP_DELAY_MS = 300;
let lastHiddenAt = 0;

function place(trigger: DOMRect, bubble: DOMRect, side: Side): { top: number; left: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const fits = {
    top: trigger.top - bubble.height - GAP >= EDGE,
    bottom: trigger.bottom + bubble.height + GAP <= vh - EDGE,
    left: trigger.left - bubble.width - GAP >= EDGE,
    right: trigger.right + bubble.width + GAP <= vw - EDGE,
  };
  const opposite: Record<Side, Side> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };
  const chosen = fits[side] || !fits[opposite[side]] ? side : opposite[side];
  let top: number;
  let left: number;
  if (chosen === 'top' || chosen === 'bottom') {
    top = chosen === 'top' ? trigger.top - bubble.height - GAP : trigger.bottom + GAP;
    left = trigger.left + trigger.width / 2 - bubble.width / 2;
  } else {
    left = chosen === 'left' ? trigger.left - bubble.width - GAP : trigger.right + GAP;
    top = trigger.top + trigger.height / 2 - bubble.height / 2;
  }
  return {
    top: Math.min(Math.max(EDGE, top), vh - bubble.height - EDGE),
    left: Math.min(Math.max(EDGE, left), vw - bubble.width - EDGE),
  };
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null) {
  if (typeof ref === 'function') ref(value);
  else if (ref && typeof ref === 'object') (ref as { current: T | null }).current = value;
}

function chain<E extends SyntheticEvent>(theirs: ((event: E) => void) | undefined, ours: (event: E) => void) {
  return (event: E) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}

/**
 * Hover and keyboard-focus tooltip (no dependency: it is on every icon button, so it must cost
 * next to nothing). Shown after a delay on hover, at once on keyboard focus, hidden on leave,
 * blur, press or Esc; linked to its trigger with aria-describedby.
 */
export function Tooltip({ content, children, side = 'bottom', delayMs = 400, describe = true }: TooltipProps) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const triggerRef = useRef<HTMLElement | null>(null);
  const bubbleRef = useRef<HTMLDivElement | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const id = useId();

  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    setOpen((wasOpen) => {
      if (wasOpen) lastHiddenAt = Date.now();
      return false;
    });
  }, []);
  const show = useCallback(
    (immediately: boolean) => {
      window.clearTimeout(timer.current);
      if (immediately || Date.now() - lastHiddenAt < SKIP_DELAY_MS) setOpen(true);
      else timer.current = window.setTimeout(() => setOpen(true), delayMs);
    },
    [delayMs],
  );

  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && hide();
    const onScroll = () => hide();
    document.addEventListener('keydown', onKey);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open, hide]);

  useLayoutEffect(() => {
    if (!open || !triggerRef.current || !bubbleRef.current) {
      setPosition(null);
      return;
    }
    setPosition(place(triggerRef.current.getBoundingClientRect(), bubbleRef.current.getBoundingClientRect(), side));
  }, [open, side, content]);

  const props = children.props as Record<string, any>;
  const trigger = cloneElement(children, {
    ref: (node: HTMLElement | null) => {
      triggerRef.current = node;
      assignRef(props.ref as Ref<HTMLElement> | undefined, node);
    },
    onPointerEnter: chain(props.onPointerEnter, (e: PointerEvent) => {
      if (e.pointerType === 'mouse') show(false);
    }),
    onPointerLeave: chain(props.onPointerLeave, hide),
    onPointerDown: chain(props.onPointerDown, hide),
    onFocus: chain(props.onFocus, (e: FocusEvent<HTMLElement>) => {
      if (e.currentTarget.matches(':focus-visible')) show(true);
    }),
    onBlur: chain(props.onBlur, hide),
    'aria-describedby': open && describe ? [props['aria-describedby'], id].filter(Boolean).join(' ') : props['aria-describedby'],
  } as Record<string, unknown>);

  return (
    <>
      {trigger}
      {open &&
        typeof document !== 'undefined' &&
        createPortal(
          <div
            ref={bubbleRef}
            id={id}
            role="tooltip"
            className="aos-tooltip"
            style={{ position: 'fixed', top: position?.top ?? 0, left: position?.left ?? 0, visibility: position ? 'visible' : 'hidden' }}
          >
            {content}
          </div>,
          document.body,
        )}
    </>
  );
}
