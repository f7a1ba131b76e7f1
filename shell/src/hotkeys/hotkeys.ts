/**
 * A small keyboard-shortcut engine: chords (`mod+k`, `shift+/`), single keys (`?`, `[`) and
 * two-key sequences (`g p`). `mod` is ⌘ on macOS and Ctrl elsewhere. Single keys and sequences
 * never fire while the user types in a field; chords opt in with `allowInInputs`.
 */
export interface Hotkey {
  keys: string;
  run: () => void;
  allowInInputs?: boolean;
}

const SEQUENCE_TIMEOUT_MS = 1200;

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'textbox';
}

/** The token for one key press, e.g. `mod+k`, `?`, `g`, `escape`; '' for bare modifiers. */
export function eventToken(event: KeyboardEvent): string {
  const { key } = event;
  if (!key || ['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'Dead'].includes(key)) return '';
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const otherCtrl = isMac ? event.ctrlKey : event.metaKey;
  if (otherCtrl) return '';
  const printable = key.length === 1;
  const parts: string[] = [];
  if (mod) parts.push('mod');
  if (event.altKey) parts.push('alt');
  // For printable keys shift is already in the character (`?`), except inside a chord.
  if (event.shiftKey && (!printable || mod || event.altKey)) parts.push('shift');
  parts.push(key === ' ' ? 'space' : key.toLowerCase());
  return parts.join('+');
}

function normalise(keys: string): string {
  return keys.trim().toLowerCase().split(/\s+/).join(' ');
}

/** Listen on the document; `getBindings` is read on every key press so it can change freely. */
export function startHotkeys(getBindings: () => Hotkey[]): () => void {
  let pending: { token: string; at: number } | null = null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const token = eventToken(event);
    if (!token) return;
    const editable = isEditable(event.target);
    const bindings = getBindings().filter((b) => !editable || b.allowInInputs);
    if (bindings.length === 0) return;

    const prefix = pending && Date.now() - pending.at < SEQUENCE_TIMEOUT_MS ? pending.token : null;
    pending = null;
    const candidates = prefix ? [`${prefix} ${token}`, token] : [token];
    for (const candidate of candidates) {
      const match = bindings.find((b) => normalise(b.keys) === candidate);
      if (match) {
        event.preventDefault();
        match.run();
        return;
      }
    }
    if (!event.repeat && bindings.some((b) => normalise(b.keys).startsWith(`${token} `))) {
      pending = { token, at: Date.now() };
    }
  };

  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}

const KEY_LABELS: Record<string, string> = {
  mod: isMac ? '⌘' : 'Ctrl',
  shift: isMac ? '⇧' : 'Shift',
  alt: isMac ? '⌥' : 'Alt',
  escape: 'Esc',
  enter: '↵',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  space: 'Space',
};

/** `g p` → [['G'], ['P']]; `mod+k` → [['⌘', 'K']] — steps of keys, for rendering as <kbd>. */
export function shortcutSteps(keys: string): string[][] {
  return normalise(keys)
    .split(' ')
    .map((chord) => chord.split('+').map((part) => KEY_LABELS[part] ?? (part.length === 1 ? part.toUpperCase() : part)));
}
