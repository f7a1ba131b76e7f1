/** Editable fields (422 details under each field), stage, health override and archive. */
import { Archive } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Field, Input, Select, toast, useCan, useMutation } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type Health, type Stage } from '../api';
import { ClientFields, toInput, toValues } from '../shared/ClientFields';
import { HEALTH_LABEL } from '../shared/format';

interface Props {
  client: Client;
  stages: Stage[];
  onChanged: (client: Client) => void;
  onArchived: (client: Client) => void;
}

const AUTO = 'auto';

export function OverviewTab({ client, stages, onChanged, onArchived }: Props) {
  const canWrite = useCan('clients:write');
  const canAssign = useCan('clients:assign');
  const canArchive = useCan('clients:delete');
  const original = toValues(client);
  const [values, setValues] = useState(original);
  useEffect(() => setValues(toValues(client)), [client]);
  const dirty = JSON.stringify(values) !== JSON.stringify(original);

  const save = useMutation((input: ReturnType<typeof toInput>) => pipelineApi.update(client.id, input), {
    onSuccess: (saved) => {
      onChanged(saved);
      toast.success('Saved');
    },
  });
  const move = useMutation((stage: string) => pipelineApi.move(client.id, stage), { onSuccess: onChanged, errorToast: 'Could not move the client' });
  const archive = useMutation(() => pipelineApi.archive(client.id), {
    onSuccess: (archived) => {
      toast.success(`${archived.name} archived`);
      onArchived(archived);
    },
    errorToast: 'Could not archive the client',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.mutate(toInput(values, original));
  };

  return (
    <div className="pl-overview">
      <div className="pl-form__row">
        <Field label="Stage">
          <Select value={client.stage} disabled={!canWrite || move.pending} onValueChange={(s) => void move.mutate(s)} options={stages.map((s) => ({ value: s.key, label: s.name }))} />
        </Field>
        <HealthControl client={client} canWrite={canWrite} onChanged={onChanged} />
      </div>
      <form onSubmit={submit} noValidate>
        <ClientFields values={values} onChange={setValues} errors={save.fieldErrors} canAssign={canAssign} readOnly={!canWrite} />
        {canWrite && (
          <div className="pl-form__actions">
            {canArchive && (
              <Button variant="ghost" icon={<Archive />} loading={archive.pending} onClick={() => void archive.mutate(undefined)}>
                Archive
              </Button>
            )}
            <div className="aos-toolbar__spacer" />
            <Button disabled={!dirty} onClick={() => setValues(original)}>
              Discard
            </Button>
            <Button variant="primary" type="submit" disabled={!dirty} loading={save.pending}>
              Save changes
            </Button>
          </div>
        )}
      </form>
    </div>
  );
}

function HealthControl({ client, canWrite, onChanged }: { client: Client; canWrite: boolean; onChanged: (c: Client) => void }) {
  const [pending, setPending] = useState<Health | null>(null);
  const [reason, setReason] = useState('');
  const set = useMutation((v: { health: Health | null; reason?: string }) => pipelineApi.setHealth(client.id, v.health, v.reason), {
    onSuccess: (c) => {
      setPending(null);
      setReason('');
      onChanged(c);
    },
  });
  const current = client.healthSource === 'manual' ? client.health : AUTO;
  return (
    <div className="pl-health-control">
      <Field label="Health" hint={client.healthSource === 'manual' ? `Set by hand: ${client.healthReason ?? ''}` : 'From days in stage'}>
        <Select
          value={pending ?? current}
          disabled={!canWrite}
          onValueChange={(v) => (v === AUTO ? void set.mutate({ health: null }) : setPending(v as Health))}
          options={[{ value: AUTO, label: 'Automatic' }, ...(['green', 'yellow', 'red'] as Health[]).map((h) => ({ value: h, label: HEALTH_LABEL[h] }))]}
        />
      </Field>
      {pending && (
        <form
          className="pl-health-control__reason"
          onSubmit={(e) => {
            e.preventDefault();
            void set.mutate({ health: pending, reason });
          }}
        >
          <Field label="Why?" error={set.fieldErrors.reason}>
            <Input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Waiting on their developer" />
          </Field>
          <Button size="sm" variant="primary" type="submit" loading={set.pending}>
            Set
          </Button>
          <Button size="sm" onClick={() => setPending(null)}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
