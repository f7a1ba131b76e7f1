import { CircleAlert } from 'lucide-react';
import { createContext, useContext, useId, type ReactNode } from 'react';
import { cx } from './cx';

interface FieldControlContext {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
}

const FieldContext = createContext<FieldControlContext | null>(null);

/** Lets Input/Textarea/Select pick up the id, description and invalid state of their Field. */
export function useFieldControl(props: { id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean | 'true' | 'false' | 'grammar' | 'spelling'; required?: boolean }) {
  const field = useContext(FieldContext);
  return {
    id: props.id ?? field?.id,
    'aria-describedby': props['aria-describedby'] ?? field?.describedBy,
    'aria-invalid': props['aria-invalid'] ?? (field?.invalid ? true : undefined),
    required: props.required ?? field?.required,
  };
}

export interface FieldProps {
  label: ReactNode;
  /** Usually from the API: `fieldErrors(error).name`. */
  error?: string | null;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
}

/** A form row: label above the control, hint or error below, all wired for screen readers. */
export function Field({ label, error, hint, required = false, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = cx(error ? errorId : false, hint ? hintId : false) || undefined;
  return (
    <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(error), required }}>
      <div className={cx('aos-field', className)}>
        <label className="aos-field__label" htmlFor={id}>
          {label}
          {required && (
            <span className="aos-field__required" aria-hidden="true">
              *
            </span>
          )}
        </label>
        {children}
        {hint && !error && (
          <div id={hintId} className="aos-field__hint">
            {hint}
          </div>
        )}
        {error && (
          <div id={errorId} className="aos-field__error" role="alert">
            <CircleAlert size={14} aria-hidden="true" style={{ flex: 'none', marginTop: 1 }} />
            <span>{error}</span>
          </div>
        )}
      </div>
    </FieldContext.Provider>
  );
}
