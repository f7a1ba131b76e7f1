import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { WidgetRegistration } from '../contract/remote-config';
import { ErrorBoundary } from './ErrorBoundary';
import { ErrorState } from './ErrorState';
import { SkeletonText } from './Skeleton';

// One lazy component per registration (and per retry), so re-renders do not reload it.
const lazyCache = new WeakMap<WidgetRegistration, Map<number, LazyExoticComponent<ComponentType<any>>>>();

function lazyWidget(widget: WidgetRegistration, attempt: number) {
  let byAttempt = lazyCache.get(widget);
  if (!byAttempt) lazyCache.set(widget, (byAttempt = new Map()));
  let component = byAttempt.get(attempt);
  if (!component) byAttempt.set(attempt, (component = lazy(widget.load)));
  return component;
}

export interface WidgetOutletProps {
  widget: WidgetRegistration;
  /** Passed to the widget, e.g. `{ clientId }`. */
  props?: Record<string, unknown>;
  fallback?: ReactNode;
}

/**
 * Render a widget another remote contributed, lazy-loaded inside its own error boundary: a
 * failing widget shows an inline error with Retry and never takes the host screen down.
 */
export function WidgetOutlet({ widget, props, fallback }: WidgetOutletProps) {
  const [attempt, setAttempt] = useState(0);
  const Widget = lazyWidget(widget, attempt);
  return (
    <ErrorBoundary
      resetKeys={[widget, attempt]}
      fallback={(error) => (
        <ErrorState compact title={`${widget.label} could not be shown`} error={error} onRetry={() => setAttempt((n) => n + 1)} />
      )}
    >
      <Suspense fallback={fallback ?? <SkeletonText lines={4} label={`Loading ${widget.label}`} />}>
        <Widget {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
