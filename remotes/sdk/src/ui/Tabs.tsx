import { createContext, useContext, useId, useState, type ComponentPropsWithRef, type KeyboardEvent, type ReactNode } from 'react';
import { cx } from './cx';

/**
 * Tabs following the WAI-ARIA tabs pattern: one tab stop, ←/→ (Home/End) move and activate,
 * panels labelled by their tab. Compose Tabs › TabsList › TabsTrigger, and TabsContent.
 */
interface TabsState {
  value: string | undefined;
  select: (value: string) => void;
  baseId: string;
}

const TabsContext = createContext<TabsState | null>(null);

function useTabs(part: string): TabsState {
  const state = useContext(TabsContext);
  if (!state) throw new Error(`<${part}> must be inside <Tabs>`);
  return state;
}

const idSafe = (value: string) => value.replace(/[^a-zA-Z0-9_-]/g, '_');

export interface TabsProps {
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  className?: string;
  children?: ReactNode;
}

export function Tabs({ value, defaultValue, onValueChange, className, children }: TabsProps) {
  const [own, setOwn] = useState(defaultValue);
  const baseId = useId();
  const current = value !== undefined ? value : own;
  const select = (next: string) => {
    if (value === undefined) setOwn(next);
    onValueChange?.(next);
  };
  return (
    <TabsContext.Provider value={{ value: current, select, baseId }}>
      <div className={className}>{children}</div>
    </TabsContext.Provider>
  );
}

export function TabsList({ className, onKeyDown, ...props }: ComponentPropsWithRef<'div'>) {
  const { select } = useTabs('TabsList');
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    const tabs = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not(:disabled)'));
    const index = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (index === -1) return;
    const target =
      event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length]
      : event.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length]
      : event.key === 'Home' ? tabs[0]
      : event.key === 'End' ? tabs[tabs.length - 1]
      : null;
    if (!target) return;
    event.preventDefault();
    target.focus();
    if (target.dataset.value !== undefined) select(target.dataset.value);
  };
  return <div role="tablist" className={cx('aos-tabs-list', className)} onKeyDown={move} {...props} />;
}

export interface TabsTriggerProps extends Omit<ComponentPropsWithRef<'button'>, 'value'> {
  value: string;
}

export function TabsTrigger({ value, className, onClick, disabled, ...props }: TabsTriggerProps) {
  const { value: current, select, baseId } = useTabs('TabsTrigger');
  const selected = current === value;
  return (
    <button
      type="button"
      role="tab"
      id={`${baseId}-tab-${idSafe(value)}`}
      aria-controls={`${baseId}-panel-${idSafe(value)}`}
      aria-selected={selected}
      // One tab stop: the selected tab (or, with none selected, every tab stays reachable).
      tabIndex={selected || current === undefined ? 0 : -1}
      data-state={selected ? 'active' : 'inactive'}
      data-value={value}
      disabled={disabled}
      className={cx('aos-tabs-trigger', className)}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) select(value);
      }}
      {...props}
    />
  );
}

export interface TabsContentProps extends ComponentPropsWithRef<'div'> {
  value: string;
}

/** Inactive panels are not rendered (a widget tab only loads when it is opened). */
export function TabsContent({ value, className, ...props }: TabsContentProps) {
  const { value: current, baseId } = useTabs('TabsContent');
  if (current !== value) return null;
  return (
    <div
      role="tabpanel"
      id={`${baseId}-panel-${idSafe(value)}`}
      aria-labelledby={`${baseId}-tab-${idSafe(value)}`}
      tabIndex={0}
      data-state="active"
      className={cx('aos-tabs-content', className)}
      {...props}
    />
  );
}
