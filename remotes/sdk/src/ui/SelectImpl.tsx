import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';
import { cx } from './cx';
import type { SelectProps } from './Select';

/** The Radix side of Select (type-ahead, arrows, Esc), loaded when the first Select renders. */
export function SelectImpl({ options, placeholder, className, control, 'aria-label': ariaLabel, value, defaultValue, onValueChange, disabled, name }: SelectProps & { control: Record<string, unknown> }) {
  return (
    <RadixSelect.Root value={value} defaultValue={defaultValue} onValueChange={onValueChange} disabled={disabled} name={name}>
      <RadixSelect.Trigger className={cx('aos-select-trigger', className)} aria-label={ariaLabel} {...control}>
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon asChild>
          <ChevronDown aria-hidden="true" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="aos-select-content" position="popper" sideOffset={4}>
          <RadixSelect.Viewport>
            {options.map((option) => (
              <RadixSelect.Item key={option.value} value={option.value} disabled={option.disabled} className="aos-select-item">
                <RadixSelect.ItemIndicator className="aos-select-item__indicator">
                  <Check aria-hidden="true" />
                </RadixSelect.ItemIndicator>
                <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
