import { useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, Field, Textarea } from '@audienceos/remote-sdk';
import type { Ticket } from '../api';

export interface ResolveDialogProps {
  ticket: Ticket | null;
  /** Notes, or null when cancelled. */
  onDone: (notes: string | null) => void;
}

/** Resolving always asks what was done (the API refuses a resolve without notes). */
export function ResolveDialog({ ticket, onDone }: ResolveDialogProps) {
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setNotes('');
    setError(null);
  }, [ticket?.id]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!notes.trim()) {
      setError('Say what was done: the client and the next person will read it.');
      return;
    }
    onDone(notes.trim());
  };

  return (
    <Dialog
      open={ticket !== null}
      onOpenChange={(open) => !open && onDone(null)}
      title={ticket ? `Resolve #${ticket.number}` : 'Resolve'}
      description={ticket?.title}
      footer={
        <>
          <Button variant="ghost" onClick={() => onDone(null)}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="tk-resolve-form">
            Resolve ticket
          </Button>
        </>
      }
    >
      <form id="tk-resolve-form" onSubmit={submit} noValidate>
        <Field label="Resolution notes" required error={error} hint="What was the cause and what fixed it. ⌘/Ctrl+Enter resolves.">
          <Textarea
            rows={5}
            autoFocus
            value={notes}
            name="resolutionNotes"
            onChange={(e) => setNotes(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
      </form>
    </Dialog>
  );
}
