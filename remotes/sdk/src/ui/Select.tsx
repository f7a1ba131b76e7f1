import { ChevronDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { cx } from './cx';
import { useFieldControl } from './Field';
import { createLazyModule } from './lazy-module';

const impl = createLazyModule(() => import(/* webpackChunkName: "aos-select" */ './SelectImpl'));

export interface SelectOption {
  /** Must not be empty (Radix reserves '' for "no value"); use `placeholder` for that. */
  value: string;
  label: ReactNode;
  disabled?: boolean;
}

export interface SelectProps {
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  options: SelectOption[];
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  name?: string;
  id?: string;
  className?: string;
  'aria-label'?: string;
}

/**
 * Keyboard-accessible select styled like the other controls. The first render shows an
 * identical static trigger while the Radix code arrives (a few ms), so forms never jump.
 */
export function Select(props: SelectProps) {
  const module = impl.useModule(true);
  const control = useFieldControl({ id: props.id, 'aria-invalid': props.invalid || undefined });
  if (module) return <module.SelectImpl {...props} control={control} />;
  const current = props.options.find((o) => o.value === (props.value ?? props.defaultValue));
  return (
    <button
      type="button"
      className={cx('aos-select-trigger', props.className)}
      aria-label={props['aria-label']}
      aria-haspopup="listbox"
      disabled={props.disabled}
      data-placeholder={current ? undefined : ''}
      {...control}
    >
      <span>{current ? current.label : props.placeholder}</span>
      <ChevronDown aria-hidden="true" />
    </button>
  );
}
