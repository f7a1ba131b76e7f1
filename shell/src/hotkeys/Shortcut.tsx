import { Fragment } from 'react';
import { shortcutSteps } from './hotkeys';

/** Render `g p` as <kbd>G</kbd> then <kbd>P</kbd>, `mod+k` as <kbd>⌘</kbd><kbd>K</kbd>. */
export function Shortcut({ keys, className }: { keys: string; className?: string }) {
  const steps = shortcutSteps(keys);
  return (
    <span className={['shell-shortcut', className].filter(Boolean).join(' ')} aria-label={`Shortcut: ${keys}`}>
      {steps.map((step, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="shell-shortcut__then">then</span>}
          {step.map((key) => (
            <kbd key={key} className="aos-kbd">
              {key}
            </kbd>
          ))}
        </Fragment>
      ))}
    </span>
  );
}
