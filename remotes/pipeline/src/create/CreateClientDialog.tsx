/** "New client" (N): the essentials, placed in the chosen stage. Enter submits, Esc cancels. */
import { useEffect, useState, type FormEvent } from 'react';
import { Button, DialogClose, Dialog, Field, Select, errorMessage, toast, useCan, useCurrentUser, useMutation } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type Stage } from '../api';
import { ClientFields, toInput, toValues } from '../shared/ClientFields';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  stages: Stage[];
  onCreated: (client: Client) => void;
}

export function CreateClientDialog({ open, onOpenChange, stages, onCreated }: Props) {
  const canAssign = useCan('clients:assign');
  const me = useCurrentUser();
  const [values, setValues] = useState(toValues());
  const [stage, setStage] = useState('');
  const create = useMutation(pipelineApi.create, {
    onSuccess: (client) => {
      toast.success(`${client.name} added`);
      onCreated(client);
    },
  });

  useEffect(() => {
    if (!open) return;
    setValues({ ...toValues(), ownerId: me?.id ?? '' });
    setStage('');
    create.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.mutate({ ...toInput(values), ...(stage ? { stage } : {}) });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New client"
      description="Starts in the first stage unless you pick another."
      footer={
        <>
          <DialogClose>
            <Button>Cancel</Button>
          </DialogClose>
          <Button variant="primary" type="submit" form="pl-create-client" loading={create.pending}>
            Create client
          </Button>
        </>
      }
    >
      <form id="pl-create-client" onSubmit={submit} noValidate>
        <ClientFields values={values} onChange={setValues} errors={create.fieldErrors} canAssign={canAssign} autoFocus />
        <Field label="Stage" error={create.fieldErrors.stage}>
          <Select value={stage || stages[0]?.key} onValueChange={setStage} options={stages.map((s) => ({ value: s.key, label: s.name }))} />
        </Field>
        {create.error && !Object.keys(create.fieldErrors).length ? <p className="pl-form__error" role="alert">{errorMessage(create.error)}</p> : null}
      </form>
    </Dialog>
  );
}
