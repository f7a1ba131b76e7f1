import { useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, Field, Textarea, errorMessage, toast, useMutation } from '@audienceos/remote-sdk';
import { npsApi, type NpsResponse, type RecordInput } from './api';
import { ClientPicker } from './ClientPicker';
import { ScorePicker } from './ScorePicker';

export interface RecordDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRecorded: (response: NpsResponse) => void;
}

const EMPTY = { clientId: '', score: null as number | null, comment: '' };

/** Labels above fields, API field errors under them, Enter submits, Esc cancels. */
export function RecordDialog({ open, onOpenChange, onRecorded }: RecordDialogProps) {
  const [form, setForm] = useState(EMPTY);
  const record = useMutation((input: RecordInput) => npsApi.record(input), {
    onSuccess: (response) => {
      toast.success('Response recorded');
      onRecorded(response);
      onOpenChange(false);
    },
  });
  const { reset } = record;

  useEffect(() => {
    if (!open) return;
    setForm(EMPTY);
    reset();
  }, [open, reset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Missing fields go to the API too: one source of truth for the messages.
    void record.mutate({ clientId: form.clientId, score: form.score as number, ...(form.comment.trim() ? { comment: form.comment } : {}) });
  };
  const errors = record.fieldErrors;
  const otherError = record.error && Object.keys(errors).length === 0 ? errorMessage(record.error) : null;

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Record NPS response"
      description="How likely is the client to recommend the agency, from 0 to 10?"
      footer={
        <>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="nps-record-form" loading={record.pending}>
            Record response
          </Button>
        </>
      }
    >
      <form id="nps-record-form" className="nps-form" onSubmit={submit} noValidate>
        <Field label="Client" required error={errors.clientId}>
          <ClientPicker value={form.clientId} onChange={(clientId) => setForm((f) => ({ ...f, clientId }))} />
        </Field>
        <Field label="Score" required error={errors.score}>
          <ScorePicker value={form.score} onChange={(score) => setForm((f) => ({ ...f, score }))} />
        </Field>
        <Field label="Comment" hint="What the client said, in their words (optional)" error={errors.comment}>
          <Textarea
            rows={3}
            maxLength={2000}
            value={form.comment}
            onChange={(e) => setForm((f) => ({ ...f, comment: e.target.value }))}
            // Enter submits; Shift+Enter keeps a new line.
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        {otherError && (
          <p className="nps-form__error" role="alert">
            {otherError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
