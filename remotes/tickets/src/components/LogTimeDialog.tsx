import { useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, Field, Input, errorMessage, toast, useMutation } from '@audienceos/remote-sdk';
import { ticketsApi, type Ticket } from '../api';
import { formatMinutes } from '../format';

export interface LogTimeDialogProps {
  ticket: Ticket | null;
  onClose: () => void;
  onLogged: (ticket: Ticket) => void;
}

/** "1h 30m", "90", "1.5h", "45m" → minutes (null when it does not parse). */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  const match = /^(?:(\d+(?:[.,]\d+)?)h)?(?:(\d+)m)?$/.exec(t);
  if (!match || (!match[1] && !match[2])) return null;
  return Math.round(Number((match[1] ?? '0').replace(',', '.')) * 60 + Number(match[2] ?? 0));
}

export function LogTimeDialog({ ticket, onClose, onLogged }: LogTimeDialogProps) {
  const [duration, setDuration] = useState('');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const log = useMutation((input: { minutes: number; note?: string }) => ticketsApi.logTime(ticket!.id, input.minutes, input.note), {
    onSuccess: (res, input) => {
      toast.success(`Logged ${formatMinutes(input.minutes)} on #${res.ticket.number}`);
      onLogged(res.ticket);
      onClose();
    },
  });
  const { reset } = log;
  useEffect(() => {
    setDuration('');
    setNote('');
    setLocalError(null);
    reset();
  }, [ticket?.id, reset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minutes = parseDuration(duration);
    if (!minutes) {
      setLocalError('Enter a duration such as 45m, 1h 30m or 90');
      return;
    }
    setLocalError(null);
    void log.mutate({ minutes, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  const errors = log.fieldErrors;

  return (
    <Dialog
      open={ticket !== null}
      onOpenChange={(open) => !open && onClose()}
      title={ticket ? `Log time on #${ticket.number}` : 'Log time'}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="tk-time-form" loading={log.pending}>
            Log time
          </Button>
        </>
      }
    >
      <form id="tk-time-form" className="tk-form" onSubmit={submit} noValidate>
        <Field label="Time spent" required error={localError ?? errors.minutes} hint="45m, 1h 30m or minutes (at most 24 h per entry)">
          <Input name="duration" autoFocus value={duration} onChange={(e) => setDuration(e.target.value)} placeholder="1h 30m" />
        </Field>
        <Field label="What for" error={errors.note}>
          <Input name="note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Optional" maxLength={2000} />
        </Field>
        {Boolean(log.error) && Object.keys(errors).length === 0 && (
          <p className="tk-form__error" role="alert">
            {errorMessage(log.error)}
          </p>
        )}
      </form>
    </Dialog>
  );
}
