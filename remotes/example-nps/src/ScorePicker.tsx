import { useRef, type KeyboardEvent } from 'react';
import { useFieldControl } from '@audienceos/remote-sdk';
import { categoryOf } from './api';

export interface ScorePickerProps {
  value: number | null;
  onChange: (score: number) => void;
}

const SCORES = Array.from({ length: 11 }, (_, i) => i);

/** 0–10 as one radio group: a single tab stop, ←/→ move, digits jump (`1` then `0` is 10). */
export function ScorePicker({ value, onChange }: ScorePickerProps) {
  // Error and hint of the surrounding <Field> (a div cannot be the target of its <label>).
  const control = useFieldControl({});
  const group = useRef<HTMLDivElement>(null);
  const focusScore = (score: number) => group.current?.querySelector<HTMLButtonElement>(`[data-score="${score}"]`)?.focus();
  const select = (score: number) => {
    onChange(score);
    focusScore(score);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = value ?? -1;
    let next: number | null = null;
    if (event.key === 'ArrowRight' || event.key === 'ArrowUp') next = Math.min(10, current + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowDown') next = Math.max(0, current - 1);
    else if (/^\d$/.test(event.key)) next = value === 1 && event.key === '0' ? 10 : Number(event.key);
    if (next === null) return;
    event.preventDefault();
    select(next);
  };
  return (
    <div
      ref={group}
      id={control.id}
      role="radiogroup"
      aria-label="Score from 0 (not at all likely) to 10 (extremely likely)"
      aria-describedby={control['aria-describedby']}
      aria-invalid={control['aria-invalid']}
      className="nps-scores"
      onKeyDown={onKeyDown}
    >
      {SCORES.map((score) => (
        <button
          key={score}
          type="button"
          role="radio"
          aria-checked={value === score}
          tabIndex={value === score || (value === null && score === 0) ? 0 : -1}
          data-score={score}
          data-category={categoryOf(score)}
          className="nps-score"
          onClick={() => select(score)}
        >
          {score}
        </button>
      ))}
      <div className="nps-scores__legend" aria-hidden="true">
        <span>Not at all likely</span>
        <span>Extremely likely</span>
      </div>
    </div>
  );
}
