import { atom } from 'jotai';
import { appStore } from './store';

export type ToastTone = 'neutral' | 'success' | 'danger';

export interface ToastInput {
  title: string;
  description?: string;
  tone?: ToastTone;
  action?: { label: string; onClick: () => void };
  /** Default 5 s; 8 s for errors (they usually need reading). 0 keeps it until dismissed. */
  durationMs?: number;
}

export interface ToastItem extends Required<Pick<ToastInput, 'title' | 'tone' | 'durationMs'>> {
  id: number;
  description?: string;
  action?: ToastInput['action'];
}

export const toastsAtom = atom<readonly ToastItem[]>([]);
toastsAtom.debugLabel = 'feedback/toasts';

let nextId = 1;
const MAX_VISIBLE = 4;

function push(input: ToastInput): number {
  const id = nextId++;
  const tone = input.tone ?? 'neutral';
  const item: ToastItem = {
    id,
    title: input.title,
    description: input.description,
    tone,
    action: input.action,
    durationMs: input.durationMs ?? (tone === 'danger' ? 8000 : 5000),
  };
  appStore.set(toastsAtom, (list) => [...list, item].slice(-MAX_VISIBLE));
  return id;
}

function dismiss(id: number): void {
  appStore.set(toastsAtom, (list) => list.filter((t) => t.id !== id));
}

export interface Toaster {
  (input: ToastInput): number;
  success: (title: string, description?: string) => number;
  error: (title: string, description?: string) => number;
  dismiss: (id: number) => void;
}

/** Show a toast from anywhere (React or not). The shell renders the one `<Toaster />`. */
export const toast: Toaster = Object.assign(push, {
  success: (title: string, description?: string) => push({ title, description, tone: 'success' }),
  error: (title: string, description?: string) => push({ title, description, tone: 'danger' }),
  dismiss,
});
