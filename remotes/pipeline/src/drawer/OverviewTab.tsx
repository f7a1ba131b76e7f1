/** Editable fields (422 details under each field), stage, health override and archive. */
import { Archive } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, changedFields, ConflictNotice, conflictOf, Field, Input, Select, toast, useCan, useMutation, type Conflict } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type ClientUpdate, type Health, type Stage } from '../api';
import { ClientFields, toInput, toValues } from '../shared/ClientFields';
import { HEALTH_LABEL } from '../shared/format';

interface Props {
  client: Client;
  stages: Stage[];
  onChanged: (client: Client) => void;
  onArchived: (client: Client) => void;
}

const AUTO = 'auto';

/** What a conflict notice lists when someone else changed them (in this order). */
const CONFLICT_FIELDS = {
  name: 'Name',
  company: 'Company',
  website: 'Website',
  contactName: 'Contact',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  tags: 'Tags',
  totalSpend: 'Total spend',
  lifetimeValue: 'Lifetime value',
  installDate: 'Install date',
  notes: 'Notes',
  stage: 'Stage',
} as const;

/** Tags as operations against what the screen loaded, so that someone else's new tags are kept. */
function asUpdate(input: ReturnType<typeof toInput>, loaded: Client): ClientUpdate {
  if (!input.tags) return input;
  const before = new Set(loaded.tags);
  const after = new Set(input.tags);
  const add = input.tags.filter((t) => !before.has(t));
  const remove = loaded.tags.filter((t) => !after.has(t));
  return { ...input, tags: { ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) } };
}

export function OverviewTab({ client, stages, onChanged, onArchived }: Props) {
  const canWrite = useCan('clients:write');
  const canAssign = useCan('clients:assign');
  const canArchive = useCan('clients:delete');
  // The version the form edits. A newer one (my own save, or someone else's change arriving
  // live) replaces it only while I have no unsaved edit; otherwise my save meets the newer
  // version as a 412 and the notice offers Reload / Overwrite.
  const [base, setBase] = useState(client);
  const original = toValues(base);
  const [values, setValues] = useState(original);
  const dirty = JSON.stringify(values) !== JSON.stringify(original);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (dirtyRef.current) return;
    setBase(client);
    setValues(toValues(client));
  }, [client]);
  const take = (next: Client) => {
    setBase(next);
    setValues(toValues(next));
  };

  // A save sends the version the drawer loaded; a 412 (someone saved in between) keeps my
  // edit on screen and offers Reload (take theirs) or Overwrite (mine against their version).
  const [conflict, setConflict] = useState<(Conflict<Client> & { input: ClientUpdate }) | null>(null);
  const save = useMutation((v: { input: ClientUpdate; version: number }) => pipelineApi.update(client.id, v.input, v.version), {
    onSuccess: (saved) => {
      setConflict(null);
      take(saved);
      onChanged(saved);
      toast.success('Saved');
    },
    onError: (error, v) => {
      const newer = conflictOf<Client>(error);
      if (newer) setConflict({ ...newer, input: v.input });
    },
  });
  const reload = () => {
    if (conflict) {
      take(conflict.current);
      onChanged(conflict.current);
    }
    setConflict(null);
  };
  const overwrite = () => {
    if (conflict) void save.mutate({ input: conflict.input, version: Number(conflict.version) });
  };
  const move = useMutation((stage: string) => pipelineApi.move(client.id, stage), {
    onSuccess: (moved) => {
      // My own move: edits stay, and the next save is against the moved version.
      setBase(moved);
      onChanged(moved);
    },
    errorToast: 'Could not move the client',
  });
  const archive = useMutation(() => pipelineApi.archive(client.id), {
    onSuccess: (archived) => {
      toast.success(`${archived.name} archived`);
      onArchived(archived);
    },
    errorToast: 'Could not archive the client',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.mutate({ input: asUpdate(toInput(values, original), base), version: base.version });
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
        {conflict && (
          <ConflictNotice changes={changedFields(client, conflict.current, CONFLICT_FIELDS)} onReload={reload} onOverwrite={overwrite} pending={save.pending} />
        )}
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
