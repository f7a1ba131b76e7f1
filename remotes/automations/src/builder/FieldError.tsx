import { CircleAlert } from 'lucide-react';

/** A 422 message under the control it belongs to (announced). Renders nothing without one. */
export function FieldError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="aos-field__error auto-field-error" role="alert">
      <CircleAlert size={14} aria-hidden="true" style={{ flex: 'none', marginTop: 1 }} />
      <span>{message}</span>
    </div>
  );
}
