import { useState, type FormEvent } from 'react';
import { Button, Field, MentionTextarea, useMutation } from '@audienceos/remote-sdk';
import { ticketsApi, type NoteVisibility, type Ticket } from '../api';

export interface NoteComposerProps {
  ticket: Ticket;
  onAdded: (ticket: Ticket) => void;
  disabled?: boolean;
}

/** Internal by default; "Reply to client" makes the note visible to the client (and counts as the first response). */
export function NoteComposer({ ticket, onAdded, disabled }: NoteComposerProps) {
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<NoteVisibility>('internal');
  const add = useMutation(
    (input: { body: string; visibility: NoteVisibility }) => ticketsApi.addNote(ticket.id, input.body, input.visibility),
    {
      onSuccess: (res) => {
        setBody('');
        onAdded(res.ticket);
      },
      errorToast: () => 'Could not add the note: your text is still in the box.',
    },
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    void add.mutate({ body, visibility });
  };

  return (
    <form className="tk-composer" onSubmit={submit} data-visibility={visibility}>
      <div className="tk-composer__tabs" role="radiogroup" aria-label="Who sees this note">
        {(['internal', 'client'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={visibility === v}
            className="tk-composer__tab"
            onClick={() => setVisibility(v)}
          >
            {v === 'internal' ? 'Internal note' : 'Reply to client'}
          </button>
        ))}
      </div>
      <Field
        label={visibility === 'internal' ? 'Internal note (only the team sees it)' : 'Reply (visible to the client)'}
        error={add.fieldErrors.body}
      >
        <MentionTextarea
          name="note"
          rows={3}
          value={body}
          onValueChange={setBody}
          mentions={visibility === 'internal'}
          disabled={disabled}
          placeholder={visibility === 'internal' ? 'What you found, what is next… (@ to mention someone)' : 'Write to the client…'}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </Field>
      <div className="tk-composer__actions">
        <span className="tk-muted">⌘/Ctrl+Enter to send</span>
        <Button
          type="submit"
          variant={visibility === 'client' ? 'primary' : 'secondary'}
          size="sm"
          loading={add.pending}
          disabled={disabled || !body.trim()}
        >
          {visibility === 'internal' ? 'Add note' : 'Send reply'}
        </Button>
      </div>
    </form>
  );
}
