/** 7 / 30 / 90 days as a radio group: one tab stop, arrows move and select (WAI-ARIA radio group). */
import { useRef, type KeyboardEvent } from 'react';
import { cx } from '@audienceos/remote-sdk';
import type { Period, Preset } from './api';
import { PRESETS } from './model';

export function PeriodSwitcher({ period, onChange }: { period: Period; onChange: (value: Preset) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = PRESETS.findIndex((p) => p.value === period.period);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (Math.max(current, 0) + delta + PRESETS.length) % PRESETS.length;
    onChange(PRESETS[next]!.value);
    refs.current[next]?.focus();
  };
  return (
    <div className="db-period" role="radiogroup" aria-label="Period" onKeyDown={onKeyDown}>
      {PRESETS.map((p, i) => {
        const checked = p.value === period.period;
        return (
          <button
            key={p.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked || (current < 0 && i === 1) ? 0 : -1}
            className={cx('db-period__option', checked && 'db-period__option--on')}
            onClick={() => onChange(p.value)}
          >
            {p.label}
          </button>
        );
      })}
      {period.period === 'custom' && (
        <span className="db-period__custom" aria-live="polite">
          Custom: {period.from} – {period.to}
        </span>
      )}
    </div>
  );
}
