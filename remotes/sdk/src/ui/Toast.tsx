import { useAtomValue } from 'jotai';
import { CircleCheck, Info, TriangleAlert, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast, toastsAtom, type ToastItem, type Toaster as ToastApi } from '../state/toasts';
import { Button, IconButton } from './Button';

/** `const toast = useToast(); toast.error('Could not save', error.message)`. */
export function useToast(): ToastApi {
  return toast;
}

const ICONS = { success: CircleCheck, danger: TriangleAlert, neutral: Info } as const;

function ToastCard({ item }: { item: ToastItem }) {
  const [paused, setPaused] = useState(false);
  const remaining = useRef(item.durationMs);

  useEffect(() => {
    if (paused || item.durationMs === 0) return;
    const startedAt = Date.now();
    const timer = window.setTimeout(() => toast.dismiss(item.id), remaining.current);
    return () => {
      window.clearTimeout(timer);
      remaining.current -= Date.now() - startedAt;
    };
  }, [paused, item.id, item.durationMs]);

  const Icon = ICONS[item.tone];
  return (
    <div
      className={`aos-toast aos-toast--${item.tone}`}
      role={item.tone === 'danger' ? 'alert' : 'status'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <Icon className="aos-toast__icon" aria-hidden="true" />
      <div className="aos-toast__text">
        <div className="aos-toast__title">{item.title}</div>
        {item.description && <div className="aos-toast__description">{item.description}</div>}
      </div>
      {item.action && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            item.action?.onClick();
            toast.dismiss(item.id);
          }}
        >
          {item.action.label}
        </Button>
      )}
      <IconButton aria-label="Dismiss notification" size="sm" tooltip={false} onClick={() => toast.dismiss(item.id)}>
        <X />
      </IconButton>
    </div>
  );
}

/** Renders the toast stack; the shell mounts exactly one. Hover or focus pauses the timer. */
export function Toaster() {
  const toasts = useAtomValue(toastsAtom);
  return (
    <section className="aos-toaster" aria-label="Notifications" aria-live="polite">
      {toasts.map((item) => (
        <ToastCard key={item.id} item={item} />
      ))}
    </section>
  );
}
