import type { ReactNode } from 'react';

export interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** Accessible name when there is no visible label next to it. */
  label: string;
  id?: string;
  children?: ReactNode;
}

/** An on/off switch (button role="switch"): Space or Enter toggles, focus ring from the kit. */
export function Switch({ checked, onChange, disabled, label, id }: SwitchProps) {
  return (
    <button
      type="button"
      id={id}
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      className="st-switch"
      data-state={checked ? 'on' : 'off'}
      onClick={() => onChange(!checked)}
    >
      <span className="st-switch__thumb" aria-hidden="true" />
    </button>
  );
}
