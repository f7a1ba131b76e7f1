import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx';
import { useFieldControl } from './Field';

export interface InputProps extends ComponentPropsWithRef<'input'> {
  invalid?: boolean;
}

export function Input({ className, invalid, ...rest }: InputProps) {
  const control = useFieldControl({ ...rest, 'aria-invalid': invalid || rest['aria-invalid'] || undefined });
  return <input className={cx('aos-input', className)} {...rest} {...control} />;
}

export interface TextareaProps extends ComponentPropsWithRef<'textarea'> {
  invalid?: boolean;
}

export function Textarea({ className, invalid, ...rest }: TextareaProps) {
  const control = useFieldControl({ ...rest, 'aria-invalid': invalid || rest['aria-invalid'] || undefined });
  return <textarea className={cx('aos-textarea', className)} {...rest} {...control} />;
}
