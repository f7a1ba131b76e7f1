import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, Dialog, Field, Input, Select, Textarea, errorMessage, toast, useMutation } from '@audienceos/remote-sdk';
import { CATEGORIES, PRIORITIES, ticketsApi, type Category, type CreateInput, type Priority, type Ticket } from '../api';
import { CATEGORY_LABEL, PRIORITY_LABEL } from '../format';
import type { Directory } from '../hooks/use-directory';

export interface NewTicketDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  directory: Directory;
  defaultClientId?: string | null;
  onCreated: (ticket: Ticket) => void;
}

const UNASSIGNED = '__unassigned';

interface FormState {
  title: string;
  description: string;
  clientId: string;
  category: Category;
  priority: Priority;
  assigneeId: string;
  dueDate: string;
}

const emptyForm = (clientId?: string | null): FormState => ({
  title: '',
  description: '',
  clientId: clientId ?? '',
  category: 'general',
  priority: 'medium',
  assigneeId: UNASSIGNED,
  dueDate: '',
});

/** Labels above fields, the API's field errors under them, Enter submits, Esc cancels. */
export function NewTicketDialog({ open, onOpenChange, directory, defaultClientId, onCreated }: NewTicketDialogProps) {
  const [form, setForm] = useState<FormState>(() => emptyForm(defaultClientId));
  // One key per opening of the form: a retried submit (double click, flaky network) makes one ticket.
  const idempotencyKey = useRef(crypto.randomUUID());
  const create = useMutation((input: CreateInput) => ticketsApi.create(input, idempotencyKey.current), {
    onSuccess: (ticket) => {
      toast.success(`Ticket #${ticket.number} created`);
      onCreated(ticket); // the parent closes the dialog (it lives in the URL)
    },
  });
  const { reset } = create;

  useEffect(() => {
    if (!open) return;
    setForm(emptyForm(defaultClientId));
    idempotencyKey.current = crypto.randomUUID();
    reset();
  }, [open, defaultClientId, reset]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // A changed body needs a new key: the API refuses a reused key with another body.
    idempotencyKey.current = crypto.randomUUID();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.mutate({
      title: form.title,
      clientId: form.clientId,
      category: form.category,
      priority: form.priority,
      ...(form.description.trim() ? { description: form.description } : {}),
      ...(form.assigneeId !== UNASSIGNED ? { assigneeId: form.assigneeId } : {}),
      ...(form.dueDate ? { dueAt: new Date(`${form.dueDate}T17:00:00`).toISOString() } : {}),
    });
  };
  const errors = create.fieldErrors;
  const otherError = create.error && Object.keys(errors).length === 0 ? errorMessage(create.error) : null;
  const submitOnEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New ticket"
      wide
      footer={
        <>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="tk-new-form" loading={create.pending}>
            Create ticket
          </Button>
        </>
      }
    >
      <form id="tk-new-form" className="tk-form" onSubmit={submit} noValidate>
        <Field label="Title" required error={errors.title}>
          <Input
            name="title"
            autoFocus
            maxLength={200}
            value={form.title}
            onChange={(e) => set('title', e.target.value)}
            onKeyDown={submitOnEnter}
            placeholder="e.g. Meta pixel not firing on checkout"
          />
        </Field>
        <Field label="Client" required error={errors.clientId}>
          {directory.clients.length ? (
            <Select
              aria-label="Client"
              value={form.clientId || undefined}
              placeholder="Choose a client"
              onValueChange={(v) => set('clientId', v)}
              options={directory.clients.map((c) => ({ value: c.id, label: c.name }))}
              invalid={Boolean(errors.clientId)}
            />
          ) : (
            <Input
              name="clientId"
              value={form.clientId}
              onChange={(e) => set('clientId', e.target.value.trim())}
              placeholder="Client id"
              onKeyDown={submitOnEnter}
            />
          )}
        </Field>
        <div className="tk-form__row">
          <Field label="Priority" error={errors.priority}>
            <Select
              aria-label="Priority"
              value={form.priority}
              onValueChange={(v) => set('priority', v as Priority)}
              options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
            />
          </Field>
          <Field label="Category" error={errors.category}>
            <Select
              aria-label="Category"
              value={form.category}
              onValueChange={(v) => set('category', v as Category)}
              options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
            />
          </Field>
        </div>
        <div className="tk-form__row">
          <Field label="Assignee" error={errors.assigneeId}>
            <Select
              aria-label="Assignee"
              value={form.assigneeId}
              onValueChange={(v) => set('assigneeId', v)}
              options={[
                { value: UNASSIGNED, label: 'Unassigned' },
                ...directory.people.map((p) => ({ value: p.id, label: p.id === directory.me ? `${p.name} (me)` : p.name })),
              ]}
            />
          </Field>
          <Field label="Due date" error={errors.dueAt} hint="Optional; the SLA clock runs regardless">
            <Input
              type="date"
              name="dueDate"
              value={form.dueDate}
              onChange={(e) => set('dueDate', e.target.value)}
              onKeyDown={submitOnEnter}
            />
          </Field>
        </div>
        <Field label="Description" error={errors.description}>
          <Textarea
            name="description"
            rows={5}
            value={form.description}
            onChange={(e) => set('description', e.target.value)}
            placeholder="What happened, since when, what the client sees"
          />
        </Field>
        {otherError && (
          <p className="tk-form__error" role="alert">
            {otherError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
